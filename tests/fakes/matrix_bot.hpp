#pragma once

#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <chrono>
#include <csignal>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace onevoice::tests {

// How MatrixBot starts the binary.
struct MatrixBotOptions {
    std::string token;    // empty: the fake's (unless `password` is set)
    std::string password; // set: a password login as "onevoice" instead of a token
    std::string settings; // more top-level TOML, before [matrix] (e.g. time_zone)
    std::string config;   // more TOML in [matrix]
    std::map<std::string, std::string> env; // more environment (ONEVOICE_TEST_CLOCK_FILE)
};

// The built `onevoice` binary on `fake`, in `dir` (kept across restarts, so a
// second MatrixBot on the same dir is a restart), with k_admin as admin and
// joining k_team_room. Killed (SIGKILL) when destroyed if still running.
// The plain-text bodies of `events` (bot_messages), in order.
std::vector<std::string> bodies(const std::vector<MatrixEvent>& events);

class MatrixBot {
public:
    static constexpr std::chrono::milliseconds k_deadline = std::chrono::seconds(10);
    static constexpr char k_team_room[] = "!team:example.org";
    static constexpr char k_admin[] = "@alice:example.org";

    MatrixBot(FakeMatrix& fake, const TempDir& dir, const MatrixBotOptions& options = {});

    // Polls `done` while reading the bot's output, so that its pipes never
    // fill up. Stops early when the bot exited.
    bool wait(const std::function<bool()>& done, std::chrono::milliseconds deadline = k_deadline);
    // Until the bot is in the team room and its long-poll after the first sync waits.
    bool wait_ready(int syncs_before = 0);
    // Until the bot sent at least `count` messages to `room`.
    bool wait_messages(std::size_t count, const std::string& room = k_team_room);
    // Sends `signal` (0: none, only wait) and waits for the exit.
    ProcessResult stop(int signal = SIGTERM);
    // stdout and stderr, for failure messages.
    std::string log() const;

    // How the binary is started (arguments, environment, config in `dir`), for a test that
    // starts it again and again itself (tests/faults/fault_support.hpp, RestartableBot).
    static Process::Options process_options(const FakeMatrix& fake, const TempDir& dir,
                                            const MatrixBotOptions& options = {});

private:
    FakeMatrix& m_fake;
    Process m_process;
};

} // namespace onevoice::tests
