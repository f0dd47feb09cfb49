// The time-driven messages beyond handovers, end to end on the console (issue
// #19: "time tests that pin the moment and the person"): a crisis's update
// reminder to the lead that the absences made (the manager's cover, a
// deputy), restarted by an update; the reminder of a crisis without a lead, to
// its conversation until someone takes it; the daily digest; a feed's poll and
// the spike alert that comes with the first poll after a mute ends. Each is
// checked a minute before its moment (nothing), at it (once, to exactly whom)
// and a minute after (no second one). Whoever watches is on no team or gets
// none of these, so that every direct message shows whom it was for.
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
using onevoice::tests::recipients_of_messages_with;
using onevoice::tests::rss_item;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin (UTC+1).
const std::string k_start = "2026-11-18T11:06:00Z";

const std::string k_reminder = "Reminder: no update on crisis";

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console timing e2e: crisis reminders go to the lead the absences made, every 30 "
          "minutes from the last update") {
    TempDir dir;
    // The manager is away with Bob as his cover: Bob leads crisis #1.
    console_session(dir, k_start, "@boss",
                    "/team add @bob helper\n/team add @dana deputy\n/team add @hanna helper\n"
                    "/team away 2026-11-16 2026-11-20 cover @bob\n");
    console_session(dir, k_start, "@hanna", "/crisis declare sev1 Outage of the shop\n");
    // Then without a cover: the deputy leads crisis #2.
    console_session(dir, k_start, "@boss", "/team back\n/team away 2026-11-18 2026-11-20\n");
    const std::string declared =
        console_session(dir, k_start, "@hanna", "/crisis declare sev1 Outrage about the ad\n");
    INFO(declared);
    REQUIRE(contains(declared, "Crisis #2 (sev1): Outrage about the ad"));

    // sev1: every 30 minutes, first at 12:36 (11:36 UTC).
    ConsoleBot bot(dir, "2026-11-18T11:35:00Z", "", "@hanna");
    INFO(bot.log());
    bot.idle();
    CHECK_FALSE(contains(bot.out(), k_reminder));
    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(bot.wait_for(k_reminder + " #1"));
    REQUIRE(bot.wait_for(k_reminder + " #2"));
    bot.idle_at("2026-11-18T11:37:00Z");
    CHECK(recipients_of_messages_with(bot.out(), k_reminder + " #1") == "@bob");
    CHECK(recipients_of_messages_with(bot.out(), k_reminder + " #2") == "@dana");

    // An update on #1 at 12:40 restarts its rhythm: 13:10, not 13:06. #2 keeps 13:06.
    bot.set_clock("2026-11-18T11:40:00Z");
    bot.type("/crisis update 1 The shop is back for most customers\n");
    REQUIRE(bot.wait_for("Update on crisis #1 (Outage of the shop) from @hanna:"));
    bot.idle_at("2026-11-18T12:05:00Z");
    CHECK(count_of(bot.out(), k_reminder) == 2);
    bot.set_clock("2026-11-18T12:06:00Z");
    REQUIRE(bot.wait_for(k_reminder + " #2", bot.out().rfind(k_reminder) + 1));
    bot.idle_at("2026-11-18T12:09:00Z");
    CHECK(recipients_of_messages_with(bot.out(), k_reminder + " #2") == "@dana @dana");
    CHECK(recipients_of_messages_with(bot.out(), k_reminder + " #1") == "@bob");
    bot.set_clock("2026-11-18T12:10:00Z");
    REQUIRE(bot.wait_for("since 2026-11-18 12:40."));
    bot.idle_at("2026-11-18T12:11:00Z");
    CHECK(recipients_of_messages_with(bot.out(), k_reminder + " #1") == "@bob @bob");
    CHECK(recipients_of_messages_with(bot.out(), k_reminder + " #2") == "@dana @dana");
    CHECK_FALSE(contains(bot.out(), "(direct message to @boss)"));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: a crisis without a lead reminds its conversation until someone "
          "leads it, then the lead") {
    TempDir dir;
    // The manager is away without a cover, and nobody else holds a lead role.
    console_session(dir, k_start, "@boss",
                    "/team add @hanna helper\n/team away 2026-11-16 2026-11-20\n");
    const std::string declared =
        console_session(dir, k_start, "@hanna", "/crisis declare sev1 We have been hacked\n");
    INFO(declared);
    REQUIRE(contains(declared, "no lead yet"));

    const std::string no_lead = "Crisis #1 (We have been hacked) has no lead yet.";
    {
        ConsoleBot bot(dir, "2026-11-18T11:35:00Z", "", "@zed");
        INFO(bot.log());
        bot.idle();
        CHECK_FALSE(contains(bot.out(), no_lead));
        bot.set_clock("2026-11-18T11:36:00Z");
        REQUIRE(bot.wait_for(no_lead));
        bot.idle_at("2026-11-18T11:37:00Z");
        // To the conversation the crisis was declared in, not to anyone in private.
        CHECK(recipients_of_messages_with(bot.out(), no_lead) == "(here)");
        CHECK(bot.finish() == 0);
    }
    // The manager, away but still the manager, has Hanna lead it.
    console_session(dir, "2026-11-18T11:40:00Z", "@boss", "/crisis lead 1 @hanna\n");

    // The next reminder, at 13:06, is hers; the conversation is not asked again.
    ConsoleBot bot(dir, "2026-11-18T12:05:00Z", "", "@zed");
    INFO(bot.log());
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "crisis #1"));
    bot.set_clock("2026-11-18T12:06:00Z");
    REQUIRE(bot.wait_for(k_reminder + " #1"));
    bot.idle_at("2026-11-18T12:07:00Z");
    CHECK(recipients_of_messages_with(bot.out(), k_reminder) == "@hanna");
    CHECK_FALSE(contains(bot.out(), no_lead));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: the daily digest comes at its minute to its conversation, "
          "once a day") {
    TempDir dir;
    const std::string scheduled =
        console_session(dir, k_start, "@boss", "/listen add acme acme\n/digest schedule 08:30\n");
    INFO(scheduled);
    REQUIRE(contains(scheduled, "The digest is posted daily at 08:30 in console."));

    // Thursday 08:30 in Berlin is 07:30 UTC.
    ConsoleBot bot(dir, "2026-11-19T07:29:00Z", "", "@zed");
    INFO(bot.log());
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "Digest for"));
    bot.set_clock("2026-11-19T07:30:00Z");
    REQUIRE(bot.wait_for("## Digest for 2026-11-18"));
    bot.idle_at("2026-11-19T07:31:00Z");
    bot.idle_at("2026-11-20T07:29:00Z");
    CHECK(recipients_of_messages_with(bot.out(), "## Digest for") == "(here)");
    bot.set_clock("2026-11-20T07:30:00Z");
    REQUIRE(bot.wait_for("## Digest for 2026-11-19"));
    bot.idle_at("2026-11-20T07:31:00Z");
    CHECK(recipients_of_messages_with(bot.out(), "## Digest for") == "(here) (here)");
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: a feed is polled at its minute, a muted storm alerts with the "
          "first poll after the mute ends, once") {
    FeedServer server;
    server.set_items("/feed.xml", rss_item("calm", "Acme opens a new store"));
    const std::string path = "/feed.xml";
    TempDir dir;
    // Muted for an hour at 12:06: until 13:06 (12:06 UTC). The source is polled
    // as it is added, then every 15 minutes: 12:21, 12:36, 12:51, 13:06.
    {
        ConsoleBot setup(dir, k_start, onevoice::tests::k_feeds_on_loopback);
        INFO(setup.log());
        setup.type("/listen add acme acme\n/listen mute acme 1\n/listen source add rss " +
                   server.url(path) + "\n");
        REQUIRE(setup.wait_for(": 1 new mention"));
        CHECK(contains(setup.out(), "Spike alerts for acme are muted until 2026-11-18 13:06."));
        CHECK(setup.finish() == 0);
    }
    REQUIRE(server.requests(path) == 1);

    // Each poll is waited for in the bot's log: the next one is counted from
    // when it was stored, so the clock moves on only after that.
    const std::string polled = "source polled";
    ConsoleBot bot(dir, "2026-11-18T11:20:00Z", onevoice::tests::k_feeds_on_loopback, "@zed");
    INFO(bot.log());
    bot.idle();
    CHECK(server.requests(path) == 1);
    bot.set_clock("2026-11-18T11:21:00Z");
    REQUIRE(bot.wait_for_log(polled, 1));
    bot.idle_at("2026-11-18T11:35:00Z");
    CHECK(server.requests(path) == 2);
    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(bot.wait_for_log(polled, 2));

    // Twelve mentions from 12:38 to 12:49 (threshold 10): the 12:51 poll sees
    // them, but the query is muted.
    std::string storm = rss_item("calm", "Acme opens a new store");
    for (int i = 0; i < 12; ++i) {
        storm += rss_item("s" + std::to_string(i), "Acme kettle number " + std::to_string(i),
                          "Wed, 18 Nov 2026 11:" + std::to_string(38 + i) + ":00 GMT");
    }
    server.set_items(path, storm);
    bot.set_clock("2026-11-18T11:51:00Z");
    REQUIRE(bot.wait_for_log(polled, 3));
    bot.idle_at("2026-11-18T12:05:00Z");
    CHECK(server.requests(path) == 4);
    CHECK_FALSE(contains(bot.out(), "Spike alert"));

    bot.set_clock("2026-11-18T12:06:00Z");
    REQUIRE(bot.wait_for("## Spike alert: acme"));
    CHECK(server.requests(path) == 5);
    bot.idle_at("2026-11-18T12:07:00Z");
    // The next poll still sees the storm: the alert stands, no second one.
    bot.set_clock("2026-11-18T12:21:00Z");
    REQUIRE(bot.wait_for_log(polled, 5));
    bot.idle();
    CHECK(recipients_of_messages_with(bot.out(), "## Spike alert: acme") == "(here)");
    CHECK(contains(bot.out(), "12 mentions in the last hour."));
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
