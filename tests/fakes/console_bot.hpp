#pragma once

#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/console_output.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace onevoice::tests {

// More TOML for a bot whose feed fakes run on 127.0.0.1: a private address,
// which `listen source add` and the fetcher refuse unless allowed (issue #17).
inline const std::string k_feeds_on_loopback = "[listen]\nallow_private_addresses = true\n";

// The built binary on the console as `as` (default @boss) in Europe/Berlin, on
// a test clock read from the file `clock` in `dir` (ONEVOICE_TEST_CLOCK_FILE),
// which the test moves so reminders fire without waiting hours. `config` is
// more TOML (top-level keys before any [section]); `flags` go after the others
// (`--locale de`). Several ConsoleBots may run one after the other on the same
// `dir`: the database and the clock file stay, each starts the clock at `start`.
class ConsoleBot {
public:
    ConsoleBot(const TempDir& dir, const std::string& start, const std::string& config = "",
               const std::string& as = "@boss", const std::vector<std::string>& flags = {})
        : m_dir(dir)
        , m_clock(dir.write("clock", start))
        , m_process(onevoice::tests::bot_binary(), options(dir, config, as, flags)) {}

    void type(const std::string& lines) { CHECK(m_process.write_stdin(lines)); }
    // Rewrites the clock file (a rename, so the bot never reads half a time).
    void set_clock(const std::string& time) {
        m_dir.write("clock.new", time);
        std::rename(m_dir.file("clock.new").c_str(), m_clock.c_str());
    }
    bool wait_for(const std::string& text) {
        return m_process.wait_for_stdout(text, std::chrono::seconds(10));
    }
    // Waits until `text` is printed at or after `from` (a mark()), for a message
    // that was printed before too, like a reminder.
    bool wait_for(const std::string& text, std::size_t from) {
        return m_process.wait_until(
            [&](const Process& p) { return p.out().find(text, from) != std::string::npos; },
            std::chrono::seconds(10));
    }
    // Waits until the bot's log (stderr) holds `text` at least `times` times: for
    // work that prints nothing on the console, like a scheduled poll of a feed.
    bool wait_for_log(const std::string& text, std::size_t times) {
        return m_process.wait_until(
            [&](const Process& p) { return count_of(p.err(), text) >= times; },
            std::chrono::seconds(10));
    }
    // Where the output ends now; since(mark) is what was printed after it.
    std::size_t mark() const { return m_process.out().size(); }
    std::string since(std::size_t mark) const { return m_process.out().substr(mark); }
    // Lets the bot look at its clock a few times (it does every 100 ms in test mode).
    void idle() {
        m_process.wait_until([](const Process&) { return false; }, std::chrono::milliseconds(400));
    }
    // Moves the clock to `time` and lets the bot look at it: for "nothing yet"
    // a minute before something is due.
    void idle_at(const std::string& time) {
        set_clock(time);
        idle();
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
    static Process::Options options(const TempDir& dir, const std::string& config,
                                    const std::string& as, const std::vector<std::string>& flags) {
        Process::Options options;
        options.cwd = dir.str();
        const std::string file =
            dir.write("onevoice.toml", "time_zone = \"Europe/Berlin\"\n" + config);
        options.args = {"--adapter", "console", "--db",     dir.file("t.db"),
                        "--as",      as,        "--config", file};
        options.args.insert(options.args.end(), flags.begin(), flags.end());
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

// One console session as `as` on the database in `dir`: types `lines`, waits for
// the bot to exit at the end of its input and returns what it printed.
inline std::string console_session(const TempDir& dir, const std::string& start,
                                   const std::string& as, const std::string& lines,
                                   const std::string& config = "",
                                   const std::vector<std::string>& flags = {}) {
    ConsoleBot bot(dir, start, config, as, flags);
    bot.type(lines);
    CHECK(bot.finish() == 0);
    return bot.out();
}

} // namespace onevoice::tests
