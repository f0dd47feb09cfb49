#include <array>

#include "bench/listen_bench.hpp"

namespace onevoice::bench {

namespace {

// Sentences a newsroom or a forum might publish: some about the company
// (Acme), its products and people, in English and German, some not at all.
constexpr std::array<const char*, 12> k_sentences = {
    "Acme Cloud had a short outage this morning, customers were angry about the downtime.",
    "Great keynote by the Acme team at the fair, the new Rocket app looks really good!",
    "Die Acme Bahn-App ist wieder langsam, das ist wirklich ärgerlich für Pendler.",
    "Weather report: sunny with a few clouds over the coast, light wind from the west.",
    "#acme launches a new sustainability programme with solar roofs on every warehouse.",
    "Former employees of Acme describe the culture as supportive but chaotic.",
    "Stock markets closed slightly higher on Friday after a calm trading session.",
    "@acme_support answered within minutes, excellent service, thank you so much.",
    "Neue Stellenangebote bei Acme in Berlin und München, Bewerbungen für Entwickler.",
    "Recipe of the week: a simple tomato soup with basil and a little cream.",
    "Acme Rocket crashes on startup after the update, please fix this terrible bug.",
    "Local football club wins the derby in the last minute of extra time.",
};

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::vector<std::string> bench_queries() {
    return {"acme",
            "\"acme cloud\"",
            "acme outage OR acme downtime",
            "#acme",
            "@acme_support",
            "acme -football",
            "rocket app",
            "acme (rocket OR cloud)",
            "bahn app",
            "acme für",
            "\"former employees\" acme",
            "acme culture",
            "acme keynote OR acme fair",
            "stellenangebote acme",
            "acme bug",
            "acme service",
            "acme sustainability",
            "solar acme",
            "acme -weather -recipe",
            "acme berlin OR acme münchen"};
}

std::string make_feed(long first, long count) {
    std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Bench news</title><link>https://news.example/</link><language>en</language>
)";
    for (long i = first; i < first + count; ++i) {
        const std::string n = std::to_string(i);
        const std::string sentence = k_sentences[static_cast<std::size_t>(i) % k_sentences.size()];
        // The number keeps every text distinct, so none is a duplicate of another.
        xml += "<item><title>Item " + n + "</title><link>https://news.example/a/" + n +
               "</link><guid>bench-" + n + "</guid><dc:creator>Reporter " + std::to_string(i % 17) +
               "</dc:creator><pubDate>Sun, 22 Nov 2026 08:00:00 "
               "GMT</pubDate><description>&lt;p&gt;" +
               escape(sentence) + " Report number " + n + ".&lt;/p&gt;</description></item>\n";
    }
    xml += "</channel></rss>\n";
    return xml;
}

} // namespace onevoice::bench
