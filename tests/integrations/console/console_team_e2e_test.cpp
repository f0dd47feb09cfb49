// `team remove`, `team back` and `experts remove` end to end on the console
// (issue #19): the built binary, one session per person on the same database,
// each checked through another command afterwards (`team`, `experts`, where
// the next handover goes).
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::console_session;
using onevoice::tests::contains;
using onevoice::tests::in_order;
using onevoice::tests::message_with;
using onevoice::tests::recipient_of_message_with;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin.
const std::string k_start = "2026-11-18T11:06:00Z";

std::string session(const TempDir& dir, const std::string& as, const std::string& lines) {
    return console_session(dir, k_start, as, lines);
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console team e2e: team remove takes someone off the roster and off the work") {
    TempDir dir;
    session(dir, "@boss",
            "/team add @alice expert\n/experts add @alice billing\n/team add @bob helper\n"
            "/team add @carol helper\n/team away @alice 2026-11-16 2026-11-20 cover @carol\n");

    // A helper may not remove anyone: the router refuses, nothing changes.
    const std::string by_bob = session(dir, "@bob", "/team remove @carol\n/team\n");
    INFO(by_bob);
    CHECK(in_order(by_bob, {"Only a manager, deputy or community manager may do that.",
                            "Usage: team remove @user", "- @carol — helper"}));

    const std::string by_boss = session(
        dir, "@boss", "/team remove @carol\n/team\n/team remove @carol\n/team remove @boss\n");
    INFO(by_boss);
    CHECK(contains(by_boss, "@carol is no longer on the team."));
    const std::string roster = message_with(by_boss, "## Team");
    CHECK(contains(roster, "- @alice — expert"));
    CHECK(contains(roster, "- @bob — helper"));
    CHECK_FALSE(contains(roster, "- @carol"));
    CHECK(contains(by_boss, "carol is not on the team.\nUsage: team remove @user"));
    CHECK(contains(by_boss, "That is the team's last manager; add another manager first."));
    CHECK(contains(message_with(by_boss, "## Team"), "- @boss — manager"));

    // Carol was Alice's cover: a customer question for Alice's topic no
    // longer goes to someone off the team, but to the manager.
    const std::string asked = session(dir, "@bob", "/handover billing Can I pay by invoice?\n");
    INFO(asked);
    CHECK(contains(asked, "Handover #1 is with @boss"));
    CHECK(recipient_of_message_with(asked, "## Handover #1 · billing") == "@boss");
    CHECK_FALSE(contains(asked, "@carol"));

    // An expert removed leaves their topics: the list no longer names them, and their only
    // topic is gone, so a question on it is not routed to them.
    const std::string removed = session(dir, "@boss",
                                        "/team add @dave expert\n/experts add @dave shipping\n"
                                        "/team remove @dave\n/experts\n");
    INFO(removed);
    CHECK(contains(removed, "@dave is no longer on the team."));
    const std::string experts = message_with(removed, "## Experts");
    CHECK(contains(experts, "- billing: @alice"));
    CHECK_FALSE(contains(experts, "@dave"));
    CHECK_FALSE(contains(experts, "shipping"));
    const std::string shipping = session(dir, "@bob", "/handover shipping Where is my parcel?\n");
    INFO(shipping);
    CHECK(contains(shipping, "Unknown topic 'shipping'. Topics: billing."));
    CHECK_FALSE(contains(shipping, "@dave"));
}

TEST_CASE("console team e2e: team back ends an absence early and brings the recap") {
    TempDir dir;
    const std::string setup = session(
        dir, "@boss",
        "/team add @alice expert\n/experts add @alice billing\n/team add @bob helper\n"
        "/team away @alice 2026-11-16 2026-11-27 cover @bob\n"
        "/handover billing Can I pay by invoice?\n/handover @alice Is the fair booth open?\n");
    INFO(setup);
    REQUIRE(contains(setup, "Handover #2 is with @bob (cover for @alice)"));

    // Ending someone else's absence is for lead roles.
    const std::string by_bob = session(dir, "@bob", "/team back @alice\n");
    INFO(by_bob);
    CHECK(contains(by_bob,
                   "Only a manager, deputy or community manager may do that for someone else."));

    const std::string back = session(
        dir, "@boss", "/team back @alice\n/team\n/handover billing Do you ship to Austria?\n");
    INFO(back);
    CHECK(contains(back, "Welcome back, @alice!"));
    // The recap goes to Alice alone, as a direct message.
    const std::string recap = message_with(back, "## While you were away");
    CHECK(recipient_of_message_with(back, "## While you were away") == "@alice");
    CHECK(in_order(recap,
                   {"2 handovers went to your cover:",
                    "- #1 billing — @bob · open · due 2026-11-18 16:06 — Can I pay by invoice?",
                    "- #2 direct — @bob · open · due 2026-11-18 16:06 — Is the fair booth open?",
                    "Nothing is open for you."}));
    // The roster shows her present again, and her topic's next question goes to her.
    const std::string roster = message_with(back, "## Team");
    CHECK(contains(roster, "- @alice — expert\n"));
    CHECK_FALSE(contains(roster, "away"));
    CHECK(contains(back, "Handover #3 is with @alice, first response due"));
    CHECK(recipient_of_message_with(back, "## Handover #3 · billing") == "@alice");

    // Back already: nothing to end.
    const std::string again = session(dir, "@alice", "/team back\n");
    INFO(again);
    CHECK(contains(again, "alice is not marked as away.\nUsage: team back [@user]"));
    CHECK_FALSE(contains(again, "While you were away"));
}

TEST_CASE("console team e2e: experts remove takes one topic, or all of them") {
    TempDir dir;
    session(dir, "@boss",
            "/team add @alice helper\n/team add @carol helper\n"
            "/experts add @alice billing,shipping\n/experts add @carol shipping\n");

    const std::string one = session(dir, "@boss",
                                    "/experts remove @alice shipping\n/experts\n"
                                    "/handover shipping Where is my parcel?\n");
    INFO(one);
    CHECK(contains(one, "@alice is no longer the expert for shipping."));
    const std::string experts = message_with(one, "## Experts");
    CHECK(contains(experts, "- billing: @alice\n"));
    CHECK(contains(experts, "- shipping: @carol"));
    CHECK(contains(one, "Handover #1 is with @carol"));

    const std::string all = session(dir, "@boss",
                                    "/experts remove @alice\n/experts\n/team\n"
                                    "/handover billing Can I pay by invoice?\n"
                                    "/experts remove @alice billing\n");
    INFO(all);
    CHECK(contains(all, "@alice is no longer an expert."));
    CHECK_FALSE(contains(message_with(all, "## Experts"), "@alice"));
    // No topics, no expert role; Alice stays on the team as a helper.
    CHECK(contains(message_with(all, "## Team"), "- @alice — helper\n"));
    CHECK(contains(all, "Unknown topic 'billing'. Topics: shipping."));
    CHECK(contains(all, "alice is not an expert for billing.\nUsage: experts remove @user"));
}

TEST_SUITE_END();
