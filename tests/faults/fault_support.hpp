#pragma once

#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace onevoice::tests {

// The seed of a fault test's random choices: ONEVOICE_FAULT_SEED when set (to repeat a failed
// run), else a fresh one. Tests print it.
std::uint64_t fault_seed();

// Where a fault test keeps its database: tmpfs when there is one. A SIGKILL loses nothing the
// kernel already has, so tmpfs proves the same as a disk, without an fsync per commit.
std::filesystem::path fault_dir_base();

// The marker of command `n` in a fault test ("crash-0042", always four digits, so no marker is
// part of another) and the markers found in `text`.
std::string command_marker(const std::string& prefix, int n);
std::multiset<std::string> markers_in(const std::string& text, const std::string& prefix);

// How many times each marker with `prefix` occurs in the one text column that `select` (the
// test's own SQL over the bot's tables) returns, in the database at `path`. Opens the file
// directly (the bot must not be running).
std::map<std::string, int> marker_counts(const std::string& path, const std::string& select,
                                         const std::string& prefix);
// Column 0 of `select` counted per value, and column 0 -> column 1, likewise.
std::map<std::string, int> column_counts(const std::string& path, const std::string& select);
std::map<std::string, std::string> column_pairs(const std::string& path, const std::string& select);
// How many ideas the database at `path` holds per marker with `prefix` in their text.
std::map<std::string, int> idea_counts(const std::string& path, const std::string& prefix);

// A FakeSlack that redelivers an unacknowledged envelope 3 s after each attempt, 100 times,
// and takes chat.postMessage at any pace.
FakeSlackOptions redelivering();

// counts[marker], 0 when absent.
int count_of(const std::map<std::string, int>& counts, const std::string& marker);

// A uniform choice in [low, high] for a fault test's timing and batch sizes.
int random_between(std::mt19937_64& random, int low, int high);

// The markers of the commands whose envelopes the bot acknowledged, and the ok
// chat.postMessage calls per marker.
std::set<std::string> acked_markers(const FakeSlack& fake, const std::string& prefix);
std::map<std::string, int> posted_markers(const FakeSlack& fake, const std::string& prefix);
// Whether at least `count` distinct markers were posted. The waits ask every
// 10 ms, so it counts the calls before reading them: reading a thousand posts
// each time took more CPU under the sanitizers than the bot under test.
bool posted_at_least(const FakeSlack& fake, const std::string& prefix, int count);

// Per command marker: the distinct events the bot posted in `room`, and the distinct txnIds it
// sent them with (a retry reuses its txnId, a duplicate would not).
std::map<std::string, int> matrix_reply_events(const FakeMatrix& fake, const std::string& room,
                                               const std::string& prefix);
std::map<std::string, int> matrix_send_txns(const FakeMatrix& fake, const std::string& prefix);

// The options that start the built binary on FakeSlack in `dir` (database bot.db there), with
// alice as admin and `config` appended to the TOML.
Process::Options slack_process_options(const FakeSlack& fake, const TempDir& dir,
                                       const std::string& config = "");

// The built binary, started again and again on the same options (the same directory and
// database): for tests that kill it and restart it. Reads its output whenever it waits.
class RestartableBot {
public:
    explicit RestartableBot(Process::Options options);

    void start();
    // SIGKILL, then reaps it; true when SIGKILL is what ended it (it had not exited on its
    // own). What it wrote is kept for log().
    bool kill();
    // SIGTERM (or `signal`) and waits for the exit.
    ProcessResult stop(int signal, std::chrono::milliseconds deadline);
    // Reads the bot's output for `time` (returns early when it exited).
    void run_for(std::chrono::milliseconds time);
    // Polls `done` while reading output, until it holds, the deadline passes or the bot exits.
    bool wait(const std::function<bool()>& done, std::chrono::milliseconds deadline);
    bool is_running() const;
    int starts() const { return m_starts; }
    // The end of the current run's stderr and of every earlier run's, for failure messages.
    std::string log() const;

private:
    Process::Options m_options;
    std::optional<Process> m_process;
    int m_starts = 0;
    std::string m_earlier;
};

// The kills of a crash test: how many ended a running bot, how many found it already gone
// (a crash of its own, which must not happen), and when each was sent.
struct KillLog {
    int kills = 0;
    int not_killed = 0;
    std::vector<std::chrono::steady_clock::time_point> at;
    // Whether a kill was sent in [from, to].
    bool any_between(std::chrono::steady_clock::time_point from,
                     std::chrono::steady_clock::time_point to) const;
};

// Sends commands 0 to count - 1 through `send` while `bot` is killed (SIGKILL) and started
// again `kills` times, spread over the stream. Each round waits until the new run connected
// (`connects`, a count that grows when it does; one round in five does not wait, so the kill
// falls into the start), sends its share of the commands up to 8 ms apart (or all at once,
// one round in three) and kills the bot at once or 1-20 ms after the last one, so that the
// kill falls among commands in flight. The
// bot must be running and connected on entry; it runs on after the last command.
KillLog send_with_kills(RestartableBot& bot, std::mt19937_64& random, int count, int kills,
                        const std::function<int()>& connects, const std::function<void(int)>& send);

// What a fault test checked, printed with MESSAGE so a run shows its numbers.
struct FaultTally {
    int sent = 0;
    int acknowledged = 0;
    int effects = 0;
    int replies = 0;
    int duplicates = 0;
    int lost = 0;
    std::string summary() const;
};

// Commands 0 to sent - 1 with `prefix`: acknowledged, with an effect, answered, twice, or lost.
FaultTally tally_commands(int sent, const std::string& prefix, const std::set<std::string>& acked,
                          const std::map<std::string, int>& effects,
                          const std::map<std::string, int>& replies);

} // namespace onevoice::tests
