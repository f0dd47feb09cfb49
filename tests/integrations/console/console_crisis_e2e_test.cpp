// Crisis notices end to end on the console (issue #7): the built binary on a
// test clock (ONEVOICE_TEST_CLOCK_FILE) that the test moves, so the update
// reminder fires without waiting half an hour.
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

using onevoice::tests::Process;
using onevoice::tests::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The console bot as @boss in Europe/Berlin, on a clock read from `clock` in `dir`
// (as in console_handover_e2e_test.cpp).
class ConsoleBot {
public:
    ConsoleBot(const TempDir& dir, const std::string& start)
        : m_dir(dir)
        , m_clock(dir.write("clock", start))
        , m_process(ONEVOICE_BINARY, options(dir)) {}

    void type(const std::string& lines) { CHECK(m_process.write_stdin(lines)); }
    // Rewrites the clock file (a rename, so the bot never reads half a time).
    void set_clock(const std::string& time) {
        m_dir.write("clock.new", time);
        std::rename(m_dir.file("clock.new").c_str(), m_clock.c_str());
    }
    bool wait_for(const std::string& text) {
        return m_process.wait_for_stdout(text, std::chrono::seconds(10));
    }
    const std::string& out() const { return m_process.out(); }
    std::string log() const {
        return "stdout:\n" + m_process.out() + "\nstderr:\n" + m_process.err();
    }
    int finish() {
        m_process.close_stdin();
        return m_process.wait().exit_code;
    }

private:
    static Process::Options options(const TempDir& dir) {
        Process::Options options;
        options.cwd = dir.str();
        const std::string file = dir.write("onevoice.toml", "time_zone = \"Europe/Berlin\"\n");
        options.args = {"--adapter", "console", "--db",     dir.file("t.db"),
                        "--as",      "@boss",   "--config", file};
        options.env["ONEVOICE_TEST_CLOCK_FILE"] = dir.file("clock");
        for (const char* secret :
             {"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "MATRIX_ACCESS_TOKEN", "MATRIX_PASSWORD"}) {
            options.env[secret] = "";
        }
        return options;
    }

    const TempDir& m_dir;
    std::string m_clock;
    Process m_process;
};

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
