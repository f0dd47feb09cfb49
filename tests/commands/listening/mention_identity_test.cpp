#include "commands/listening/mention_identity.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <string>
#include <vector>

using namespace onevoice::commands;

namespace {

// One agency story as it appears on several sites: each adds its own lead-in,
// agency tag, link or footer, some shorten the end.
const std::vector<std::string> k_syndicated = {
    "Berlin (dpa) - Die Deutsche Bahn hat für das kommende Wochenende erhebliche "
    "Einschränkungen im Fernverkehr angekündigt. Wegen Bauarbeiten zwischen Hannover und "
    "Berlin fallen zahlreiche ICE-Verbindungen aus, Reisende sollen auf Regionalzüge "
    "ausweichen. Die Bahn empfiehlt, Fahrten nach Möglichkeit zu verschieben.",
    "Die Deutsche Bahn hat für das kommende Wochenende erhebliche Einschränkungen im "
    "Fernverkehr angekündigt. Wegen Bauarbeiten zwischen Hannover und Berlin fallen zahlreiche "
    "ICE-Verbindungen aus, Reisende sollen auf Regionalzüge ausweichen. Die Bahn empfiehlt, "
    "Fahrten nach Möglichkeit zu verschieben. Mehr: https://example-news.de/bahn?utm_source=rss",
    "BERLIN. Die Deutsche Bahn hat für das kommende Wochenende erhebliche Einschränkungen im "
    "Fernverkehr angekündigt. Wegen Bauarbeiten zwischen Hannover und Berlin fallen zahlreiche "
    "ICE-Verbindungen aus, Reisende sollen auf Regionalzuege ausweichen. Die Bahn empfiehlt, "
    "Fahrten nach Möglichkeit zu verschieben. Der Beitrag Bahn: Einschränkungen am Wochenende "
    "erschien zuerst auf Stadtblog.",
    "Die Deutsche Bahn hat für das kommende Wochenende erhebliche Einschränkungen im "
    "Fernverkehr angekündigt. Wegen Bauarbeiten zwischen Hannover und Berlin fallen zahlreiche "
    "ICE-Verbindungen aus, Reisende sollen auf Regionalzüge ausweichen. Die Bahn empfiehlt, "
    "Fahrten nach Möglichkeit zu verschieben. (AFP/dpa)",
};

// Other stories about the same company in the same week: they share the
// company's name and some everyday words, but they are different news.
const std::vector<std::string> k_different = {
    "Die Deutsche Bahn erhöht zum Fahrplanwechsel im Dezember die Preise im Fernverkehr um "
    "durchschnittlich 4,9 Prozent. Der Sparpreis bleibt nach Angaben des Unternehmens stabil, "
    "die BahnCard 100 wird teurer. Fahrgastverbände kritisieren die Erhöhung.",
    "Die Gewerkschaft GDL hat zu einem neuen Streik bei der Deutschen Bahn aufgerufen. Ab "
    "Mittwoch sollen der Güter- und der Personenverkehr für 48 Stunden bestreikt werden, die "
    "Bahn spricht von einer unverhältnismäßigen Eskalation.",
    "Deutsche Bahn reports record passenger numbers for the first half of the year, but "
    "punctuality in long-distance traffic fell to 62 percent, the lowest value in more than a "
    "decade, the company said on Thursday.",
    "Die Deutsche Bahn hat für das kommende Wochenende erhebliche Einschränkungen im "
    "Güterverkehr dementiert. Ein Sprecher sagte, alle Verbindungen zwischen Hamburg und "
    "München fahren planmäßig, Kunden müssten nichts tun.",
};

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("canonical_url: one page under many URLs has one canonical form") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"HTTPS://WWW.Example.COM/News/Bahn", "https://www.example.com/News/Bahn"},
        {"https://example.com:443/a/", "https://example.com/a"},
        {"http://example.com:80", "http://example.com/"},
        {"http://example.com:8080/a", "http://example.com:8080/a"},
        {"https://example.com/a#kommentare", "https://example.com/a"},
        {"https://example.com/a?utm_source=rss&utm_medium=feed&id=7&fbclid=AbC",
         "https://example.com/a?id=7"},
        {"https://example.com/a?b=2&a=1&gclid=x&msclkid=y", "https://example.com/a?a=1&b=2"},
        {"https://example.com/a?utm_campaign=x", "https://example.com/a"},
        {"https://spiegel.de/a.html?wt_mc=rss.ressort.x&at_medium=sn", "https://spiegel.de/a.html"},
        {"https://example.com/%7euser/%c3%a4", "https://example.com/~user/%C3%A4"},
        {"https://user:secret@example.com/a", "https://example.com/a"},
        {"https://Example.com./", "https://example.com/"},
        {"  https://example.com/a  ", "https://example.com/a"},
        {"https://example.com/a?&&x=1&", "https://example.com/a?x=1"},
        {"not a url", "not a url"},
        {"/relative/path", "/relative/path"},
        // Google Alerts feed links redirect to the article.
        {"https://www.google.com/url?rct=j&sa=t&url=https://www.example.com/bahn-streik%3Futm_"
         "source%3Dga%26id%3D3&ct=ga&cd=CAIyGjE&usg=AOvVaw3",
         "https://www.example.com/bahn-streik?id=3"},
        {"https://www.google.com/search?q=https://example.com",
         "https://www.google.com/search?q=https://example.com"},
    };
    for (const auto& [input, expected] : cases) {
        INFO("url: " << input);
        CHECK(canonical_url(input) == expected);
    }
    CHECK(canonical_url("https://example.com/a/") ==
          canonical_url("https://EXAMPLE.com/a?utm_source=x#top"));
}

TEST_CASE("canonical_url: Google redirects from any Google host, as feed links are unwrapped") {
    CHECK(canonical_url("https://www.google.de/url?sa=t&url=https://www.example.com/a%3Futm_"
                        "source%3Dga&ct=ga") == "https://www.example.com/a");
    CHECK(canonical_url("http://news.google.co.uk/url?q=https://example.com/b/&sa=U") ==
          "https://example.com/b");
    CHECK(canonical_url("https://google.com.au/url?q=https://example.com/c") ==
          "https://example.com/c");
    // Not Google, or no web page behind it: kept, in canonical form.
    CHECK(canonical_url("https://google.evil.com/url?q=https://example.com/") ==
          "https://google.evil.com/url?q=https://example.com/");
    CHECK(canonical_url("https://www.google.de/url?q=javascript:alert(1)") ==
          "https://www.google.de/url?q=javascript:alert(1)");
}

TEST_CASE("normalized_text_key: the same text from another source has the same key") {
    const std::string key = normalized_text_key(
        "Bahn kündigt Einschränkungen an",
        "Die Deutsche Bahn hat für das Wochenende Einschränkungen angekündigt.");
    CHECK(key.size() == 16);
    CHECK(key.find_first_not_of("0123456789abcdef") == std::string::npos);
    // Case, umlaut spelling, punctuation, white space, links and hashtag signs.
    CHECK(normalized_text_key("Bahn kündigt Einschraenkungen an",
                              "die deutsche   Bahn hat fuer das Wochenende Einschränkungen "
                              "angekündigt https://t.co/xyz") == key);
    CHECK(normalized_text_key("Bahn kündigt Einschränkungen an",
                              "Die #Deutsche Bahn hat für das Wochenende Einschränkungen "
                              "angekündigt. Weiterlesen") == key);
    CHECK(normalized_text_key("Bahn kündigt Einschränkungen an",
                              "Die Deutsche Bahn hat für das Wochenende Einschränkungen "
                              "angekündigt. The post Bahn kündigt an appeared first on Blog.") ==
          key);
    // Different text: a different key.
    CHECK(normalized_text_key("Bahn kündigt Einschränkungen an",
                              "Die Deutsche Bahn hat für das Wochenende keine Einschränkungen "
                              "angekündigt.") != key);
}

TEST_CASE("normalized_text_key: a text that repeats its title equals the text alone") {
    const std::string text = "Telekom-Störung: Internet in ganz Hamburg seit heute Morgen weg";
    CHECK(normalized_text_key("Telekom-Störung", text) == normalized_text_key("", text));
    CHECK(normalized_text_key(text, "") == normalized_text_key("", text));
    CHECK(normalized_text_key("Telekom-Störung", "Ganz andere Meldung aus Hamburg heute") !=
          normalized_text_key("", "Ganz andere Meldung aus Hamburg heute"));
}

TEST_CASE("normalized_text_key: short posts get no key, so different people stay apart") {
    CHECK(normalized_text_key("", "Danke @bahn! 👍").empty());
    CHECK(normalized_text_key("", "Love it #telekom https://t.co/abc").empty());
    CHECK(normalized_text_key("", "").empty());
    CHECK_FALSE(normalized_text_key("", "one two three four five six").empty());
}

TEST_CASE("simhash: a syndicated story clusters, different stories do not") {
    std::vector<std::uint64_t> same;
    for (const std::string& text : k_syndicated) {
        same.push_back(simhash(text));
    }
    for (std::size_t i = 0; i < same.size(); ++i) {
        for (std::size_t j = i + 1; j < same.size(); ++j) {
            INFO("syndicated " << i << " and " << j << ": " << std::popcount(same[i] ^ same[j])
                               << " bits apart");
            CHECK(is_near_duplicate(same[i], same[j]));
        }
    }
    std::vector<std::uint64_t> all = same;
    all.resize(1);
    for (const std::string& text : k_different) {
        all.push_back(simhash(text));
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (std::size_t j = i + 1; j < all.size(); ++j) {
            INFO("stories " << i << " and " << j << ": " << std::popcount(all[i] ^ all[j])
                            << " bits apart");
            CHECK_FALSE(is_near_duplicate(all[i], all[j]));
        }
    }
}

TEST_CASE("simhash: short social posts") {
    const auto a = simhash("Mein Paket von @DHL ist schon wieder nicht angekommen, seit 3 Tagen "
                           "warte ich. Kundenservice erreicht man nicht. #dhl");
    const auto b = simhash("RT @kunde42: Mein Paket von @DHL ist schon wieder nicht angekommen, "
                           "seit 3 Tagen warte ich. Kundenservice erreicht man nicht. #dhl");
    const auto c = simhash("Paket kam heute pünktlich an, der DHL Bote war super freundlich. "
                           "Danke an den Kundenservice!");
    CHECK(is_near_duplicate(a, b));
    CHECK_FALSE(is_near_duplicate(a, c));
    CHECK(simhash("Mein Paket") == simhash("MEIN paket!!!"));
}

TEST_CASE("simhash: a text without words has no fingerprint and resembles nothing") {
    CHECK(simhash("") == 0);
    CHECK(simhash("🙂 !!! https://t.co/x") == 0);
    CHECK_FALSE(is_near_duplicate(0, 0));
    CHECK_FALSE(is_near_duplicate(simhash(""), simhash("bahn")));
    CHECK(is_near_duplicate(simhash("bahn"), simhash("Bahn!")));
    CHECK(simhash("bahn") != 0);
}

TEST_SUITE_END();
