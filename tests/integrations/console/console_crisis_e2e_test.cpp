// Crisis notices end to end on the console (issue #7): the built binary on a
// test clock (ONEVOICE_TEST_CLOCK_FILE) that the test moves, so the update
// reminder fires without waiting half an hour.
#include "tests/fakes/console_bot.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

using onevoice::tests::ConsoleBot;
using onevoice::tests::Process;
using onevoice::tests::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console crisis e2e: declare with a cover, reminder, update, statement, all-clear") {
    TempDir dir;
    // Wednesday 2026-11-18, 12:06 in Berlin.
    ConsoleBot bot(dir, "2026-11-18T11:06:00Z");
    INFO(bot.log());
    bot.type("/team add @dana community\n/team add @bob helper\n"
             "/team away @dana 2026-11-16 2026-11-20 cover @bob\n"
             "/crisis declare sev1 Outrage about the ad\n");
    REQUIRE(bot.wait_for("Crisis team: @boss @bob (cover for @dana)"));
    CHECK(contains(bot.out(), "Crisis #1 · sev1"));
    CHECK(contains(bot.out(), "1. [ ] Assess the facts"));
    CHECK(contains(bot.out(), "(direct message to @bob)"));

    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(bot.wait_for("Reminder: no update on crisis #1 (Outrage about the ad)"));

    bot.type("/crisis update 1 Press office informed\n"
             "/crisis statement 1 We are looking into it.\n"
             "/crisis approve 1\n"
             "/crisis check 1 1\n"
             "/crisis resolve 1 The ad was withdrawn.\n");
    REQUIRE(bot.wait_for("The ad was withdrawn."));
    CHECK(contains(bot.out(), "Update on crisis #1 (Outrage about the ad) from @boss:"));
    CHECK(contains(bot.out(), "Statement #1, approved by @boss."));
    CHECK(contains(bot.out(), "Step 1 of crisis #1 ticked: Assess the facts."));
    CHECK(contains(bot.out(), "Crisis #1 (Outrage about the ad) is resolved, given by @boss"));
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
