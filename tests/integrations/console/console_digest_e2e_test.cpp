// The daily digest and spike alerts end to end on the console (issue #8): the
// built binary polls an RSS feed from a local cpp-httplib server, posts the
// digest at 08:30 Europe/Berlin on the test clock (ONEVOICE_TEST_CLOCK_FILE)
// on both sides of the change from summer to winter time (2026-10-25), and
// alerts on a storm in the feed; the alert's "Declare crisis" command
// declares a crisis.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"
#include "tests/fakes/feed_server.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::console_session;
using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::FeedServer;
using onevoice::tests::rss_item;
using onevoice::tests::TempDir;

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console digest e2e: 08:30 Berlin across DST, then a spike alert declares a crisis") {
    FeedServer feed;
    feed.set_items("/feed.xml", rss_item("a1", "Acme opens a new store in Berlin",
                                         "Fri, 23 Oct 2026 10:00:00 GMT") +
                                    rss_item("a2", "Acme recalls a kettle model after complaints",
                                             "Fri, 23 Oct 2026 12:00:00 GMT"));
    TempDir dir;
    // Friday 2026-10-23, 16:00 in Berlin (CEST, UTC+2).
    ConsoleBot bot(dir, "2026-10-23T14:00:00Z", onevoice::tests::k_feeds_on_loopback);
    INFO(bot.log());
    bot.type("/listen add acme acme\n/listen source add rss " + feed.url("/feed.xml") +
             "\n/digest schedule 08:30\n");
    REQUIRE(
        bot.wait_for("The digest is posted daily at 08:30 in console. Next: 2026-10-24 08:30."));

    // Summer time: 08:30 is 06:30 UTC.
    bot.set_clock("2026-10-24T06:29:00Z");
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "Digest for 2026-10-23"));
    bot.set_clock("2026-10-24T06:30:00Z");
    REQUIRE(bot.wait_for("Digest for 2026-10-23"));
    REQUIRE(bot.wait_for("acme: 2 mentions (new against the 7-day average of 0)"));
    CHECK(contains(bot.out(), "(https://news.example/a1)"));

    // Winter time from Sunday 03:00: 08:30 is 07:30 UTC, not 06:30.
    bot.set_clock("2026-10-25T06:30:00Z");
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "Digest for 2026-10-24"));
    bot.set_clock("2026-10-25T07:30:00Z");
    REQUIRE(bot.wait_for("Digest for 2026-10-24"));
    REQUIRE(bot.wait_for("0 new mentions, baseline normal."));
    bot.set_clock("2026-10-26T07:30:00Z");
    REQUIRE(bot.wait_for("Digest for 2026-10-25"));

    // A storm in a forum feed.
    std::string storm;
    for (int i = 0; i < 30; ++i) {
        const std::string minute = std::to_string(10 + i);
        storm += rss_item("s" + std::to_string(i),
                          "Acme kettle exploded at customer number " + std::to_string(i),
                          "Mon, 26 Oct 2026 07:" + minute + ":00 GMT");
    }
    feed.set_items("/storm.xml", storm);
    // A new source is polled as it is added; its ingest runs the spike check.
    bot.type("/listen source add rss " + feed.url("/storm.xml") + "\n");
    REQUIRE(bot.wait_for("Spike alert: acme"));
    REQUIRE(bot.wait_for("[Declare crisis] listen alert 1 declare"));
    // Published 07:10 to 07:39 UTC: 20 of them in the hour before 07:30.
    CHECK(contains(bot.out(), "20 mentions in the last hour. Usual level: 0.0"));

    // The button's command line, as the console shows it.
    bot.type("/listen alert 1 declare\n");
    REQUIRE(bot.wait_for("Spike in mentions of acme"));
    bot.type("/crisis show 1\n");
    REQUIRE(bot.wait_for("Top mentions: Acme kettle exploded at customer number"));
    CHECK(contains(bot.out(), "<https://news.example/s"));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console digest e2e: digest off - none at the scheduled time, a minute later or after") {
    TempDir dir;
    {
        // Wednesday 2026-11-18, 12:06 in Berlin (UTC+1).
        ConsoleBot bot(dir, "2026-11-18T11:06:00Z");
        INFO(bot.log());
        bot.type("/team add @hanna helper\n/listen add acme acme\n/digest schedule 08:30\n");
        REQUIRE(bot.wait_for("Next: 2026-11-19 08:30."));
        bot.set_clock("2026-11-19T07:30:00Z");
        REQUIRE(bot.wait_for("## Digest for 2026-11-18"));
        CHECK(bot.finish() == 0);
    }
    // Turning it off is for lead roles.
    const std::string by_hanna =
        console_session(dir, "2026-11-19T08:00:00Z", "@hanna", "/digest off\n");
    INFO(by_hanna);
    CHECK(contains(by_hanna, "Only a manager, deputy or community manager may do that.\n"
                             "Usage: digest off"));

    ConsoleBot bot(dir, "2026-11-19T08:00:00Z");
    INFO(bot.log());
    bot.type("/digest off now\n/digest off\n");
    REQUIRE(bot.wait_for("The daily digest is off."));
    CHECK(contains(bot.out(), "Usage: digest off"));
    bot.set_clock("2026-11-20T07:30:00Z");
    bot.idle();
    bot.set_clock("2026-11-20T07:31:00Z");
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "## Digest for"));
    // On demand it still works.
    bot.type("/digest yesterday\n");
    REQUIRE(bot.wait_for("## Digest for 2026-11-19"));
    CHECK(count_of(bot.out(), "## Digest for") == 1);
    CHECK(bot.finish() == 0);
    // Nor after a restart: the schedule stays off. The restarted bot runs across 08:30, since
    // a start re-arms the digest from the stored setting for its next time.
    ConsoleBot restarted(dir, "2026-11-21T07:29:00Z");
    INFO(restarted.log());
    restarted.type("/team\n");
    REQUIRE(restarted.wait_for("## Team"));
    restarted.idle_at("2026-11-21T07:30:00Z");
    restarted.idle_at("2026-11-21T07:31:00Z");
    CHECK_FALSE(contains(restarted.out(), "## Digest for"));
    CHECK(restarted.finish() == 0);
}

TEST_SUITE_END();
