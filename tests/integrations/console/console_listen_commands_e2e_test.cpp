// `listen mute`, `listen sensitivity`, `listen remove` and `listen source
// remove` end to end on the console (issue #19): the built binary polls RSS
// feeds from a local server (tests/fakes/feed_server.hpp); a storm of mentions
// in the last hour raises spike alerts, or does not, as the commands say.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"
#include "tests/fakes/feed_server.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::console_session;
using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::FeedServer;
using onevoice::tests::in_order;
using onevoice::tests::message_with;
using onevoice::tests::recipient_of_message_with;
using onevoice::tests::rss_item;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin (11:06 UTC).
const std::string k_start = "2026-11-18T11:06:00Z";

// `count` neutral mentions of `word`, published 10:10, 10:11… UTC: all in the
// hour before k_start, none before it.
std::string storm(const std::string& word, int count) {
    std::string items;
    for (int i = 0; i < count; ++i) {
        items +=
            rss_item(word + std::to_string(i), word + " opens store number " + std::to_string(i),
                     "Wed, 18 Nov 2026 10:" + std::to_string(10 + i) + ":00 GMT");
    }
    return items;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console listen e2e: listen mute silences a query's spike alerts until unmuted") {
    FeedServer server;
    server.set_items("/storm.xml", storm("acme", 12));
    const std::string url = server.url("/storm.xml");
    TempDir dir;
    ConsoleBot bot(dir, k_start, onevoice::tests::k_feeds_on_loopback);
    INFO(bot.log());
    bot.type("/listen add acme acme\n/listen mute acme x\n/listen mute nope 3\n"
             "/listen mute acme 24\n/listen\n");
    REQUIRE(bot.wait_for("· muted until 2026-11-19 12:06"));
    CHECK(contains(bot.out(), "\"x\" is no number of hours from 0 to 720.\n"
                              "Usage: listen mute <name> <hours>"));
    CHECK(contains(bot.out(), "There is no query named \"nope\"; listen list shows them."));
    CHECK(contains(bot.out(), "Spike alerts for acme are muted until 2026-11-19 12:06."));

    // Twelve mentions in the last hour would be a spike (threshold 10): muted, no alert.
    bot.type("/listen source add rss " + url + "\n");
    REQUIRE(bot.wait_for("#1 rss " + url + ": 12 new mentions"));
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "## Spike alert"));

    // Unmuted, the next poll's check alerts, to the team's conversation.
    bot.type("/listen mute acme 0\n/listen poll\n");
    REQUIRE(bot.wait_for("Spike alerts for acme are on again."));
    REQUIRE(bot.wait_for("[Declare crisis] listen alert 1 declare   [Mute 24 h] listen mute acme "
                         "24   [Less sensitive] listen sensitivity acme low"));
    const std::string alert = message_with(bot.out(), "## Spike alert: acme");
    CHECK(contains(alert, "12 mentions in the last hour. Usual level: 0.0"));
    CHECK(contains(alert, "threshold: 10."));
    CHECK(recipient_of_message_with(bot.out(), "## Spike alert: acme") == "");
    bot.type("/listen\n");
    REQUIRE(bot.wait_for("acme acme · 24 h: 12 · 7 days: 12\n"));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console listen e2e: listen sensitivity decides which storm raises an alert") {
    FeedServer server;
    server.set_items("/storm.xml",
                     storm("acme", 8) + storm("beta", 8) + storm("gamma", 12) + storm("delta", 12));
    const std::string url = server.url("/storm.xml");
    TempDir dir;
    ConsoleBot bot(dir, k_start, onevoice::tests::k_feeds_on_loopback);
    INFO(bot.log());
    bot.type("/listen add acme acme\n/listen add beta beta\n/listen add gamma gamma\n"
             "/listen add delta delta\n/listen sensitivity acme high\n"
             "/listen sensitivity gamma low\n/listen sensitivity beta medium\n"
             "/listen sensitivity nope high\n/listen\n");
    REQUIRE(bot.wait_for("## Listening\n"));
    CHECK(contains(bot.out(), "Sensitivity of acme: high."));
    CHECK(contains(bot.out(), "Sensitivity of gamma: low."));
    CHECK(contains(bot.out(), "\"medium\" is no sensitivity: low, normal or high.\n"
                              "Usage: listen sensitivity <name> low|normal|high"));
    CHECK(contains(bot.out(), "There is no query named \"nope\""));
    CHECK(in_order(message_with(bot.out(), "## Listening"),
                   {"- acme acme · 24 h: 0 · 7 days: 0 · sensitivity high\n",
                    "- beta beta · 24 h: 0 · 7 days: 0\n", "- delta delta · 24 h: 0 · 7 days: 0\n",
                    "- gamma gamma · 24 h: 0 · 7 days: 0 · sensitivity low"}));

    // 8 mentions: an alert only where the sensitivity is high (threshold 7, not
    // 10); 12 mentions: an alert only where it is not low (threshold 15).
    bot.type("/listen source add rss " + url + "\n");
    REQUIRE(bot.wait_for("#1 rss " + url + ": 40 new mentions"));
    REQUIRE(bot.wait_for("[Less sensitive] listen sensitivity acme normal"));
    REQUIRE(bot.wait_for("[Less sensitive] listen sensitivity delta low"));
    bot.idle();
    CHECK(contains(message_with(bot.out(), "## Spike alert: acme"),
                   "8 mentions in the last hour. Usual level: 0.0"));
    CHECK(contains(message_with(bot.out(), "## Spike alert: acme"), "threshold: 7."));
    CHECK(contains(message_with(bot.out(), "## Spike alert: delta"), "threshold: 10."));
    CHECK_FALSE(contains(bot.out(), "## Spike alert: beta"));
    CHECK_FALSE(contains(bot.out(), "## Spike alert: gamma"));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console listen e2e: listen remove and source remove, lead roles only, stop it all") {
    FeedServer server;
    server.set_items("/feed.xml", rss_item("1", "Acme opens a new store") +
                                      rss_item("2", "Long queues at Acme") +
                                      rss_item("3", "Rival cuts prices"));
    const std::string url = server.url("/feed.xml");
    TempDir dir;
    {
        ConsoleBot bot(dir, k_start, onevoice::tests::k_feeds_on_loopback);
        INFO(bot.log());
        bot.type("/team add @hanna helper\n/listen add acme acme\n"
                 "/listen add rival competitor rival\n/listen source add rss " +
                 url + "\n");
        REQUIRE(bot.wait_for("#1 rss " + url + ": 3 new mentions"));
        CHECK(bot.finish() == 0);
    }

    const std::string by_hanna =
        console_session(dir, k_start, "@hanna",
                        "/listen remove acme\n/listen source remove 1\n/listen\n/listen sources\n",
                        onevoice::tests::k_feeds_on_loopback);
    INFO(by_hanna);
    CHECK(in_order(by_hanna, {"Only a manager, deputy or community manager may do that.\n"
                              "Usage: listen remove <name>",
                              "Only a manager, deputy or community manager may do that.",
                              "- acme acme · 24 h: 2 · 7 days: 2", "#1 rss " + url}));

    ConsoleBot bot(dir, k_start, onevoice::tests::k_feeds_on_loopback);
    INFO(bot.log());
    bot.type("/listen remove acme\n/listen remove acme\n/listen\n/listen source remove 1\n"
             "/listen source remove 1\n/listen sources\n/listen poll\n");
    REQUIRE(bot.wait_for("There are no sources to poll yet."));
    CHECK(contains(bot.out(), "Stopped listening for acme."));
    CHECK(contains(bot.out(), "There is no query named \"acme\"; listen list shows them.\n"
                              "Usage: listen remove <name>"));
    const std::string queries = message_with(bot.out(), "## Listening\n");
    CHECK(contains(queries, "- rival (competitor) rival · 24 h: 1 · 7 days: 1"));
    CHECK_FALSE(contains(queries, "acme"));
    CHECK(contains(bot.out(), "Source #1 rss " + url + " removed."));
    CHECK(contains(bot.out(), "There is no source #1; listen sources shows them."));
    CHECK(contains(bot.out(), "## Listening sources\nNo sources yet."));
    // Its next poll was due at 12:21: the feed hears nothing more.
    const int requests = server.requests("/feed.xml");
    bot.set_clock("2026-11-18T11:22:00Z");
    bot.idle();
    CHECK(server.requests("/feed.xml") == requests);
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
