#include "tests/faults/fault_support.hpp"

#include "storage/database.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/slack_bot.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace onevoice::tests {

FakeSlackOptions redelivering() {
    FakeSlackOptions options;
    // More patient than Slack, which retries three times (at once, after 1 and 5 minutes):
    // these tests count what the bot loses, not what Slack gives up on.
    options.retry_delays.assign(100, std::chrono::milliseconds(0));
    // Hundreds of replies go to one channel within seconds; at Slack's pace of about one a
    // second they would take many minutes, and the pace is not what these tests are about.
    options.channel_burst = 0;
    return options;
}

int count_of(const std::map<std::string, int>& counts, const std::string& marker) {
    const auto it = counts.find(marker);
    return it == counts.end() ? 0 : it->second;
}

std::map<std::string, int> matrix_reply_events(const FakeMatrix& fake, const std::string& room,
                                               const std::string& prefix) {
    std::map<std::string, int> out;
    for (const MatrixEvent& event : fake.bot_messages(room)) {
        const auto found = markers_in(event.content.dump(), prefix);
        for (const std::string& marker : std::set<std::string>(found.begin(), found.end())) {
            ++out[marker];
        }
    }
    return out;
}

std::map<std::string, int> matrix_send_txns(const FakeMatrix& fake, const std::string& prefix) {
    std::map<std::string, std::set<std::string>> txns;
    for (const MatrixRequest& request : fake.requests()) {
        if (request.method != "PUT" || request.path.find("/send/") == std::string::npos) {
            continue;
        }
        for (const std::string& marker : markers_in(request.body.dump(), prefix)) {
            txns[marker].insert(request.path.substr(request.path.rfind('/') + 1));
        }
    }
    std::map<std::string, int> out;
    for (const auto& [marker, ids] : txns) {
        out[marker] = static_cast<int>(ids.size());
    }
    return out;
}

namespace fs = std::filesystem;
using std::chrono::milliseconds;

namespace {

std::string tail(const std::string& text, std::size_t size = 4000) {
    return text.size() <= size ? text : "…" + text.substr(text.size() - size);
}

} // namespace

int random_between(std::mt19937_64& random, int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
}

std::set<std::string> acked_markers(const FakeSlack& fake, const std::string& prefix) {
    std::map<std::string, std::string> sent;
    for (const auto& frame : fake.sent()) {
        const auto found = markers_in(frame.text, prefix);
        if (!frame.envelope_id.empty() && found.size() == 1) {
            sent[frame.envelope_id] = *found.begin();
        }
    }
    std::set<std::string> out;
    for (const auto& ack : fake.acks()) {
        if (const auto it = sent.find(ack.envelope_id); it != sent.end()) {
            out.insert(it->second);
        }
    }
    return out;
}

std::map<std::string, int> posted_markers(const FakeSlack& fake, const std::string& prefix) {
    std::map<std::string, int> out;
    for (const ApiCall& call : ok_calls(fake, "chat.postMessage")) {
        const auto found = markers_in(call.args.dump(), prefix);
        for (const std::string& marker : std::set<std::string>(found.begin(), found.end())) {
            ++out[marker];
        }
    }
    return out;
}

bool posted_at_least(const FakeSlack& fake, const std::string& prefix, int count) {
    return fake.call_count("chat.postMessage", true) >= count &&
           static_cast<int>(posted_markers(fake, prefix).size()) >= count;
}

FaultTally tally_commands(int sent, const std::string& prefix, const std::set<std::string>& acked,
                          const std::map<std::string, int>& effects,
                          const std::map<std::string, int>& replies) {
    FaultTally tally;
    tally.sent = sent;
    tally.acknowledged = static_cast<int>(acked.size());
    for (int n = 0; n < sent; ++n) {
        const std::string marker = command_marker(prefix, n);
        const int effect = count_of(effects, marker);
        const int reply = count_of(replies, marker);
        tally.effects += effect > 0 ? 1 : 0;
        tally.replies += reply > 0 ? 1 : 0;
        tally.duplicates += (effect > 1 ? 1 : 0) + (reply > 1 ? 1 : 0);
        tally.lost += effect == 0 || reply == 0 || acked.count(marker) == 0 ? 1 : 0;
    }
    return tally;
}

std::uint64_t fault_seed() {
    if (const char* given = std::getenv("ONEVOICE_FAULT_SEED"); given != nullptr && *given) {
        return std::strtoull(given, nullptr, 10);
    }
    return std::random_device{}();
}

fs::path fault_dir_base() {
    std::error_code ec;
    return fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
}

std::string command_marker(const std::string& prefix, int n) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%04d", n);
    return prefix + "-" + digits;
}

std::multiset<std::string> markers_in(const std::string& text, const std::string& prefix) {
    std::multiset<std::string> out;
    const std::string start = prefix + "-";
    for (auto at = text.find(start); at != std::string::npos; at = text.find(start, at + 1)) {
        const std::string digits = text.substr(at + start.size(), 4);
        if (digits.size() == 4 &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(c); })) {
            out.insert(start + digits);
        }
    }
    return out;
}

std::map<std::string, int> marker_counts(const std::string& path, const std::string& select,
                                         const std::string& prefix) {
    storage::Database db(path);
    // The test reads the bot's tables itself: the effects are what is checked, not a store.
    storage::Statement all(db, select);
    std::map<std::string, int> out;
    while (all.step()) {
        for (const std::string& marker : markers_in(all.get_text(0), prefix)) {
            ++out[marker];
        }
    }
    return out;
}

std::map<std::string, int> column_counts(const std::string& path, const std::string& select) {
    storage::Database db(path);
    storage::Statement rows(db, select);
    std::map<std::string, int> out;
    while (rows.step()) {
        ++out[rows.get_text(0)];
    }
    return out;
}

std::map<std::string, std::string> column_pairs(const std::string& path,
                                                const std::string& select) {
    storage::Database db(path);
    storage::Statement rows(db, select);
    std::map<std::string, std::string> out;
    while (rows.step()) {
        out[rows.get_text(0)] = rows.get_text(1);
    }
    return out;
}

std::map<std::string, int> idea_counts(const std::string& path, const std::string& prefix) {
    return marker_counts(path, "SELECT text FROM ideas", prefix);
}

Process::Options slack_process_options(const FakeSlack& fake, const TempDir& dir,
                                       const std::string& config) {
    Process::Options out;
    out.cwd = dir.str();
    const std::string file = dir.write("onevoice.toml", "admins = [\"<@U024BE7LH>\"]\n" + config);
    out.args = {"--db", dir.file("bot.db"), "--config", file, "--log-level", "info"};
    out.env["SLACK_APP_TOKEN"] = fake.options().app_token;
    out.env["SLACK_BOT_TOKEN"] = fake.options().bot_token;
    out.env["SLACK_API_URL"] = fake.api_url();
    out.env["MATRIX_ACCESS_TOKEN"] = "";
    out.env["MATRIX_PASSWORD"] = "";
    return out;
}

RestartableBot::RestartableBot(Process::Options options)
    : m_options(std::move(options)) {}

void RestartableBot::start() {
    if (m_process) {
        m_earlier += "\n--- run " + std::to_string(m_starts) + " ---\n" + tail(m_process->err());
    }
    m_process.reset();
    m_process.emplace(onevoice::tests::bot_binary(), m_options);
    ++m_starts;
}

bool RestartableBot::kill() {
    if (!m_process) {
        return false;
    }
    m_process->send_signal(SIGKILL);
    return m_process->wait(std::chrono::seconds(10)).term_signal == SIGKILL;
}

ProcessResult RestartableBot::stop(int signal, milliseconds deadline) {
    REQUIRE(m_process);
    m_process->send_signal(signal);
    return m_process->wait(deadline);
}

void RestartableBot::run_for(milliseconds time) {
    wait([] { return false; }, time);
}

bool RestartableBot::wait(const std::function<bool()>& done, milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= end || !is_running()) {
            return done();
        }
        m_process->wait_until([](const Process&) { return false; }, milliseconds(10));
    }
    return true;
}

bool RestartableBot::is_running() const {
    return m_process && !m_process->has_exited();
}

std::string RestartableBot::log() const {
    return tail(m_earlier, 3000) + "\n--- current run ---\n" +
           (m_process ? tail(m_process->err()) : std::string());
}

bool KillLog::any_between(std::chrono::steady_clock::time_point from,
                          std::chrono::steady_clock::time_point to) const {
    return std::any_of(at.begin(), at.end(), [&](auto kill) { return kill >= from && kill <= to; });
}

KillLog send_with_kills(RestartableBot& bot, std::mt19937_64& random, int count, int kills,
                        const std::function<int()>& connects,
                        const std::function<void(int)>& send) {
    KillLog log;
    int sent = 0;
    for (int round = 0; round <= kills; ++round) {
        const int before = connects();
        if (round > 0 && random_between(random, 0, 4) > 0) {
            bot.wait([&] { return connects() > before; }, std::chrono::seconds(20));
        }
        const int share = (count - sent) / (kills - round + 1);
        const int batch =
            round == kills
                ? count - sent
                : std::min(count - sent, random_between(random, share / 2, share * 3 / 2));
        // One round in three sends its commands at once, so that a queue builds up.
        const int gap = random_between(random, 0, 2) == 0 ? 0 : 8;
        for (int i = 0; i < batch; ++i) {
            send(sent++);
            bot.run_for(milliseconds(random_between(random, 0, gap)));
        }
        if (round == kills) {
            break;
        }
        // Half the kills come at once after the last command, while it is surely in flight.
        if (random_between(random, 0, 1) == 1) {
            bot.run_for(milliseconds(random_between(random, 1, 20)));
        }
        log.at.push_back(std::chrono::steady_clock::now());
        ++(bot.kill() ? log.kills : log.not_killed);
        bot.start();
    }
    return log;
}

std::string FaultTally::summary() const {
    return "commands sent: " + std::to_string(sent) +
           ", acknowledged: " + std::to_string(acknowledged) +
           ", effects found: " + std::to_string(effects) +
           ", replies delivered: " + std::to_string(replies) +
           ", duplicates: " + std::to_string(duplicates) + ", lost: " + std::to_string(lost);
}

} // namespace onevoice::tests
