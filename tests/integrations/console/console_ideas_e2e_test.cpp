// `idea show`, `idea assign`, `idea plan` and the weekly idea nudge end to end
// on the console (issue #19): the built binary, one session per person on the
// same database, the nudge on the test clock (ONEVOICE_TEST_CLOCK_FILE) moved
// to its day and time. Also in German, and a typo that must not become an idea.
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

// Wednesday 2026-11-18, 12:06 in Berlin (UTC+1).
const std::string k_start = "2026-11-18T11:06:00Z";

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console ideas e2e: idea assign tells the new owner, idea show has the history") {
    TempDir dir;
    const std::string by_boss =
        console_session(dir, k_start, "@boss",
                        "/team add @alice helper\n"
                        "/idea add Behind the scenes at the fair #event https://fair.example/a\n"
                        "/idea assign 1 @alice\n/idea assign 9 @alice\n/idea assign 1\n");
    INFO(by_boss);
    CHECK(contains(by_boss, "#1 is now with @alice."));
    CHECK(recipient_of_message_with(by_boss, "assigned idea #1 to you") == "@alice");
    CHECK(contains(message_with(by_boss, "assigned idea #1 to you"),
                   "@boss assigned idea #1 to you: Behind the scenes at the fair #event "
                   "https://fair.example/a"));
    CHECK(contains(by_boss, "There is no idea #9.\nUsage: idea assign <id> @user"));
    CHECK(contains(by_boss, "Which idea, and for whom? Write idea assign 12 @alice."));
    CHECK(count_of(by_boss, "assigned idea #1 to you") == 1);

    // Alice, a quarter of an hour later: votes and hands it back to the boss.
    const std::string by_alice = console_session(dir, "2026-11-18T11:21:00Z", "@alice",
                                                 "/idea vote 1\n/idea assign 1 @boss\n"
                                                 "/idea show 1\n/idea show 7\n");
    INFO(by_alice);
    CHECK(recipient_of_message_with(by_alice, "@alice assigned idea #1 to you") == "@boss");
    const std::string shown = message_with(by_alice, "History:");
    CHECK(in_order(
        shown, {"## Idea #1", "Behind the scenes at the fair #event", "Status: new", "Votes: 1",
                "Tags: #event", "From: @boss", "Assigned to: @boss", "[Vote] idea vote 1",
                "History:", "- 2026-11-18 12:06 @boss captured the idea",
                "- 2026-11-18 12:06 @boss assigned it to @alice", "- 2026-11-18 12:21 @alice voted",
                "- 2026-11-18 12:21 @alice assigned it to @boss"}));
    CHECK(contains(by_alice, "There is no idea #7.\nUsage: idea show <id>"));
}

TEST_CASE("console ideas e2e: a typo of a subcommand is asked about, nothing is captured") {
    TempDir dir;
    const std::string out = console_session(dir, k_start, "@boss",
                                            "/idea add Office dog portrait\n/idea shwo 1\n"
                                            "/idea lsit all\n/idea list all\n"
                                            "/team remvoe @boss\n/team\n");
    INFO(out);
    CHECK(contains(out, "Did you mean idea show 1? 'shwo' is close to a subcommand, so nothing "
                        "was captured; to capture an idea that starts with it, write idea add "
                        "shwo …\nUsage: idea add <text...>"));
    CHECK(contains(out, "Did you mean idea list all?"));
    // Only the one idea exists: neither typo was captured.
    CHECK(contains(message_with(out, "## Ideas: all"), "- #1 Office dog portrait"));
    CHECK(contains(out, "1–1 of 1 (page 1 of 1)"));
    CHECK_FALSE(contains(out, "## Idea #2"));
    // A typo of another command's subcommand is refused with its usage lines.
    CHECK(contains(out, "'remvoe' is not a subcommand of team.\nUsage:\n- team\n"));
    CHECK(contains(message_with(out, "## Team"), "- @boss — manager"));
}

TEST_CASE("console ideas e2e: idea plan shows a week with its empty days, a month without") {
    TempDir dir;
    const std::string out = console_session(
        dir, k_start, "@boss",
        "/team add @alice helper\n/idea add Black Friday teaser\n/idea add Team photo\n"
        "/idea add Advent calendar kick-off\n/idea add Never planned\n"
        "/idea status 1 approved\n/idea status 2 approved\n/idea status 3 approved\n"
        "/idea schedule 1 2026-11-19 10:00 instagram\n/idea schedule 2 friday\n"
        "/idea schedule 3 2026-12-01 09:30 linkedin blog\n/idea assign 2 @alice\n"
        "/idea plan\n/idea plan month\n/idea plan 2026-12\n/idea plan 2027-01\n"
        "/idea plan fortnight\n");
    INFO(out);
    const std::string week = message_with(out, "## Editorial plan 2026-11-16 – 2026-11-22");
    CHECK(in_order(week,
                   {"Monday 2026-11-16\nnothing planned", "Wednesday 2026-11-18",
                    "Thursday 2026-11-19\n"
                    "- 10:00 · instagram · Black Friday teaser #1 · @boss · scheduled",
                    "Friday 2026-11-20\n- all day · Team photo #2 · @alice · scheduled",
                    "Saturday 2026-11-21\nnothing planned", "Sunday 2026-11-22\nnothing planned"}));
    CHECK_FALSE(contains(week, "Never planned"));
    const std::string month = message_with(out, "## Editorial plan 2026-11-01 – 2026-11-30");
    CHECK(in_order(month, {"Thursday 2026-11-19", "Friday 2026-11-20"}));
    CHECK_FALSE(contains(month, "nothing planned"));
    CHECK_FALSE(contains(month, "Advent calendar"));
    CHECK(contains(message_with(out, "## Editorial plan 2026-12-01 – 2026-12-31"),
                   "Tuesday 2026-12-01\n- 09:30 · blog, linkedin · Advent calendar kick-off #3"));
    CHECK(contains(message_with(out, "## Editorial plan 2027-01-01 – 2027-01-31"),
                   "Nothing is planned in this period yet."));
    CHECK(contains(out, "'fortnight' is not a period. Use week, month or a month like 2026-11."));
}

TEST_CASE("console ideas e2e: the weekly nudge asks for ideas on its day and time while short") {
    TempDir dir;
    ConsoleBot bot(dir, k_start,
                   "[ideas]\nmin_pipeline = 2\nnudge_day = \"thursday\"\nnudge_time = \"10:00\"\n");
    INFO(bot.log());
    bot.type("/idea add Behind the scenes at the fair #event\n/idea add Office dog portrait\n"
             "/idea vote 2\n/idea status 1 approved\n");
    REQUIRE(bot.wait_for("#1 is now approved."));

    // One approved idea, two wanted. Thursday 09:59 in Berlin: not yet.
    bot.set_clock("2026-11-19T08:59:00Z");
    bot.idle();
    CHECK_FALSE(contains(bot.out(), "Ideas wanted"));
    bot.set_clock("2026-11-19T09:00:00Z");
    REQUIRE(bot.wait_for("[Vote #2] idea vote 2   [Vote #1] idea vote 1"));
    const std::string nudge = message_with(bot.out(), "## Ideas wanted");
    CHECK(in_order(nudge, {"Only 1 approved idea is waiting for the editorial plan; we aim for "
                           "at least 2.",
                           "Most votes right now:", "- #2 Office dog portrait — 1 vote · new",
                           "- #1 Behind the scenes at the fair #event — 0 votes · approved"}));
    // Posted to the team's conversation, not to anyone in private.
    CHECK(recipient_of_message_with(bot.out(), "## Ideas wanted") == "");

    // Two approved: the next Thursday stays quiet.
    bot.type("/idea status 2 approved\n");
    REQUIRE(bot.wait_for("#2 is now approved."));
    bot.set_clock("2026-11-26T09:00:00Z");
    bot.idle();
    CHECK(count_of(bot.out(), "## Ideas wanted") == 1);

    // Short again: not on Wednesday, not at 09:59 on Thursday, at 10:00.
    bot.type("/idea status 2 rejected\n");
    REQUIRE(bot.wait_for("#2 is now rejected."));
    bot.set_clock("2026-12-02T09:00:00Z");
    bot.idle();
    bot.set_clock("2026-12-03T08:59:00Z");
    bot.idle();
    CHECK(count_of(bot.out(), "## Ideas wanted") == 1);
    const std::size_t before = bot.mark();
    bot.set_clock("2026-12-03T09:00:00Z");
    REQUIRE(bot.wait_for("## Ideas wanted", before));
    CHECK(contains(bot.since(before), "Only 1 approved idea is waiting"));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console ideas e2e: in German, schedule for sonntag, assign, show and the plan") {
    TempDir dir;
    const std::string out = console_session(
        dir, k_start, "@boss",
        "/team add @alice helper\n/idea add Blick hinter die Kulissen der Messe #messe\n"
        "/idea status 1 approved\n/idea schedule 1 sonntag 10:00 instagram\n"
        "/idea assign 1 @alice\n/idea show 1\n/idea plan\n/idea shwo 1\n/idea show 9\n",
        "", {"--locale", "de"});
    INFO(out);
    CHECK(contains(out, "#1 ist jetzt freigegeben."));
    CHECK(contains(out, "#1 ist geplant für Sonntag, 22.11.2026, 10:00 Uhr · instagram."));
    CHECK(contains(out, "#1 liegt jetzt bei @alice."));
    CHECK(recipient_of_message_with(out, "hat dir die Idee #1 zugewiesen") == "@alice");
    CHECK(in_order(message_with(out, "Verlauf:"),
                   {"## Idee #1", "Status: geplant", "Zuständig: @alice",
                    "Geplant: 22.11.2026, 10:00 Uhr · instagram",
                    "Verlauf:", "- 18.11.2026, 12:06 Uhr @boss hat die Idee festgehalten",
                    "- 18.11.2026, 12:06 Uhr @boss hat den Status auf freigegeben gesetzt",
                    "- 18.11.2026, 12:06 Uhr @boss hat sie geplant für 22.11.2026, 10:00 Uhr",
                    "- 18.11.2026, 12:06 Uhr @boss hat sie @alice zugewiesen"}));
    CHECK(in_order(message_with(out, "## Redaktionsplan 16.11.2026 – 22.11.2026"),
                   {"Montag 16.11.2026\nnichts geplant", "Samstag 21.11.2026\nnichts geplant",
                    "Sonntag 22.11.2026\n- 10:00 Uhr · instagram · Blick hinter die Kulissen der "
                    "Messe #messe #1 · @alice · geplant"}));
    CHECK(contains(out, "Meintest du idea show 1? „shwo“ ähnelt einem Unterbefehl"));
    CHECK(contains(out, "Es gibt keine Idee #9.\nAufruf: idea show <id>"));
    CHECK_FALSE(contains(out, "## Idee #2"));
}

TEST_SUITE_END();
