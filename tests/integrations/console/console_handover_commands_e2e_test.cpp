// The life of a handover after it was created, end to end on the console
// (issue #19): decline, reassign, close, replied, show and stats through the
// built binary, one session per person on the same database, each session
// starting the test clock (ONEVOICE_TEST_CLOCK_FILE) at its own time, so that
// reminders fall due between them and response times are known to the minute.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::console_session;
using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::in_order;
using onevoice::tests::message_with;
using onevoice::tests::recipient_of_message_with;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin (UTC+1): a first response is due at 16:06.
const std::string k_start = "2026-11-18T11:06:00Z";

const std::string k_team = "/team add @alice expert\n/experts add @alice billing\n"
                           "/team add @bob helper\n";

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console handover e2e: decline goes to the next expert, never back, then a manager") {
    TempDir dir;
    console_session(dir, k_start, "@boss",
                    k_team + "/team add @carol expert\n/experts add @carol billing\n");
    const std::string asked =
        console_session(dir, k_start, "@bob", "/handover billing Can I pay by invoice?\n");
    INFO(asked);
    REQUIRE(contains(asked, "Handover #1 is with @alice"));

    const std::string by_alice = console_session(dir, "2026-11-18T11:16:00Z", "@alice",
                                                 "/handover decline 1 on holiday tomorrow\n"
                                                 "/handover decline 1\n");
    INFO(by_alice);
    CHECK(contains(by_alice, "You declined handover #1; it went to @carol."));
    CHECK(recipient_of_message_with(by_alice, "## Handover #1 · billing") == "@carol");
    CHECK(
        contains(message_with(by_alice, "## Handover #1 · billing"), "[Accept] handover accept 1"));
    CHECK(recipient_of_message_with(by_alice, "declined handover #1") == "@bob");
    CHECK(contains(by_alice,
                   "@alice declined handover #1; it went to @carol. (on holiday tomorrow)"));
    CHECK(contains(by_alice, "Handover #1 is not assigned to you.\nUsage: handover decline"));

    // Carol declines too: never back to Alice, nor to Bob who asked; the manager.
    const std::string by_carol =
        console_session(dir, "2026-11-18T11:20:00Z", "@carol", "/handover decline 1\n");
    INFO(by_carol);
    CHECK(contains(by_carol, "You declined handover #1; it went to @boss."));
    CHECK(recipient_of_message_with(by_carol, "## Handover #1 · billing") == "@boss");
    CHECK(recipient_of_message_with(by_carol, "@carol declined handover #1") == "@bob");

    const std::string by_boss = console_session(dir, "2026-11-18T11:30:00Z", "@boss",
                                                "/handover show 1\n/handover decline 1\n");
    INFO(by_boss);
    CHECK(in_order(message_with(by_boss, "History"),
                   {"Status: open", "Asked by: @bob", "With: @boss", "History",
                    "- 2026-11-18 12:06 @bob created it: billing",
                    "- 2026-11-18 12:06 @bob assigned it to: @alice",
                    "- 2026-11-18 12:16 @alice declined it: on holiday tomorrow",
                    "- 2026-11-18 12:16 @alice assigned it to: @carol",
                    "- 2026-11-18 12:20 @carol declined it",
                    "- 2026-11-18 12:20 @carol assigned it to: @boss"}));
    CHECK(contains(by_boss, "Nobody else is available for handover #1."));
}

TEST_CASE("console handover e2e: reassign sends the new assignee the card, show names them") {
    TempDir dir;
    console_session(dir, k_start, "@boss",
                    k_team + "/team add @dave helper\n/team add @eve helper\n");
    console_session(dir, k_start, "@bob", "/handover billing Is the fair booth open?\n");

    // Neither assignee, requester nor lead: refused, nothing changes.
    const std::string by_eve =
        console_session(dir, k_start, "@eve", "/handover reassign 1 @eve\n/handover show 1\n");
    INFO(by_eve);
    CHECK(contains(by_eve, "Only the assignee, the requester or a lead role may change handover "
                           "#1.\nUsage: handover reassign <id> @user"));
    CHECK(contains(message_with(by_eve, "History"), "With: @alice"));

    const std::string by_alice = console_session(
        dir, "2026-11-18T11:10:00Z", "@alice",
        "/handover accept 1\n/handover reassign 1 @zed\n/handover reassign 9 @dave\n"
        "/handover reassign 1 @dave\n/handover show 1\n");
    INFO(by_alice);
    CHECK(contains(by_alice, "zed is not on the team; add them with team add first."));
    CHECK(contains(by_alice, "There is no handover #9.\nUsage: handover reassign <id> @user"));
    CHECK(contains(by_alice, "Handover #1 is now with @dave."));
    // The card, with its buttons (`show` prints the same heading without them).
    CHECK(recipient_of_message_with(by_alice, "[Accept] handover accept 1") == "@dave");
    CHECK(contains(message_with(by_alice, "[Accept] handover accept 1"),
                   "## Handover #1 · billing\nIs the fair booth open?"));
    // Accepted by Alice, but Dave has not responded yet: open again, with Dave.
    CHECK(in_order(message_with(by_alice, "History"),
                   {"Status: open", "With: @dave", "- 2026-11-18 12:10 @alice accepted it",
                    "- 2026-11-18 12:10 @alice assigned it to: @dave"}));

    // At half time (14:06) the reminder goes to Dave, not Alice.
    const std::string later =
        console_session(dir, "2026-11-18T13:06:00Z", "@boss", "/handover list\n");
    INFO(later);
    CHECK(recipient_of_message_with(later, "half the time for handover #1 is gone") == "@dave");
    CHECK(contains(later, "- #1 billing — @dave · open · due 2026-11-18 16:06"));
}

TEST_CASE("console handover e2e: close ends a handover and its reminders") {
    TempDir dir;
    console_session(dir, k_start, "@boss", k_team);
    console_session(dir, k_start, "@bob", "/handover billing Can I pay by invoice?\n");
    const std::string by_bob = console_session(
        dir, "2026-11-18T11:30:00Z", "@bob",
        "/handover close 1 now\n/handover close 1\n/handover close 1\n/handover answer 1 Late\n");
    INFO(by_bob);
    CHECK(contains(by_bob, "Unexpected 'now'.\nUsage: handover close <id>"));
    CHECK(count_of(by_bob, "Handover #1 is closed.") == 1);
    CHECK(contains(by_bob, "Handover #1 is already closed.\nUsage: handover close <id>"));
    CHECK(contains(by_bob, "Handover #1 is already closed.\nUsage: handover answer"));

    // Past half time and past the deadline: no reminder, no escalation.
    const std::string later = console_session(dir, "2026-11-18T15:30:00Z", "@boss",
                                              "/handover list\n/handover list all\n"
                                              "/handover show 1\n");
    INFO(later);
    CHECK_FALSE(contains(later, "half the time"));
    CHECK_FALSE(contains(later, "overdue"));
    CHECK(contains(later, "## Open handovers\nNone."));
    CHECK(contains(message_with(later, "## All handovers"),
                   "- #1 billing — @alice · closed — Can I pay by invoice?"));
    CHECK(in_order(message_with(later, "History"),
                   {"Status: closed", "- 2026-11-18 12:30 @bob closed it"}));
}

TEST_CASE("console handover e2e: replied marks the answered handover done, reminders stop") {
    TempDir dir;
    console_session(dir, k_start, "@boss", k_team);
    console_session(dir, k_start, "@bob", "/handover billing Can I pay by invoice?\n");
    const std::string by_alice =
        console_session(dir, "2026-11-18T11:36:00Z", "@alice",
                        "/handover replied 1\n/handover answer 1 Yes, invoices are fine.\n");
    INFO(by_alice);
    CHECK(contains(by_alice, "Handover #1 is open; only an answered handover can be replied."));
    CHECK(contains(by_alice, "## Answer to handover #1\n@alice answered the question of @bob:\n"
                             "Yes, invoices are fine."));

    // Two hours after the answer Bob is reminded; the manager marks it replied.
    ConsoleBot bot(dir, "2026-11-18T13:36:00Z");
    INFO(bot.log());
    REQUIRE(bot.wait_for("but the customer has no public reply yet"));
    CHECK(recipient_of_message_with(bot.out(), "no public reply yet") == "@bob");
    CHECK(contains(bot.out(), "Handover #1 was answered at 2026-11-18 12:36, but the customer has "
                              "no public reply yet. Once they have it: handover replied 1 [link]"));
    bot.type("/handover replied 1 https://social.example/r/1 extra\n"
             "/handover replied 1 https://social.example/r/1\n");
    REQUIRE(bot.wait_for("Handover #1 is done: the customer has the reply."));
    CHECK(contains(bot.out(), "Unexpected 'extra'.\nUsage: handover replied <id> [link]"));
    // The next reminder would have come at 16:36; it does not.
    bot.set_clock("2026-11-18T15:37:00Z");
    bot.idle();
    CHECK(count_of(bot.out(), "no public reply yet") == 1);
    bot.type("/handover show 1\n/handover replied 1\n");
    REQUIRE(bot.wait_for("only an answered handover can be replied"));
    CHECK(in_order(message_with(bot.out(), "History"),
                   {"Status: replied", "Answer: Yes, invoices are fine.",
                    "Public reply: https://social.example/r/1",
                    "- 2026-11-18 12:36 @alice answered: Yes, invoices are fine.",
                    "- 2026-11-18 14:36 @boss marked it replied: https://social.example/r/1"}));
    CHECK(contains(bot.out(), "Handover #1 is replied; only an answered handover can be replied."));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console handover e2e: stats give count, median and 90th percentile, 7 or 30 days") {
    TempDir dir;
    // Sunday 2026-11-01, 11:00 in Berlin: #1, answered two hours later.
    console_session(dir, "2026-11-01T10:00:00Z", "@boss",
                    k_team + "/team add @carol expert\n/experts add @carol shipping\n"
                             "/handover billing An old question\n");
    console_session(dir, "2026-11-01T12:00:00Z", "@alice", "/handover answer 1 An old answer\n");
    // Wednesday 2026-11-18, 11:00: #2 (accepted after 10 min, answered after
    // an hour) and #3 (never answered: overdue at 15:00).
    console_session(dir, "2026-11-18T10:00:00Z", "@boss",
                    "/handover billing Can I pay by invoice?\n"
                    "/handover shipping Where is my parcel?\n");
    console_session(dir, "2026-11-18T10:10:00Z", "@alice", "/handover accept 2\n");
    console_session(dir, "2026-11-18T11:00:00Z", "@alice", "/handover answer 2 Yes.\n");
    const std::string out =
        console_session(dir, "2026-11-18T15:00:00Z", "@boss",
                        "/handover stats\n/handover stats 30d\n/handover stats 90d\n");
    INFO(out);
    CHECK(in_order(message_with(out, "## Handovers, last 7 days"),
                   {"All: 2 handovers · first response 10 min / 10 min · answer 1 h / 1 h · "
                    "overdue 50 %",
                    "Times are median / 90th percentile from the question.", "By topic",
                    "- billing: 1 handover · first response 10 min / 10 min · answer 1 h / 1 h · "
                    "overdue 0 %",
                    "- shipping: 1 handover · first response – · answer – · overdue 100 %",
                    "By expert",
                    "- @alice: 1 handover · first response 10 min / 10 min · answer 1 h / 1 h · "
                    "overdue 0 %",
                    "- @carol: 1 handover · first response – · answer – · overdue 100 %"}));
    // Nearest rank of two: the median is the smaller, the 90th percentile the larger.
    CHECK(in_order(message_with(out, "## Handovers, last 30 days"),
                   {"All: 3 handovers · first response 10 min / 2 h · answer 1 h / 2 h · "
                    "overdue 33 %",
                    "- billing: 2 handovers · first response 10 min / 2 h · answer 1 h / 2 h · "
                    "overdue 0 %",
                    "- @alice: 2 handovers"}));
    CHECK(contains(out, "Unknown period '90d'. Periods: 7d, 30d.\nUsage: handover stats [7d|30d]"));

    // Customer data: a colleague who is not on the team sees no numbers.
    const std::string by_zed =
        console_session(dir, "2026-11-18T15:00:00Z", "@zed", "/handover stats\n");
    INFO(by_zed);
    CHECK(contains(by_zed, "Only members of the social media team may see or do that."));
    CHECK_FALSE(contains(by_zed, "## Handovers"));
}

TEST_SUITE_END();
