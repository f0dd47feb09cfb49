// Crash under load on Matrix (issue 9, #19): the built binary reads a stream of commands from
// /sync and is killed with SIGKILL 20 times among them, its database on a real disk. The since
// token is stored with the effects, so a restart reads on from the last commit; replies use the
// outbox row id as txnId, so a send retried after a kill is one event. On Matrix a client
// acknowledges an event by asking the next /sync from a token past it: from the homeserver's
// record every command was acknowledged; from the database each has its effect once; from the
// room, its reply once.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/faults/crash_record.hpp"
#include "tests/faults/fault_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <random>
#include <set>

using onevoice::tests::count_of;
using onevoice::tests::FakeMatrix;
using onevoice::tests::FaultTally;
using onevoice::tests::matrix_reply_events;
using onevoice::tests::matrix_send_txns;
using onevoice::tests::MatrixBot;
using onevoice::tests::RestartableBot;
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
    TempDir dir; // the temporary directory, on disk: the kills interrupt real syncs
    RestartableBot bot(MatrixBot::process_options(fake, dir));
    bot.start();
    INFO(bot.log());
    // Before the first sync the room's history is old news to the bot: start the stream after it.
    REQUIRE(bot.wait([&] { return fake.is_bot_joined(k_team) && fake.count("GET", "/sync") >= 2; },
                     seconds(20)));

    std::vector<std::string> events; // the event of each command
    const auto kills = onevoice::tests::send_with_kills(
        bot, random, k_commands, k_kills, [&] { return fake.count("GET", "/sync"); },
        [&](int n) {
            events.push_back(fake.send_text(
                k_team, k_alice,
                "!idea add " + onevoice::tests::command_marker(k_prefix, n) + " from the fair"));
        });
    const int sent = static_cast<int>(events.size());
    const bool is_done = bot.wait(
        [&] {
            return static_cast<int>(matrix_reply_events(fake, k_team, k_prefix).size()) >= sent &&
                   onevoice::tests::matrix_acknowledged(fake, k_team)[events.back()];
        },
        seconds(90));
    CHECK(is_done);
    bot.run_for(milliseconds(300));
    CHECK(bot.stop(SIGTERM, seconds(20)).exit_code == 0);

    const auto acknowledged = onevoice::tests::matrix_acknowledged(fake, k_team);
    const auto effects = onevoice::tests::idea_counts(dir.file("bot.db"), k_prefix);
    const auto replies = matrix_reply_events(fake, k_team, k_prefix);
    const auto txns = matrix_send_txns(fake, k_prefix);
    FaultTally tally;
    tally.sent = sent;
    std::string wrong;
    for (int n = 0; n < sent; ++n) {
        const std::string marker = onevoice::tests::command_marker(k_prefix, n);
        const bool is_acked = acknowledged.count(events[static_cast<std::size_t>(n)]) > 0 &&
                              acknowledged.at(events[static_cast<std::size_t>(n)]);
        const int effect = count_of(effects, marker);
        const int reply = count_of(replies, marker);
        const int txn = count_of(txns, marker);
        tally.acknowledged += is_acked ? 1 : 0;
        tally.effects += effect > 0 ? 1 : 0;
        tally.replies += reply > 0 ? 1 : 0;
        const bool is_twice = effect > 1 || reply > 1 || txn > 1;
        tally.duplicates += is_twice ? 1 : 0;
        const bool is_lost = !is_acked || effect == 0 || reply == 0;
        tally.lost += is_lost ? 1 : 0;
        if ((is_twice || is_lost) && wrong.size() < 400) {
            wrong += " " + marker + ": acked " + std::to_string(is_acked) + " effects " +
                     std::to_string(effect) + " events " + std::to_string(reply) + " txnIds " +
                     std::to_string(txn);
        }
    }
    // A /sync from a position asked from before reads that batch again: after a kill, the
    // commands of a batch whose commit the kill prevented (or an empty long-poll that ended).
    std::set<std::int64_t> positions;
    int read_again = 0;
    for (const onevoice::tests::MatrixSync& sync : fake.syncs()) {
        read_again += positions.insert(sync.since).second ? 0 : 1;
    }
    MESSAGE("Matrix crash test: kills: "
            << kills.kills << ", starts: " << bot.starts() << ", syncs: " << fake.syncs().size()
            << ", of them from a position asked from before: " << read_again << ", "
            << tally.summary());
    INFO("wrong:" << wrong);
    // Every kill hit a running bot: none had ended on its own before.
    CHECK(kills.not_killed == 0);
    CHECK(tally.acknowledged == sent);
    CHECK(tally.effects == sent);
    CHECK(tally.replies == sent);
    CHECK(tally.duplicates == 0);
    CHECK(tally.lost == 0);
}

TEST_SUITE_END();
