#pragma once

#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace onevoice::tests {

// More TOML for a bot whose feed fakes run on 127.0.0.1: a private address,
// which `listen source add` and the fetcher refuse unless allowed (issue #17).
inline const std::string k_feeds_on_loopback = "[listen]\nallow_private_addresses = true\n";

// The built binary on the console as `as` (default @boss) in Europe/Berlin, on
// a test clock read from the file `clock` in `dir` (ONEVOICE_TEST_CLOCK_FILE),
// which the test moves so reminders fire without waiting hours. `config` is
// more TOML.
class ConsoleBot {
public:
    ConsoleBot(const TempDir& dir, const std::string& start, const std::string& config = "",
               const std::string& as = "@boss")
        : m_dir(dir)
        , m_clock(dir.write("clock", start))
        , m_process(onevoice::tests::bot_binary(), options(dir, config, as)) {}

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
        m_process.wait_until([](const Process&) { return false; }, std::chrono::milliseconds(400));
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
                                    const std::string& as) {
        Process::Options options;
        options.cwd = dir.str();
        const std::string file =
            dir.write("onevoice.toml", "time_zone = \"Europe/Berlin\"\n" + config);
        options.args = {"--adapter", "console", "--db",     dir.file("t.db"),
                        "--as",      as,        "--config", file};
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

} // namespace onevoice::tests
