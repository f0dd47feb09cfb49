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
    std::map<std::string, std::string> env; // more environment
    // Non-empty: the bot runs on a test clock (ONEVOICE_TEST_CLOCK_FILE, the file `clock` in
    // the bot's dir) that starts at this time and moves only with set_clock().
    std::string clock_start;
};

// The plain-text bodies of `events` (bot_messages), in order.
std::vector<std::string> bodies(const std::vector<MatrixEvent>& events);
// The rooms the bot made with POST /createRoom as direct rooms with `user` alone, in order.
std::vector<std::string> direct_rooms_made_for(const FakeMatrix& fake, const std::string& user);
// The bot's messages in `rooms` whose plain body contains `part`, room by room, in order.
std::vector<MatrixEvent> bot_messages_with(const FakeMatrix& fake,
                                           const std::vector<std::string>& rooms,
                                           const std::string& part);
// The command a message shows for its button labelled `label` ("[Accept ✅] !handover
// accept 1" gives "!handover accept 1"), as a Matrix user would copy it; "" when none.
std::string shown_command(const MatrixEvent& message, const std::string& label);

// The built `onevoice` binary on `fake`, in `dir` (kept across restarts, so a
// second MatrixBot on the same dir is a restart), with k_admin as admin and
// joining k_team_room. Killed (SIGKILL) when destroyed if still running.

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
    // Sets the test clock (MatrixBotOptions::clock_start) to `time`.
    void set_clock(const std::string& time) const { m_dir.replace("clock", time); }
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
    const TempDir& m_dir;
    Process m_process;
};

} // namespace onevoice::tests
