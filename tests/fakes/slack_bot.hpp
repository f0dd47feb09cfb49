#pragma once

#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace onevoice::tests {

// How SlackBot starts the binary.
struct SlackBotOptions {
    std::string bot_token;  // empty: the fake's
    std::string app_token;  // empty: the fake's
    std::string config;     // more TOML after `admins`
    bool has_admin = true;  // false: no `admins`, the bot starts without a manager
    bool is_verbose = true; // --log-level debug
    // The database on tmpfs where there is one: every commit is fsynced (synchronous=FULL),
    // which costs milliseconds on a disk and is not what a throughput test is about.
    bool is_in_memory_fs = false;
    std::map<std::string, std::string> env; // more environment
    // Non-empty: the bot runs on a test clock (ONEVOICE_TEST_CLOCK_FILE) that starts at this
    // time ("2026-11-18T11:06:00Z") and moves only with set_clock().
    std::string clock_start;
};

// The built `onevoice` binary, started on `fake` in a fresh directory with
// alice (U024BE7LH) as admin. Stopped (SIGKILL if need be) when destroyed.
class SlackBot {
public:
    static constexpr std::chrono::milliseconds k_deadline = std::chrono::seconds(10);

    explicit SlackBot(FakeSlack& fake, const SlackBotOptions& options = {});

    // Polls `done` while reading the bot's output, so that its pipes never
    // fill up. Stops early when the bot exited.
    bool wait(const std::function<bool()>& done, std::chrono::milliseconds deadline = k_deadline);
    // Until the fake has said hello `count` times.
    bool wait_connected(int count = 1);
    // Until an ok call of `method` whose arguments contain `part` was answered.
    bool wait_call(const std::string& method, const std::string& part = "");
    bool wait_acked(const std::string& envelope_id);
    // Sets the test clock (SlackBotOptions::clock_start) to `time`.
    void set_clock(const std::string& time) const { m_dir.replace("clock", time); }
    ProcessResult stop();
    Process& process() { return m_process; }
    // The database file.
    std::string database() const { return m_dir.file("bot.db"); }
    // The ends of stdout and stderr, for failure messages.
    std::string log() const;

private:
    Process::Options process_options(const FakeSlack& fake, const SlackBotOptions& options);

    FakeSlack& m_fake;
    TempDir m_dir;
    Process m_process;
};

// The ok calls of `method` whose arguments contain `part`.
std::vector<ApiCall> ok_calls(const FakeSlack& fake, const std::string& method,
                              const std::string& part = "");
// The same, only those whose `channel` argument is `channel`.
std::vector<ApiCall> ok_calls_in(const FakeSlack& fake, const std::string& method,
                                 const std::string& channel, const std::string& part = "");
// The direct conversation conversations.open gave the bot for `user`; "" while there is none.
std::string direct_channel(const FakeSlack& fake, const std::string& user);
// A press of the button labelled `label` on the message `posted` (an ok chat.postMessage or
// chat.postEphemeral) by `user`: its action_id and value as the bot rendered them, on the
// message where it was posted. Fails the running test when the message has no such button.
BlockActionSpec press(const ApiCall& posted, const std::string& label, const std::string& user);

} // namespace onevoice::tests
