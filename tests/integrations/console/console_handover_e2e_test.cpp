// Handovers end to end on the console (issue #6, "Done when"): the built binary
// on a test clock (ONEVOICE_TEST_CLOCK_FILE) that the test moves, so the
// half-time reminder and the escalation fire without waiting hours.
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

using onevoice::tests::Process;
using onevoice::tests::TempDir;

namespace {

using std::chrono::milliseconds;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The console bot as @boss in Europe/Berlin, on a clock read from `clock` in `dir`.
class ConsoleBot {
public:
    ConsoleBot(const TempDir& dir, const std::string& start, const std::string& config = "")
        : m_dir(dir)
        , m_clock(dir.write("clock", start))
        , m_process(ONEVOICE_BINARY, options(dir, config)) {}

    void type(const std::string& lines) { CHECK(m_process.write_stdin(lines)); }
    // Rewrites the clock file (a rename, so the bot never reads half a time).
    void set_clock(const std::string& time) {
        m_dir.write("clock.new", time);
        std::rename(m_dir.file("clock.new").c_str(), m_clock.c_str());
    }
    bool wait_for(const std::string& text) {
        return m_process.wait_for_stdout(text, std::chrono::seconds(10));
    }
    // Lets the bot look at its clock a few times (it does every 100 ms in test mode).
    void idle() {
        m_process.wait_until([](const Process&) { return false; }, milliseconds(400));
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
    static Process::Options options(const TempDir& dir, const std::string& config) {
        Process::Options options;
        options.cwd = dir.str();
        const std::string file =
            dir.write("onevoice.toml", "time_zone = \"Europe/Berlin\"\n" + config);
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
