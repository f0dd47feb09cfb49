// Network faults on Matrix (issue 9): /sync answers 500s for a while, then stalls without
// answering; sends meet 429 M_LIMIT_EXCEEDED with retry_after_ms and answers lost on the way
// back. The bot recovers, and every command runs once and is answered by one event.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/faults/fault_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <set>

using onevoice::tests::count_of;
using onevoice::tests::FakeMatrix;
using onevoice::tests::FaultTally;
using onevoice::tests::matrix_reply_events;
using onevoice::tests::matrix_send_txns;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixBotOptions;
using onevoice::tests::MatrixRequest;
using onevoice::tests::TempDir;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string k_prefix = "mxnet";
const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin;

int syncs_answered(const FakeMatrix& fake, int status) {
    int out = 0;
    for (const MatrixRequest& request : fake.requests()) {
        out += request.path.ends_with("/sync") && request.status == status ? 1 : 0;
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE("Faults: Matrix - sync 500s and a stalled sync - 429s and lost answers on send") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, false);
    TempDir dir(onevoice::tests::fault_dir_base());
    MatrixBotOptions options;
    options.config = "sync_timeout_seconds = 2\n";
    MatrixBot bot(fake, dir, options);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    int sent = 0;
    const auto send = [&](int count) {
        for (int i = 0; i < count; ++i) {
            fake.send_text(k_team, k_alice,
                           "!idea add " + onevoice::tests::command_marker(k_prefix, sent++) +
                               " for the newsletter");
        }
    };
    const auto answered = [&] {
        return bot.wait(
            [&] {
                return static_cast<int>(matrix_reply_events(fake, k_team, k_prefix).size()) >= sent;
            },
            seconds(30));
    };
    send(5);
    REQUIRE_MESSAGE(answered(), bot.log());

    // An outage: the next syncs fail, then work again.
    // The long-poll already held is answered as usual, so the commands are
    // sent once the outage has begun, and must arrive after it.
    fake.fail_syncs(3, 500);
    REQUIRE(bot.wait([&] { return syncs_answered(fake, 500) >= 1; }, seconds(30)));
    send(5);
    REQUIRE(bot.wait([&] { return syncs_answered(fake, 500) == 3; }, seconds(30)));
    REQUIRE_MESSAGE(answered(), bot.log());

    // A sync nobody answers: the bot gives up on it (2 s long-poll + 2 s grace) and syncs again.
    const int syncs = fake.count("GET", "/sync");
    fake.stall_syncs(1);
    REQUIRE(bot.wait([&] { return fake.count("GET", "/sync") > syncs; }, seconds(10)));
    const auto stalled = Clock::now();
    send(5);
    REQUIRE_MESSAGE(answered(), bot.log());
    CHECK(Clock::now() - stalled < seconds(20));

    // Sends rate limited, then answers lost although the event was stored: retried with the
    // same txnId, so the room shows each reply once.
    fake.rate_limit_sends(3, 400);
    send(3);
    REQUIRE_MESSAGE(answered(), bot.log());
    fake.lose_send_answers(2);
    send(3);
    REQUIRE_MESSAGE(answered(), bot.log());

    bot.wait([] { return false; }, milliseconds(300)); // a duplicate would show up now
    CHECK(bot.stop(SIGTERM).exit_code == 0);
    const auto effects = onevoice::tests::idea_counts(dir.file("bot.db"), k_prefix);
    const auto events = matrix_reply_events(fake, k_team, k_prefix);
    const auto txns = matrix_send_txns(fake, k_prefix);
    FaultTally tally;
    tally.sent = sent;
    for (int n = 0; n < sent; ++n) {
        const std::string marker = onevoice::tests::command_marker(k_prefix, n);
        const int effect = count_of(effects, marker);
        const int reply = count_of(events, marker);
        tally.acknowledged += effect > 0 ? 1 : 0; // the since token commits with the effect
        tally.effects += effect > 0 ? 1 : 0;
        tally.replies += reply > 0 ? 1 : 0;
        tally.duplicates += effect > 1 || reply > 1 || count_of(txns, marker) > 1 ? 1 : 0;
        tally.lost += effect == 0 || reply == 0 ? 1 : 0;
    }
    MESSAGE("Matrix network faults: " << tally.summary());
    CHECK(tally.effects == sent);
    CHECK(tally.replies == sent);
    CHECK(tally.duplicates == 0);
    CHECK(tally.lost == 0);
}

TEST_SUITE_END();
