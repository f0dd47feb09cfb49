// Crisis notices end to end on the console (issue #7): the built binary on a
// test clock (ONEVOICE_TEST_CLOCK_FILE) that the test moves, so the update
// reminder fires without waiting half an hour. The whole flow, in English and
// German: declare, alerts (the cover in place of the absent), reminders that
// stop after an update, an approved statement, the all-clear and the report
// with its durations.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::Process;
using onevoice::tests::TempDir;

namespace {

// What the flow expects to read, per language.
struct Expected {
    std::string config;
    std::string team;
    std::string notice;
    std::string direct_to_bob;
    std::string reminder;
    std::string update;
    std::string approved;
    std::string ticked;
    std::string all_clear;
    std::vector<std::string> report;
};

// Times (UTC; Berlin is UTC+1): declared 11:06, reminder 11:36, update 11:40,
// statement 11:50, approved 11:56, all-clear 13:11. By hand: declared to first
// update 34 min, update to approval 16 min, declared to approval 50 min,
// approval to all-clear 1 h 15 min, declared to all-clear 2 h 5 min.
void run_flow(const Expected& expected) {
    TempDir dir;
    ConsoleBot bot(dir, "2026-11-18T11:06:00Z", expected.config);
    INFO(bot.log());
    bot.type("/team add @dana community\n/team add @bob helper\n"
             "/team away @dana 2026-11-16 2026-11-20 cover @bob\n"
             "/crisis declare sev1 Outrage about the ad\n");
    REQUIRE(bot.wait_for(expected.team));
    CHECK(contains(bot.out(), expected.notice));
    CHECK(contains(bot.out(), expected.direct_to_bob));

    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(bot.wait_for(expected.reminder));
    bot.set_clock("2026-11-18T11:40:00Z");
    bot.type("/crisis update 1 Press office informed\n");
    REQUIRE(bot.wait_for(expected.update));
    bot.set_clock("2026-11-18T11:50:00Z");
    bot.type("/crisis statement 1 We are looking into it.\n");
    bot.idle();
    bot.set_clock("2026-11-18T11:56:00Z");
    bot.type("/crisis approve 1\n/crisis check 1 1\n");
    REQUIRE(bot.wait_for(expected.approved));
    REQUIRE(bot.wait_for(expected.ticked));
    // Without the update the next reminder would have been due at 12:06; now it is 12:10.
    const std::size_t reminders = count_of(bot.out(), expected.reminder);
    bot.set_clock("2026-11-18T12:09:00Z");
    bot.idle();
    CHECK(count_of(bot.out(), expected.reminder) == reminders);
    bot.set_clock("2026-11-18T13:11:00Z");
    bot.type("/crisis resolve 1 The ad was withdrawn.\n");
    REQUIRE(bot.wait_for(expected.all_clear));
    // Resolved: no reminder any more, however long we wait.
    const std::size_t after_resolve = count_of(bot.out(), expected.reminder);
    bot.set_clock("2026-11-19T13:11:00Z");
    bot.idle();
    CHECK(count_of(bot.out(), expected.reminder) == after_resolve);

    bot.type("/crisis report 1\n");
    REQUIRE(bot.wait_for(expected.report.back()));
    for (const std::string& line : expected.report) {
        CHECK_MESSAGE(contains(bot.out(), line), line);
    }
    CHECK(bot.finish() == 0);
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console crisis e2e: declare, cover, reminders, statement, all-clear, report") {
    run_flow(Expected{
        "",
        "Crisis team: @boss @bob (cover for @dana)",
        "Crisis #1 · sev1",
        "(direct message to @bob)",
        "Reminder: no update on crisis #1 (Outrage about the ad)",
        "Update on crisis #1 (Outrage about the ad) from @boss:",
        "Statement #1, approved by @boss.",
        "Step 1 of crisis #1 ticked",
        "Crisis #1 (Outrage about the ad) is resolved, given by @boss after 2 h 5 min.",
        {"# Crisis report #1: Outrage about the ad", "- **Declared:** 2026-11-18 12:06",
         "- **First update:** 2026-11-18 12:40", "- **Approved statement:** 2026-11-18 12:56",
         "- **All-clear:** 2026-11-18 14:11", "- **Declared to first update:** 34 min",
         "- **First update to approved statement:** 16 min",
         "- **Declared to approved statement:** 50 min",
         "- **Approved statement to all-clear:** 1 h 15 min",
         "- [x] 1. Assess the facts (community manager) — @boss, 2026-11-18 12:56",
         "1. We are looking into it. — proposed by @boss, 2026-11-18 12:50; approved by @boss, "
         "2026-11-18 12:56 **(the approved statement)**",
         "- 2026-11-18 12:40 @boss posted an update: Press office informed",
         "- 2026-11-18 14:11 @boss gave the all-clear: The ad was withdrawn.",
         "- **Declared to all-clear:** 2 h 5 min"}});
}

TEST_CASE("console crisis e2e: the same flow in German") {
    run_flow(Expected{
        "locale = \"de\"\n",
        "Krisenteam: @boss @bob (Vertretung für @dana)",
        "Krise #1 · sev1",
        "(Direktnachricht an @bob)",
        "Erinnerung: kein Update zu Krise #1 (Outrage about the ad)",
        "Update zu Krise #1 (Outrage about the ad) von @boss:",
        "Stellungnahme #1, freigegeben von @boss.",
        "Schritt 1 von Krise #1 abgehakt",
        "Krise #1 (Outrage about the ad) ist beendet, Entwarnung von @boss nach 2 h 5 min.",
        {"# Krisenbericht #1: Outrage about the ad", "- **Ausgerufen:** 18.11.2026, 12:06 Uhr",
         "- **Erstes Update:** 18.11.2026, 12:40 Uhr",
         "- **Freigegebene Stellungnahme:** 18.11.2026, 12:56 Uhr",
         "- **Entwarnung:** 18.11.2026, 14:11 Uhr", "- **Ausgerufen bis erstes Update:** 34 min",
         "- **Erstes Update bis freigegebene Stellungnahme:** 16 min",
         "- **Freigegebene Stellungnahme bis Entwarnung:** 1 h 15 min",
         "- [x] 1. Fakten prüfen (Community-Manager:in) — @boss, 18.11.2026, 12:56 Uhr",
         "**(die freigegebene Stellungnahme)**",
         "@boss hat ein Update gepostet: Press office informed",
         "- **Ausgerufen bis Entwarnung:** 2 h 5 min"}});
}

TEST_SUITE_END();
