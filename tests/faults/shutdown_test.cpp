// Clean shutdown (issue 9): SIGTERM while commands stream in. What was acknowledged has its effect
// and its reply before the bot exits with code 0; the outbox drains for at most
// [outbox] shutdown_drain_seconds (bot/runtime/runtime.cpp), and what is left waits for the next
// start; what was not acknowledged is redelivered to the next start and runs once.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/leeway.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/faults/fault_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <set>

using onevoice::tests::acked_markers;
using onevoice::tests::count_of;
using onevoice::tests::FakeSlack;
using onevoice::tests::FaultTally;
using onevoice::tests::leeway;
using onevoice::tests::posted_markers;
using onevoice::tests::ProcessResult;
using onevoice::tests::redelivering;
using onevoice::tests::RestartableBot;
using onevoice::tests::tally_commands;
using onevoice::tests::TempDir;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string k_prefix = "stop";

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE("Faults: SIGTERM under load - acked commands complete and the outbox drains - exit 0") {
    // Enough that some are still unread when SIGTERM comes, even with group commit.
    constexpr int k_commands = 1000;
    FakeSlack fake(redelivering());
    TempDir dir(onevoice::tests::fault_dir_base());
    RestartableBot bot(onevoice::tests::slack_process_options(
        fake, dir, "[outbox]\nshutdown_drain_seconds = 10\n"));
    bot.start();
    INFO(bot.log());
    REQUIRE(bot.wait([&] { return fake.hellos() >= 1; }, seconds(20)));
    const std::string mention = "<@" + fake.options().bot_user_id + "> idea add ";
    for (int n = 0; n < k_commands; ++n) {
        fake.send_app_mention(mention + onevoice::tests::command_marker(k_prefix, n));
    }
    // Mid-stream: some commands are done, some not yet read.
    REQUIRE(bot.wait([&] { return fake.total_acks() >= 20; }, seconds(30)));
    const auto signalled = Clock::now();
    const ProcessResult first = bot.stop(SIGTERM, seconds(20));
    const auto took = Clock::now() - signalled;
    CHECK_FALSE(first.timed_out);
    CHECK(first.term_signal == 0);
    CHECK(first.exit_code == 0);
    CHECK(took < seconds(10) + leeway(seconds(3)));

    // Everything acknowledged before the exit has its effect and its reply: the drain finished.
    const std::set<std::string> acked_first = acked_markers(fake, k_prefix);
    const auto effects_first = onevoice::tests::idea_counts(dir.file("bot.db"), k_prefix);
    const auto replies_first = posted_markers(fake, k_prefix);
    int incomplete = 0;
    for (const std::string& marker : acked_first) {
        incomplete +=
            count_of(effects_first, marker) == 1 && count_of(replies_first, marker) == 1 ? 0 : 1;
    }
    MESSAGE("at SIGTERM: acknowledged " << acked_first.size() << " of " << k_commands
                                        << ", incomplete after the drain: " << incomplete);
    CHECK(acked_first.size() < static_cast<std::size_t>(k_commands));
    CHECK(incomplete == 0);

    // The rest was not acknowledged: Slack sends it again to the next start, which runs it once.
    bot.start();
    const bool is_done = bot.wait(
        [&] { return onevoice::tests::posted_at_least(fake, k_prefix, k_commands); }, seconds(60));
    CHECK(is_done);
    bot.run_for(milliseconds(300));
    const ProcessResult second = bot.stop(SIGTERM, seconds(20));
    CHECK(second.exit_code == 0);
    const auto effects = onevoice::tests::idea_counts(dir.file("bot.db"), k_prefix);
    const auto posted = posted_markers(fake, k_prefix);
    const auto acked = acked_markers(fake, k_prefix);
    const FaultTally tally = tally_commands(k_commands, k_prefix, acked, effects, posted);
    MESSAGE("Shutdown test: " << tally.summary());
    CHECK(tally.acknowledged == k_commands);
    CHECK(tally.effects == k_commands);
    CHECK(tally.replies == k_commands);
    CHECK(tally.duplicates == 0);
    CHECK(tally.lost == 0);
}

TEST_CASE("Faults: SIGTERM with an undeliverable outbox waits the drain bound - then exits 0") {
    FakeSlack fake;
    TempDir dir(onevoice::tests::fault_dir_base());
    RestartableBot bot(onevoice::tests::slack_process_options(
        fake, dir, "[outbox]\nshutdown_drain_seconds = 2\n"));
    bot.start();
    INFO(bot.log());
    REQUIRE(bot.wait([&] { return fake.hellos() >= 1; }, seconds(20)));
    // Slack asks for a pause longer than the drain may last (the wait is stored with the row).
    fake.rate_limit("chat.postMessage", 1, 5);
    const std::string marker = onevoice::tests::command_marker(k_prefix, 0);
    const std::string envelope =
        fake.send_app_mention("<@" + fake.options().bot_user_id + "> idea add " + marker);
    REQUIRE(bot.wait([&] { return fake.call_count("chat.postMessage") >= 1; }, seconds(20)));
    REQUIRE(bot.wait([&] { return fake.ack_count(envelope) == 1; }, seconds(10)));
    const auto signalled = Clock::now();
    const ProcessResult result = bot.stop(SIGTERM, seconds(20));
    const auto took = Clock::now() - signalled;
    CHECK(result.exit_code == 0);
    CHECK(took >= milliseconds(1500));
    CHECK(took < seconds(2) + leeway(seconds(3)));
    CHECK(result.err.find("messages still queued") != std::string::npos);
    CHECK(posted_markers(fake, k_prefix).empty());

    // The next start sends it: nothing was lost by stopping.
    bot.start();
    CHECK(bot.wait([&] { return count_of(posted_markers(fake, k_prefix), marker) == 1; },
                   seconds(20)));
    bot.run_for(milliseconds(200));
    CHECK(bot.stop(SIGTERM, seconds(20)).exit_code == 0);
    CHECK(count_of(posted_markers(fake, k_prefix), marker) == 1);
    CHECK(count_of(onevoice::tests::idea_counts(dir.file("bot.db"), k_prefix), marker) == 1);
}

TEST_SUITE_END();
