// The trust model on the console, through the built binary (issue #17): the
// person at the terminal becomes the first manager only of a roster without
// one, `--as` on a database that has a manager gives nobody anything, and an
// alarm raised by a helper while the manager is away has no lead until a lead
// role takes it; its raiser cannot approve a statement.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::TempDir;

namespace {

const std::string k_start = "2026-11-18T11:06:00Z";

// One console session as `as` on the database in `dir`; returns what it printed.
std::string session(const TempDir& dir, const std::string& as, const std::string& lines) {
    return onevoice::tests::console_session(dir, k_start, as, lines);
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console trust e2e: the first person at the terminal becomes the first manager once") {
    TempDir dir;
    const std::string first = session(dir, "@anna", "/team\n");
    INFO(first);
    CHECK(contains(first, "you (@anna) are its first manager"));
    CHECK(contains(first, "@anna — manager"));
    const std::string again = session(dir, "@anna", "/team\n");
    INFO(again);
    CHECK_FALSE(contains(again, "first manager"));
    CHECK(contains(again, "@anna — manager"));
}

TEST_CASE("console trust e2e: --as on a database with a manager acts with stored roles only") {
    TempDir dir;
    session(dir, "@boss", "/team add @hanna helper\n");
    const std::string out =
        session(dir, "@mallory", "/team add @mallory manager\n/team add @zed community\n/team\n");
    INFO(out);
    CHECK_FALSE(contains(out, "first manager"));
    CHECK(contains(out, "Only a manager, deputy or community manager may do that."));
    CHECK(contains(out, "@boss — manager"));
    CHECK(contains(out, "@hanna — helper"));
    CHECK_FALSE(contains(out, "@mallory —"));
    CHECK_FALSE(contains(out, "@zed —"));
}

TEST_CASE("console trust e2e: a helper's alarm while the manager is away has no lead") {
    TempDir dir;
    // The manager is away without a cover; nobody else holds a lead role.
    session(dir, "@boss", "/team add @hanna helper\n/team away 2026-11-16 2026-11-20\n");
    ConsoleBot bot(dir, "2026-11-18T11:06:00Z", "", "@hanna");
    INFO(bot.log());
    bot.type("/crisis declare sev1 We have been hacked\n");
    REQUIRE(bot.wait_for("no lead yet"));
    bot.type("/crisis statement 1 We have been hacked, all data is gone.\n/crisis approve 1\n");
    REQUIRE(bot.wait_for("may approve"));
    CHECK_FALSE(contains(bot.out(), "approved by"));
    // The update reminder asks the lead roles to take the crisis, not the raiser to lead it.
    bot.set_clock("2026-11-18T11:37:00Z");
    REQUIRE(bot.wait_for("has no lead yet. A manager, deputy or community manager takes it"));
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
