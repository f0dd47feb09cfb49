// RSS 2.0, RSS 1.0 and Atom feeds, including Google Alerts, into mentions.
#include "integrations/sources/feed_parser.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace onevoice::integrations::sources;
using namespace std::chrono;

namespace {

std::string fixture(const std::string& name) {
    return onevoice::tests::read_file(std::string(onevoice::tests::source_dir()) +
                                      "/tests/fixtures/sources/" + name);
}

onevoice::bot::TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi) {
    return time_point_cast<milliseconds>(sys_days{year{y} / month{mo} / day{d}} + hours{h} +
                                         minutes{mi});
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("parse_feed: RSS 2.0 with CDATA, entities and namespaces") {
    const auto parsed = parse_feed(fixture("rss2.xml"), "https://news.example.de/feed.rss");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 3); // the item without id, link or title is skipped

    const auto& first = parsed.mentions[0];
    CHECK(first.external_id == "news-example-4711"); // guid, not a permalink
    CHECK(first.url == "https://news.example.de/tests/barista-3000");
    // Double-escaped entities in the title are decoded too.
    CHECK(first.title == "Acme Barista 3000 im Test: \"Größer Wurf\"");
    CHECK(first.author == "Erika Mustermann"); // dc:creator
    // content:encoded wins over description; script dropped; paragraphs kept.
    CHECK(first.text ==
          "Die Acme Barista 3000 & ihr Milchschäumer\n\u201ESehr leise\u201C \u2013 sagt die "
          "Redaktion.");
    CHECK(first.published == utc(2026, 3, 29, 7, 15));
    CHECK(first.language == "de");
    CHECK_FALSE(first.engagement);

    const auto& second = parsed.mentions[1];
    CHECK(second.url == "https://news.example.de/leserbriefe/acme-hotline"); // made absolute
    CHECK(second.external_id == second.url);                                 // no guid: the link
    CHECK(second.text == "Ich warte seit drei Wochen ohne Antwort.");
    CHECK(second.author == "Max Leser");
    CHECK_FALSE(second.published); // missing date stays empty

    const auto& third = parsed.mentions[2];
    CHECK(third.external_id == "https://news.example.de/kurz/acme-preis");
    CHECK(third.url == "https://news.example.de/kurz/acme-preis"); // permalink guid
    CHECK(third.text == "Acme senkt Preise.");                     // media:description
    CHECK(third.published == utc(2026, 3, 30, 5, 0));              // CEST
}

TEST_CASE("parse_feed: Atom with the default namespace, xhtml and typed text") {
    const auto parsed = parse_feed(fixture("atom.xml"), "https://reviews.example.com/feed.atom");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 3);

    const auto& first = parsed.mentions[0];
    CHECK(first.external_id == "tag:reviews.example.com,2026:acme-barista");
    CHECK(first.url == "https://reviews.example.com/acme-barista"); // alternate, not enclosure
    CHECK(first.title == "Acme Barista review");                    // type="html"
    CHECK(first.text == "Great crema.\nLoud & fast.");              // xhtml content
    CHECK(first.author == "Jane Doe");
    CHECK(first.published == utc(2026, 3, 28, 23, 30)); // published, not updated
    CHECK(first.language == "en");                      // xml:lang on the feed

    const auto& second = parsed.mentions[1];
    CHECK(second.title == "Plain & simple"); // a double-escaped text title
    CHECK(second.url == "https://reviews.example.com/acme-follow-up");
    CHECK(second.author == "Review Desk"); // the feed's author
    CHECK(second.published == utc(2026, 3, 30, 8, 0) + milliseconds(250));
    CHECK(second.text == "No published date; the updated one counts.");

    CHECK_FALSE(parsed.mentions[2].published);
}

TEST_CASE("parse_feed: Google Alerts links are unwrapped to the real page") {
    const auto parsed = parse_feed(fixture("google_alerts.xml"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 1);
    const auto& alert = parsed.mentions[0];
    CHECK(alert.url == "https://www.example.org/news/acme-recall?ref=rss");
    CHECK(alert.external_id == "tag:google.com,2013:googlealerts/feed:1111111111111111111");
    CHECK(alert.title == "Acme recalls coffee machines");
    CHECK(alert.text == "The Acme recall affects 3,000 units ...");
    CHECK(alert.author.empty());
    CHECK(alert.published == utc(2026, 3, 29, 9, 0));
}

TEST_CASE("parse_feed: RSS 1.0 (RDF) with dc:date") {
    const auto parsed = parse_feed(fixture("rss1.rdf"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 1);
    CHECK(parsed.mentions[0].external_id == "https://blog.example.net/2026/acme");
    CHECK(parsed.mentions[0].title == "Why I returned my Acme");
    CHECK(parsed.mentions[0].author == "Bob");
    CHECK(parsed.mentions[0].published == utc(2026, 3, 28, 0, 0));
    CHECK(parsed.mentions[0].language == "en");
}

TEST_CASE("parse_feed: HTML entities XML does not define are still read") {
    const auto parsed = parse_feed(fixture("html_entities.xml"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 1);
    CHECK(parsed.mentions[0].title == "Müller & Söhne lieben Acme");
    CHECK(parsed.mentions[0].text == "Das &bogus; bleibt stehen.");
}

TEST_CASE("parse_feed: malformed documents are an error with a line") {
    CHECK(parse_feed(fixture("invalid.xml")).error == "invalid XML at line 4: mismatched tag");
    CHECK(parse_feed("").error.starts_with("invalid XML at line 1"));
    CHECK(parse_feed("{\"json\": true}").error.starts_with("invalid XML at line 1"));
    CHECK(parse_feed("<html><body>Not a feed</body></html>").error ==
          "not an RSS or Atom feed (root element html)");
    // Truncated in the middle of an item.
    CHECK_FALSE(parse_feed("<rss><channel><item><title>x</title>").ok());
}

TEST_CASE("parse_feed: entity declarations are refused (billion laughs)") {
    const std::string bomb = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss><channel><item><title>&b;</title><link>https://x.org/</link></item></channel></rss>)";
    const auto parsed = parse_feed(bomb);
    CHECK(parsed.error == "invalid XML: entity declarations are not allowed");
    CHECK(parsed.mentions.empty());
}

TEST_CASE("parse_feed: ISO-8859-1 and windows-1252 documents") {
    const std::string latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel>"
                               "<item><title>M\xFC"
                               "ller</title><link>https://x.org/1</link></item></channel></rss>";
    const auto a = parse_feed(latin1);
    REQUIRE(a.ok());
    CHECK(a.mentions.at(0).title == "Müller");
    const std::string cp1252 = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel>"
                               "<item><title>\x84gut\x93 \x80</title><link>https://x.org/2</link>"
                               "</item></channel></rss>";
    const auto b = parse_feed(cp1252);
    REQUIRE(b.ok());
    CHECK(b.mentions.at(0).title == "\u201Egut\u201C \u20AC");
}

TEST_SUITE_END();
