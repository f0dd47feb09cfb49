// Regression tests for what the feed fuzz target found or checks (fuzz/,
// tests/fuzz/corpus/feed/crash_*): source parsers never throw, and the
// engagement of a mention can always be summed.
#include "integrations/sources/json_sources.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice::integrations::sources;

TEST_SUITE_BEGIN("integrations");

TEST_CASE("fuzz finding: a JSON number beyond a double is an unreadable body") {
    // nlohmann throws out_of_range, not parse_error, for 1e400; the exception
    // left the source fetcher's completion handler.
    const std::string algolia = R"({"hits":[{"objectID":"1","created_at_i":177477841e30000}]})";
    ParsedMentions parsed;
    CHECK_NOTHROW(parsed = parse_algolia_hits(algolia));
    CHECK_FALSE(parsed.ok());
    CHECK(parsed.error == "invalid JSON: a number is out of range");
    CHECK_NOTHROW(parsed = parse_mastodon_statuses(R"([{"id":"1","favourites_count":1e400}])"));
    CHECK_FALSE(parsed.ok());
    CHECK_NOTHROW(parsed = parse_reddit_listing(R"({"data":{"children":[],"x":-1e999}})"));
    CHECK_FALSE(parsed.ok());
}

TEST_CASE("fuzz finding: absurd reaction counts are clamped") {
    SUBCASE("a float beyond int64") {
        const auto parsed = parse_mastodon_statuses(
            R"([{"id":"1","favourites_count":1e300,"reblogs_count":-1e300}])");
        REQUIRE(parsed.mentions.size() == 1);
        REQUIRE(parsed.mentions[0].engagement);
        CHECK(parsed.mentions[0].engagement->likes == 1'000'000'000'000);
        CHECK(parsed.mentions[0].engagement->shares == -1'000'000'000'000);
    }
    SUBCASE("integers whose sum overflows") {
        const auto parsed = parse_mastodon_statuses(
            R"([{"id":"1","favourites_count":9223372036854775807,"reblogs_count":1,)"
            R"("replies_count":18446744073709551615}])");
        REQUIRE(parsed.mentions.size() == 1);
        REQUIRE(parsed.mentions[0].engagement);
        CHECK(parsed.mentions[0].engagement->total() == 2'000'000'000'001);
    }
    SUBCASE("real counts are kept") {
        const auto parsed = parse_reddit_listing(
            R"({"data":{"children":[{"data":{"name":"t3_x","score":-12,"num_comments":3}}]}})");
        REQUIRE(parsed.mentions.size() == 1);
        CHECK(parsed.mentions[0].engagement->likes == -12);
        CHECK(parsed.mentions[0].engagement->comments == 3);
    }
}

TEST_SUITE_END();
