// Every time-driven message of a handover, end to end on the console (issue
// #19: "time tests that pin the moment and the person"): the half-time
// reminder, the escalation at the deadline (also with business hours, with the
// manager away, with the assignee away), the requester's reminder to post the
// public reply and the morning recap after an absence. Each is checked a
// minute before its moment (nothing), at it (once, to exactly whom) and a
// minute after (no second one). The team acts in short sessions on one
// database; then @zed, who is on no team, runs the bot and watches the test
// clock (ONEVOICE_TEST_CLOCK_FILE) move: every direct message meant for
// someone of the team is printed with the marker that names them.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::console_session;
using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::message_with;
using onevoice::tests::recipients_of_messages_with;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin (UTC+1). With the default target of
// 4 hours a handover asked now is half-time at 14:06 (13:06 UTC) and due at
// 16:06 (15:06 UTC).
const std::string k_start = "2026-11-18T11:06:00Z";

const std::string k_team = "/team add @alice expert\n/experts add @alice billing\n"
                           "/team add @bob helper\n";

const std::string k_half = "half the time for handover";

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console timing e2e: half-time to the assignee, the escalation to the manager, "
          "or to the requester when the manager has it") {
    TempDir dir;
    console_session(dir, k_start, "@boss", k_team);
    console_session(dir, k_start, "@bob",
                    "/handover billing Can I pay by invoice?\n"
                    "/handover @boss Is the fair booth open?\n");

    ConsoleBot bot(dir, "2026-11-18T13:05:00Z", "", "@zed");
    INFO(bot.log());
    bot.idle();
    CHECK_FALSE(contains(bot.out(), k_half));
    bot.set_clock("2026-11-18T13:06:00Z");
    REQUIRE(bot.wait_for(k_half + " #1"));
    REQUIRE(bot.wait_for(k_half + " #2"));
    bot.idle_at("2026-11-18T13:07:00Z");
    CHECK(recipients_of_messages_with(bot.out(), k_half + " #1") == "@alice");
    CHECK(recipients_of_messages_with(bot.out(), k_half + " #2") == "@boss");

    bot.idle_at("2026-11-18T15:05:00Z");
    CHECK_FALSE(contains(bot.out(), "overdue"));
    bot.set_clock("2026-11-18T15:06:00Z");
    REQUIRE(bot.wait_for("Handover #1 is overdue since 2026-11-18 16:06 and was escalated"));
    REQUIRE(bot.wait_for("Handover #2 is overdue since 2026-11-18 16:06 and was escalated"));
    bot.idle_at("2026-11-18T15:07:00Z");
    const std::string out = bot.out();
    // Alice's handover goes up to the manager, and Alice hears that it did.
    CHECK(recipients_of_messages_with(out, "16:06: @alice has not responded. Asked by @bob. "
                                           "Escalated to you.") == "@boss");
    CHECK(recipients_of_messages_with(out, "Handover #1 is overdue since 2026-11-18 16:06 and "
                                           "was escalated to @boss.") == "@alice");
    // The manager's own handover cannot go up to himself: back to the one who asked.
    CHECK(recipients_of_messages_with(out, "16:06: @boss has not responded. Asked by @bob. "
                                           "Escalated to you.") == "@bob");
    CHECK(recipients_of_messages_with(out, "Handover #2 is overdue since 2026-11-18 16:06 and "
                                           "was escalated to @bob.") == "@boss");
    CHECK(count_of(out, "is overdue since") == 4);
    CHECK(count_of(out, k_half) == 2);
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: with the manager away the deputy gets the escalation, with the "
          "assignee away their cover") {
    TempDir dir;
    console_session(dir, k_start, "@boss",
                    k_team + "/team add @erin expert\n/experts add @erin shipping\n"
                             "/team add @carol helper\n/team add @dana deputy\n"
                             "/team away 2026-11-16 2026-11-20\n");
    // #1 to Alice; #2 to Erin, who goes away after it was assigned, with Carol
    // as her cover; #3, asked after that, goes to Carol straight away.
    console_session(dir, k_start, "@bob",
                    "/handover billing Can I pay by invoice?\n"
                    "/handover shipping Where is my parcel?\n");
    console_session(dir, k_start, "@boss", "/team away @erin 2026-11-18 2026-11-20 cover @carol\n");
    const std::string asked =
        console_session(dir, k_start, "@bob", "/handover shipping Do you ship to Austria?\n");
    INFO(asked);
    REQUIRE(contains(asked, "Handover #3 is with @carol (cover for @erin)"));

    ConsoleBot bot(dir, "2026-11-18T13:05:00Z", "", "@zed");
    INFO(bot.log());
    bot.idle();
    CHECK_FALSE(contains(bot.out(), k_half));
    bot.set_clock("2026-11-18T13:06:00Z");
    REQUIRE(bot.wait_for(k_half + " #3"));
    REQUIRE(bot.wait_for(k_half + " #2"));
    REQUIRE(bot.wait_for(k_half + " #1"));
    bot.idle_at("2026-11-18T13:07:00Z");
    CHECK(recipients_of_messages_with(bot.out(), k_half + " #1") == "@alice");
    // The reminder goes to whoever holds the handover, as README says ("the
    // assignee is reminded at half time"), even while away; the escalation is
    // what looks for the cover.
    CHECK(recipients_of_messages_with(bot.out(), k_half + " #2") == "@erin");
    CHECK(recipients_of_messages_with(bot.out(), k_half + " #3") == "@carol");

    bot.idle_at("2026-11-18T15:05:00Z");
    CHECK_FALSE(contains(bot.out(), "overdue"));
    bot.set_clock("2026-11-18T15:06:00Z");
    for (const char* id : {"#1", "#2", "#3"}) {
        REQUIRE(bot.wait_for("Handover " + std::string(id) +
                             " is overdue since 2026-11-18 16:06 "
                             "and was escalated"));
    }
    bot.idle_at("2026-11-18T15:07:00Z");
    const std::string out = bot.out();
    CHECK(recipients_of_messages_with(out, "@alice has not responded") == "@dana");
    CHECK(recipients_of_messages_with(out, "and was escalated to @dana") == "@alice @carol");
    CHECK(recipients_of_messages_with(out, "@erin has not responded") == "@carol");
    CHECK(recipients_of_messages_with(out, "and was escalated to @carol") == "@erin");
    CHECK(recipients_of_messages_with(out, "@carol has not responded") == "@dana");
    // Nothing for the absent manager, nothing for the one who asked.
    CHECK_FALSE(contains(out, "(direct message to @boss)"));
    CHECK_FALSE(contains(out, "(direct message to @bob)"));
    CHECK(count_of(out, "is overdue since") == 6);
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: with business hours a Friday evening handover reminds and "
          "escalates on Monday at its minute") {
    TempDir dir;
    const std::string config = "[handover]\nbusiness_hours = \"09:00-17:00\"\n";
    // Friday 2026-11-20, 18:00 in Berlin: after hours. Four working hours end
    // Monday 13:00 (12:00 UTC), half of them at 11:00 (10:00 UTC).
    console_session(dir, "2026-11-20T17:00:00Z", "@boss", k_team, config);
    const std::string asked = console_session(dir, "2026-11-20T17:00:00Z", "@bob",
                                              "/handover billing Weekend order?\n", config);
    INFO(asked);
    REQUIRE(contains(asked, "first response due 2026-11-23 13:00."));

    // Where four hours of plain time would put half-time and the deadline, and
    // the weekend: nothing.
    ConsoleBot bot(dir, "2026-11-20T19:00:00Z", config, "@zed");
    INFO(bot.log());
    bot.idle();
    bot.idle_at("2026-11-20T21:00:00Z");
    bot.idle_at("2026-11-22T12:00:00Z");
    bot.idle_at("2026-11-23T09:59:00Z");
    CHECK_FALSE(contains(bot.out(), k_half));
    bot.set_clock("2026-11-23T10:00:00Z");
    REQUIRE(bot.wait_for(k_half + " #1"));
    CHECK(contains(message_with(bot.out(), k_half), "it is due 2026-11-23 13:00."));
    bot.idle_at("2026-11-23T11:59:00Z");
    CHECK(recipients_of_messages_with(bot.out(), k_half) == "@alice");
    CHECK_FALSE(contains(bot.out(), "overdue"));
    bot.set_clock("2026-11-23T12:00:00Z");
    REQUIRE(bot.wait_for("Handover #1 is overdue since 2026-11-23 13:00 and was escalated"));
    bot.idle_at("2026-11-23T12:01:00Z");
    CHECK(recipients_of_messages_with(bot.out(), "Escalated to you.") == "@boss");
    CHECK(recipients_of_messages_with(bot.out(), "and was escalated to @boss.") == "@alice");
    CHECK(count_of(bot.out(), "is overdue since") == 2);
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: the requester is reminded of the public reply every two hours "
          "after the answer") {
    TempDir dir;
    console_session(dir, k_start, "@boss", k_team);
    console_session(dir, k_start, "@bob", "/handover billing Can I pay by invoice?\n");
    // Answered at 12:36 (11:36 UTC): reminders at 14:36 and 16:36.
    console_session(dir, "2026-11-18T11:36:00Z", "@alice",
                    "/handover answer 1 Yes, invoices are fine.\n");

    const std::string reminder = "but the customer has no public reply yet";
    ConsoleBot bot(dir, "2026-11-18T13:35:00Z", "", "@zed");
    INFO(bot.log());
    bot.idle();
    CHECK_FALSE(contains(bot.out(), reminder));
    bot.set_clock("2026-11-18T13:36:00Z");
    REQUIRE(bot.wait_for(reminder));
    bot.idle_at("2026-11-18T13:37:00Z");
    bot.idle_at("2026-11-18T15:35:00Z");
    CHECK(recipients_of_messages_with(bot.out(), reminder) == "@bob");
    bot.set_clock("2026-11-18T15:36:00Z");
    REQUIRE(bot.wait_for(reminder, bot.out().rfind(reminder) + 1));
    bot.idle_at("2026-11-18T15:37:00Z");
    CHECK(recipients_of_messages_with(bot.out(), reminder) == "@bob @bob");
    // Answered in time: neither the half-time reminder nor the escalation.
    CHECK_FALSE(contains(bot.out(), k_half));
    CHECK_FALSE(contains(bot.out(), "overdue"));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: the recap after an absence comes at 08:00 the next morning, "
          "once, to the one who is back") {
    TempDir dir;
    // Alice's absence ends today; Erin's would end on Friday, but she comes
    // back early today and has her recap at once.
    console_session(dir, k_start, "@boss",
                    k_team + "/team add @erin expert\n/experts add @erin shipping\n"
                             "/team add @carol helper\n/team add @hanna helper\n"
                             "/team away @alice 2026-11-16 2026-11-18 cover @bob\n"
                             "/team away @erin 2026-11-18 2026-11-20 cover @carol\n");
    const std::string asked = console_session(dir, k_start, "@hanna",
                                              "/handover billing Can I pay by invoice?\n"
                                              "/handover shipping Where is my parcel?\n");
    INFO(asked);
    REQUIRE(contains(asked, "Handover #1 is with @bob (cover for @alice)"));
    REQUIRE(contains(asked, "Handover #2 is with @carol (cover for @erin)"));
    const std::string back = console_session(dir, k_start, "@boss", "/team back @erin\n");
    INFO(back);
    CHECK(recipients_of_messages_with(back, "## While you were away") == "@erin");

    const std::string recap = "## While you were away";
    // Thursday 2026-11-19, 07:59 in Berlin.
    ConsoleBot bot(dir, "2026-11-19T06:59:00Z", "", "@hanna");
    INFO(bot.log());
    bot.idle();
    CHECK_FALSE(contains(bot.out(), recap));
    bot.set_clock("2026-11-19T07:00:00Z");
    REQUIRE(bot.wait_for(recap));
    bot.idle_at("2026-11-19T07:01:00Z");
    CHECK(recipients_of_messages_with(bot.out(), recap) == "@alice");
    CHECK(contains(message_with(bot.out(), recap),
                   "1 handover went to your cover:\n- #1 billing — @bob · open"));
    // Her topic is hers again.
    bot.type("/handover billing Do you ship to Austria?\n");
    REQUIRE(bot.wait_for("Handover #3 is with @alice"));
    // Not again the next morning, nor for Erin when her absence would have ended.
    bot.idle_at("2026-11-20T07:00:00Z");
    bot.idle_at("2026-11-21T07:00:00Z");
    CHECK(recipients_of_messages_with(bot.out(), recap) == "@alice");
    CHECK(bot.finish() == 0);
}

TEST_CASE("console timing e2e: a recap whose morning the bot missed comes when it starts") {
    TempDir dir;
    console_session(dir, k_start, "@boss",
                    k_team + "/team add @hanna helper\n"
                             "/team away @alice 2026-11-16 2026-11-18 cover @bob\n");
    console_session(dir, k_start, "@hanna", "/handover billing Can I pay by invoice?\n");

    // Nobody ran the bot at 08:00 on Thursday; it starts on Friday at 10:00.
    const std::string recap = "## While you were away";
    ConsoleBot bot(dir, "2026-11-20T09:00:00Z", "", "@zed");
    INFO(bot.log());
    REQUIRE(bot.wait_for(recap));
    bot.idle_at("2026-11-21T07:00:00Z");
    CHECK(recipients_of_messages_with(bot.out(), recap) == "@alice");
    CHECK(contains(message_with(bot.out(), recap), "- #1 billing — @bob · open"));
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
