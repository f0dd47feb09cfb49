// Network faults on Slack (issue 9): the fake cuts the websocket mid-message, stalls without
// closing, answers 500s and storms of 429 on chat.postMessage and apps.connections.open. The bot
// recovers, and every command of the stream runs once and is answered once.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/faults/fault_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <set>

using onevoice::tests::FakeSlack;
using onevoice::tests::FaultTally;
using onevoice::tests::redelivering;
using onevoice::tests::RestartableBot;
using onevoice::tests::TempDir;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string k_prefix = "net";

// A bot on a redelivering fake that gets numbered `idea add` commands, and in the end proves
// each ran once and was answered once.
struct SlackFaultRun {
    explicit SlackFaultRun(const std::string& config = "")
        : fake(redelivering())
        , dir(onevoice::tests::fault_dir_base())
        , bot(onevoice::tests::slack_process_options(fake, dir, config)) {
        bot.start();
    }

    bool connected(int hellos = 1) {
        return bot.wait([&] { return fake.hellos() >= hellos; }, seconds(20));
    }
    std::string next_text() {
        return "<@" + fake.options().bot_user_id + "> idea add " +
               onevoice::tests::command_marker(k_prefix, sent++) + " seen at the fair";
    }
    void send(int count) {
        for (int i = 0; i < count; ++i) {
            fake.send_app_mention(next_text());
        }
    }
    std::map<std::string, int> replies() const {
        return onevoice::tests::posted_markers(fake, k_prefix);
    }
    // Until every command sent so far was answered.
    bool answered(seconds deadline = seconds(30)) {
        return bot.wait([&] { return onevoice::tests::posted_at_least(fake, k_prefix, sent); },
                        deadline);
    }
    // Stops the bot and checks every command: acknowledged, one effect, one reply.
    void check_exactly_once(const std::string& name) {
        bot.run_for(milliseconds(300)); // a duplicate would show up now
        CHECK(bot.stop(SIGTERM, seconds(20)).exit_code == 0);
        const FaultTally tally = onevoice::tests::tally_commands(
            sent, k_prefix, onevoice::tests::acked_markers(fake, k_prefix),
            onevoice::tests::idea_counts(dir.file("bot.db"), k_prefix), replies());
        MESSAGE(name << ": " << tally.summary());
        CHECK(tally.acknowledged == sent);
        CHECK(tally.effects == sent);
        CHECK(tally.replies == sent);
        CHECK(tally.duplicates == 0);
        CHECK(tally.lost == 0);
    }

    FakeSlack fake;
    TempDir dir;
    RestartableBot bot;
    int sent = 0;
};

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE("Faults: Slack - a websocket cut mid-message and disconnect warnings lose nothing") {
    SlackFaultRun run;
    INFO(run.bot.log());
    REQUIRE(run.connected());
    run.send(10);
    REQUIRE(run.answered());
    // Half a frame, then a TCP reset: the bot never saw that command whole and did not ack it.
    run.fake.cut_mid_message(run.next_text());
    REQUIRE(run.connected(2));
    run.send(10);
    REQUIRE(run.answered());
    CHECK(run.fake.redeliveries() >= 1);
    run.fake.send_disconnect("warning");
    run.send(5);
    run.fake.send_disconnect("refresh_requested");
    run.send(5);
    REQUIRE(run.answered());
    run.check_exactly_once("Slack cut and disconnects");
}

TEST_CASE("Faults: Slack - a connection that stalls without closing is replaced") {
    SlackFaultRun run("[slack]\nidle_timeout_seconds = 2\n");
    INFO(run.bot.log());
    REQUIRE(run.connected());
    run.send(5);
    REQUIRE(run.answered());
    // From now on new connections are accepted but dead: no hello, pings unanswered.
    run.fake.set_silent_on_accept(true);
    run.fake.drop_connection();
    run.send(5); // held by Slack while the app has no live connection
    const auto stalled = Clock::now();
    REQUIRE(run.bot.wait([&] { return run.fake.connections().size() >= 3; }, seconds(20)));
    // The silent connection was given up on by the bot, after the idle timeout.
    // (A silent session never reads, so the fake cannot see the bot's close
    // itself: reading would make Beast answer the bot's pings.)
    CHECK(Clock::now() - stalled >= milliseconds(1500));
    const auto connections = run.fake.connections();
    CHECK(connections[1].is_silent);
    CHECK_FALSE(connections[1].is_closed_by_server);
    run.fake.set_silent_on_accept(false);
    REQUIRE(run.connected(2));
    REQUIRE(run.answered());
    run.send(5);
    REQUIRE(run.answered());
    run.check_exactly_once("Slack stall");
}

TEST_CASE("Faults: Slack - 500s and 429 storms on chat.postMessage and apps.connections.open") {
    SlackFaultRun run;
    INFO(run.bot.log());
    REQUIRE(run.connected());
    run.send(5);
    REQUIRE(run.answered());

    run.fake.fail_http("chat.postMessage", 2, 500);
    run.send(5);
    REQUIRE(run.answered());
    run.fake.rate_limit("chat.postMessage", 3, 1);
    run.send(5);
    REQUIRE(run.answered());
    CHECK(run.fake.call_count("chat.postMessage") - run.fake.call_count("chat.postMessage", true) ==
          5);

    // The connection goes; opening the next one meets an outage, then a rate limit.
    run.fake.fail_http("apps.connections.open", 2, 503);
    run.fake.drop_connection();
    REQUIRE(run.connected(2));
    CHECK(run.fake.call_count("apps.connections.open") == 4);
    run.fake.rate_limit("apps.connections.open", 1, 3);
    run.fake.drop_connection(); // a second outage while the first is just over
    run.send(5);
    REQUIRE(run.connected(3));
    REQUIRE(run.answered());
    // Retry-After is honoured on apps.connections.open too.
    const auto opens = run.fake.calls("apps.connections.open");
    for (std::size_t i = 0; i + 1 < opens.size(); ++i) {
        if (opens[i].status == 429) {
            CHECK(opens[i + 1].at - opens[i].at >= milliseconds(2900));
        }
    }
    run.check_exactly_once("Slack 500s and 429s");
}

TEST_SUITE_END();
