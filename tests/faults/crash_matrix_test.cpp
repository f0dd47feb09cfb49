// Crash under load on Matrix (issue 9): the built binary reads a stream of commands from /sync
// and is killed with SIGKILL at random points at least 20 times. The since token is stored with
// the effects, so a restart reads on from the last commit; replies use the outbox row id as
// txnId, so a send retried after a kill is one event. In the end every command has its effect
// once and its reply once.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/faults/fault_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <optional>
#include <random>
#include <set>

using onevoice::tests::count_of;
using onevoice::tests::FakeMatrix;
using onevoice::tests::FaultTally;
using onevoice::tests::matrix_reply_events;
using onevoice::tests::matrix_send_txns;
using onevoice::tests::MatrixBot;
using onevoice::tests::random_between;
using onevoice::tests::TempDir;

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int k_kills = 20;
#if defined(__SANITIZE_ADDRESS__)
constexpr int k_commands = 200;
#else
constexpr int k_commands = 300;
#endif
const std::string k_prefix = "mxcrash";
const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin;

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE("Faults: Matrix - SIGKILL 20 times under load - each command runs and is answered once") {
    const std::uint64_t seed = onevoice::tests::fault_seed();
    MESSAGE("seed " << seed << " (set ONEVOICE_FAULT_SEED to repeat)");
    std::mt19937_64 random(seed);
    onevoice::tests::FakeMatrixOptions homeserver;
    homeserver.send_burst = 0; // 300 replies in one room: the pace is not what this test is about
    FakeMatrix fake(homeserver);
    fake.create_room(k_team, {k_alice}, false);
    TempDir dir(onevoice::tests::fault_dir_base());
    std::optional<MatrixBot> bot;
    bot.emplace(fake, dir);
    // Before the first sync the room's history is old news to the bot: start the stream after it.
    REQUIRE_MESSAGE(bot->wait_ready(), bot->log());

    int sent = 0;
    int kills = 0;
    while (sent < k_commands || kills < k_kills) {
        const int syncs = fake.count("GET", "/sync");
        for (int i = random_between(random, 4, 12); i > 0 && sent < k_commands; --i) {
            fake.send_text(k_team, k_alice,
                           "!idea add " + onevoice::tests::command_marker(k_prefix, sent++) +
                               " from the fair");
        }
        if (kills >= k_kills) {
            bot->wait([] { return false; }, milliseconds(random_between(random, 50, 150)));
            continue;
        }
        if (random_between(random, 0, 4) > 0) {
            bot->wait([&] { return fake.count("GET", "/sync") > syncs; }, seconds(20));
        }
        bot->wait([] { return false; }, milliseconds(random_between(random, 20, 300)));
        bot.reset(); // SIGKILL to the process group, then reaped
        ++kills;
        bot.emplace(fake, dir);
    }
    const bool is_done = bot->wait(
        [&] {
            return static_cast<int>(matrix_reply_events(fake, k_team, k_prefix).size()) >=
                   k_commands;
        },
        seconds(90));
    CHECK_MESSAGE(is_done, bot->log().substr(0, 4000));
    bot->wait([] { return false; }, milliseconds(300));
    CHECK(bot->stop(SIGTERM).exit_code == 0);

    const auto effects = onevoice::tests::idea_counts(dir.file("bot.db"), k_prefix);
    const auto events = matrix_reply_events(fake, k_team, k_prefix);
    const auto txns = matrix_send_txns(fake, k_prefix);
    FaultTally tally;
    tally.sent = sent;
    std::string wrong;
    for (int n = 0; n < sent; ++n) {
        const std::string marker = onevoice::tests::command_marker(k_prefix, n);
        const int effect = count_of(effects, marker);
        const int reply = count_of(events, marker);
        const int txn = count_of(txns, marker);
        // On Matrix a command counts as acknowledged once its effect is committed (the since
        // token past it is stored in the same transaction).
        tally.acknowledged += effect > 0 ? 1 : 0;
        tally.effects += effect > 0 ? 1 : 0;
        tally.replies += reply > 0 ? 1 : 0;
        const bool is_twice = effect > 1 || reply > 1 || txn > 1;
        tally.duplicates += is_twice ? 1 : 0;
        tally.lost += effect == 0 || reply == 0 ? 1 : 0;
        if ((is_twice || effect == 0 || reply == 0) && wrong.size() < 400) {
            wrong += " " + marker + ": effects " + std::to_string(effect) + " events " +
                     std::to_string(reply) + " txnIds " + std::to_string(txn);
        }
    }
    MESSAGE("Matrix crash test: kills: " << kills << ", " << tally.summary());
    INFO("wrong:" << wrong);
    CHECK(kills >= k_kills);
    CHECK(tally.effects == k_commands);
    CHECK(tally.replies == k_commands);
    CHECK(tally.duplicates == 0);
    CHECK(tally.lost == 0);
}

TEST_SUITE_END();
