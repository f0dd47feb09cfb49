// Mastodon, Reddit and Algolia (Hacker News) JSON into mentions.
#include "integrations/sources/json_sources.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice::integrations::sources;
using onevoice::bot::from_millis;

namespace {

std::string fixture(const std::string& name) {
    return onevoice::tests::read_file(std::string(onevoice::tests::source_dir()) +
                                      "/tests/fixtures/sources/" + name);
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("parse_mastodon_statuses: a tag timeline") {
    const auto parsed = parse_mastodon_statuses(fixture("mastodon_tag.json"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 2);
    const auto& first = parsed.mentions[0];
    CHECK(first.external_id == "112233445566778899");
    CHECK(first.url == "https://social.example/@kaffee/112233445566778899");
    CHECK(first.author == "kaffee@social.example");
    CHECK(first.text == "Meine neue #Acme ist der Hammer!\nEndlich leiser Kaffee.");
    CHECK(first.title.empty());
    CHECK(first.language == "de");
    CHECK(first.published == from_millis(1774772130123));
    REQUIRE(first.engagement);
    CHECK(first.engagement->likes == 11);
    CHECK(first.engagement->shares == 5);
    CHECK(first.engagement->comments == 2);

    const auto& second = parsed.mentions[1];
    CHECK(second.url == "https://other.example/users/grumpy/statuses/900"); // url null: uri
    CHECK(second.title == "Rant");                                          // spoiler_text
    CHECK(second.text == "The @acme hotline never answers & I'm done.");
    CHECK(second.language.empty()); // null
}

TEST_CASE("parse_mastodon_statuses: a boost reads as the boosted status") {
    const auto parsed = parse_mastodon_statuses(
        R"([{"id":"2","content":"","account":{"acct":"booster"},
             "reblog":{"id":"1","url":"https://s.example/@a/1","content":"<p>orig</p>",
                       "account":{"acct":"a"},"favourites_count":3}}])");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 1);
    CHECK(parsed.mentions[0].external_id == "1");
    CHECK(parsed.mentions[0].author == "a");
    CHECK(parsed.mentions[0].text == "orig");
}

TEST_CASE("parse_reddit_listing: posts from a search") {
    const auto parsed = parse_reddit_listing(fixture("reddit_search.json"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 2);
    const auto& first = parsed.mentions[0];
    CHECK(first.external_id == "t3_1bqxyz1");
    CHECK(first.url ==
          "https://www.reddit.com/r/espresso/comments/1bqxyz1/acme_barista_3000_leaking_again/");
    CHECK(first.author == "bean_counter");
    CHECK(first.title == "Acme Barista 3000 leaking <again>");
    CHECK(first.text ==
          "Has anyone else had the Acme Barista 3000 leak? Mine started after two weeks & "
          "support is slow.");
    CHECK(first.published == from_millis(1774771200000));
    REQUIRE(first.engagement);
    CHECK(first.engagement->likes == 42);
    CHECK(first.engagement->comments == 17);
    // A link post links to its discussion, not to the external article.
    CHECK(parsed.mentions[1].url ==
          "https://www.reddit.com/r/coffee/comments/1bqxyz2/acme_announces_a_recall/");
    CHECK(parsed.mentions[1].published == from_millis(1774774800000));
}

TEST_CASE("parse_algolia_hits: stories and comments from Hacker News") {
    const auto parsed = parse_algolia_hits(fixture("algolia_search.json"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed.mentions.size() == 3);
    const auto& story = parsed.mentions[0];
    CHECK(story.external_id == "39000001");
    CHECK(story.url == "https://github.example/acme/firmware");
    CHECK(story.title == "Acme open-sources its espresso firmware");
    CHECK(story.published == from_millis(1774778400000));
    CHECK(story.engagement->likes == 87);
    CHECK(story.engagement->comments == 12);

    const auto& comment = parsed.mentions[1];
    CHECK(comment.url == "https://news.ycombinator.com/item?id=39000005");
    CHECK(comment.title == "Acme open-sources its espresso firmware"); // story_title
    CHECK(comment.text == "I'd wait: the last Acme update bricked mine.\nSupport took > 3 weeks.");
    CHECK(comment.author == "skeptic");
    CHECK(comment.engagement->likes == 0); // points null

    const auto& ask = parsed.mentions[2];
    CHECK(ask.url == "https://news.ycombinator.com/item?id=39000010"); // url null
    CHECK(ask.text == "Is the Acme worth it?");
}

TEST_CASE("JSON parsers: malformed JSON and wrong shapes are errors") {
    CHECK(parse_mastodon_statuses("[{\"id\": ").error.starts_with("invalid JSON at byte"));
    CHECK(parse_reddit_listing("<html>").error == "invalid JSON at byte 1");
    CHECK(parse_algolia_hits("").error.starts_with("invalid JSON at byte"));
    CHECK(parse_mastodon_statuses(R"({"error":"This API requires an authenticated user"})").error ==
          "Mastodon error: This API requires an authenticated user");
    CHECK(parse_reddit_listing(R"({"message": "Forbidden", "error": 403})").error ==
          "Reddit error: Forbidden");
    CHECK(parse_algolia_hits(R"({"nbHits": 0})").error == "Hacker News: unexpected response shape");
    // Odd entries are skipped, not fatal.
    const auto odd = parse_algolia_hits(R"({"hits":[1, {"title":"no id"}, {"objectID":"7"}]})");
    REQUIRE(odd.ok());
    REQUIRE(odd.mentions.size() == 1);
    CHECK(odd.mentions[0].external_id == "7");
    CHECK_FALSE(odd.mentions[0].published);
}

TEST_SUITE_END();
