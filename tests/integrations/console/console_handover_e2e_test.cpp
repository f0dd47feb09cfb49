// Handovers end to end on the console (issue #6, "Done when"): the built binary
// on a test clock (ONEVOICE_TEST_CLOCK_FILE) that the test moves, so the
// half-time reminder and the escalation fire without waiting hours.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::Process;
using onevoice::tests::TempDir;

namespace {

using std::chrono::milliseconds;

const std::string k_team = "/team add @alice expert\n"
                           "/experts add @alice billing\n"
                           "/team add @bob helper\n";

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console handover e2e: cover, half-time reminder, escalation, answer back in place") {
    TempDir dir;
    // Wednesday 2026-11-18, 12:06 in Berlin.
    ConsoleBot bot(dir, "2026-11-18T11:06:00Z");
    INFO(bot.log());
    bot.type(k_team + "/team away @alice 2026-11-16 2026-11-20 cover @bob\n"
                      "/handover billing Can I pay by invoice?\n");
    REQUIRE(bot.wait_for("[Accept] handover accept 1"));
    CHECK(contains(bot.out(), "Handover #1 is with @bob (cover for @alice)"));
    CHECK(contains(bot.out(), "(direct message to @bob)"));
    CHECK(contains(bot.out(), "[Accept] handover accept 1"));

    bot.set_clock("2026-11-18T13:06:00Z");
    REQUIRE(bot.wait_for("half the time for handover #1 is gone"));
    bot.set_clock("2026-11-18T15:06:00Z");
    REQUIRE(bot.wait_for("Escalated to you."));
    CHECK(contains(bot.out(),
                   "Handover #1 is overdue since 2026-11-18 16:06: @bob has not responded"));

    bot.type("/handover answer 1 Yes, invoices are fine.\n/handover list overdue\n");
    REQUIRE(bot.wait_for("Overdue handovers"));
    CHECK(contains(bot.out(), "## Answer to handover #1\n@boss answered the question of @boss:\n"
                              "Yes, invoices are fine."));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console handover e2e: with business hours, Friday evening is due on Monday") {
    TempDir dir;
    // Friday 2026-11-20, 18:00 in Berlin: after hours.
    ConsoleBot bot(dir, "2026-11-20T17:00:00Z", "[handover]\nbusiness_hours = \"09:00-17:00\"\n");
    INFO(bot.log());
    bot.type(k_team + "/handover billing Weekend order?\n");
    REQUIRE(bot.wait_for("first response due 2026-11-23 13:00."));
    bot.set_clock("2026-11-21T12:00:00Z"); // Saturday noon: nothing is due
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "half the time"));
    bot.set_clock("2026-11-23T10:00:00Z"); // Monday 11:00
    REQUIRE(bot.wait_for("is gone; it is due 2026-11-23 13:00"));
    CHECK_FALSE(contains(bot.out(), "Escalated"));
    bot.set_clock("2026-11-23T12:00:00Z"); // Monday 13:00
    REQUIRE(bot.wait_for("Escalated to you."));
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
