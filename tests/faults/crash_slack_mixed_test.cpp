// Crash under a mixed load on Slack (#19): `idea add`, presses of an idea card's Vote button,
// `handover` and `crisis declare` (by mention and by slash command), with the built binary
// killed 20 times among them and its database on a real disk. For each kind, from the fake's
// record and the database: acknowledged within Slack's rules, the effect once, the replies once.
//
// What must hold differs by how Slack delivers (FakeSlack models both):
// - A mention is an events_api envelope: Slack sends it again until it is acknowledged (three
//   retries). So every one is acknowledged in time, has its effect once and its replies once.
// - A button press or a slash command is sent once (https://api.slack.com/interactivity/handling
//   #acknowledgment_response): one the bot does not acknowledge within 3 s is an error the
//   user sees, and it is never sent again. The bot acknowledges only once the effect is on disk,
//   so: one acknowledged in time has its effect and replies once; one not acknowledged must have
//   been cut off by a kill (its connection closed within the deadline), and then has its effect
//   at most once (the kill may have come after the commit) and its replies exactly as often.
// - A vote's answer to the presser is ephemeral (chat.postEphemeral): Slack keeps no copy the
//   bot could read back after a restart, as it does for chat.postMessage (slack_post_once.cpp),
//   so one whose delivery a kill cut off between Slack's answer and the outbox's record is sent
//   again. A second one counts as a duplicate unless a kill fell within a second after the first.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/leeway.hpp"
#include "tests/faults/crash_record.hpp"
#include "tests/faults/fault_support.hpp"
#include "tests/faults/mixed_stream.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <random>

using onevoice::tests::count_of;
using onevoice::tests::FakeSlack;
using onevoice::tests::FaultTally;
using onevoice::tests::KillLog;
using onevoice::tests::SlackDeliveryRecord;
using onevoice::tests::mixed::k_alice;
using onevoice::tests::mixed::k_crisis_channel;
using onevoice::tests::mixed::k_dina;
using onevoice::tests::mixed::k_erik;
using onevoice::tests::mixed::k_kind_count;
using onevoice::tests::mixed::k_kind_names;
using SteadyClock = std::chrono::steady_clock;

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int k_kills = 20;
#if defined(__SANITIZE_ADDRESS__)
constexpr int k_commands = 160;
#else
constexpr int k_commands = 320;
#endif

// The run's numbers per kind of command.
struct StreamTally {
    FaultTally kinds[k_kind_count];
    int seen_failing[k_kind_count] = {};   // sent once, not acknowledged: the user saw an error
    int unacked_events[k_kind_count] = {}; // sent again and again, never acknowledged in time
    int cut_off = 0;                       // envelopes a kill cut off before their ack
    int dropped = 0;                       // envelopes a running bot left unacknowledged
    int late = 0;                          // acks after the deadline
    std::string wrong;                     // the first commands that went wrong, for INFO
};

StreamTally tally_stream(const std::vector<onevoice::tests::mixed::Sent>& stream,
                         const std::map<int, SlackDeliveryRecord>& records,
                         const onevoice::tests::mixed::World& world) {
    StreamTally out;
    for (int n = 0; n < static_cast<int>(stream.size()); ++n) {
        const auto& sent = stream[static_cast<std::size_t>(n)];
        const int kind = static_cast<int>(sent.kind);
        const SlackDeliveryRecord record = records.count(n) ? records.at(n) : SlackDeliveryRecord{};
        const onevoice::tests::mixed::Outcome outcome = world.of(sent);
        FaultTally& tally = out.kinds[kind];
        ++tally.sent;
        out.cut_off += record.killed_in_flight;
        out.dropped += record.dropped;
        out.late += record.late_acks;
        const bool is_acked = record.is_acknowledged();
        tally.acknowledged += is_acked ? 1 : 0;
        tally.effects += outcome.effect > 0 ? 1 : 0;
        tally.replies += outcome.replies > 0 ? 1 : 0;
        tally.duplicates += outcome.is_twice ? 1 : 0;
        bool is_lost = !is_acked || outcome.effect == 0 || outcome.replies == 0;
        if (!sent.is_event && !is_acked) {
            ++out.seen_failing[kind];
            // Cut off by a kill, and then whatever it did (if it was stored) answered as well.
            is_lost = record.killed_in_flight == 0 || outcome.replies != outcome.effect;
        } else if (!is_acked) {
            ++out.unacked_events[kind];
        }
        tally.lost += is_lost ? 1 : 0;
        if ((is_lost || outcome.is_twice || record.dropped > 0) && out.wrong.size() < 600) {
            out.wrong += " " + sent.marker + " (" + k_kind_names[kind] + "): acked attempt " +
                         std::to_string(record.first_acked_attempt) + " cut off " +
                         std::to_string(record.killed_in_flight) + " dropped " +
                         std::to_string(record.dropped) + " effects " +
                         std::to_string(outcome.effect) + " replies " +
                         std::to_string(outcome.replies) + (outcome.is_twice ? " twice" : "");
        }
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE("Faults: Slack - SIGKILL 20 times among button presses, handovers and crisis "
          "declarations - each acknowledged one runs and is answered once") {
    const std::uint64_t seed = onevoice::tests::fault_seed();
    MESSAGE("seed " << seed << " (set ONEVOICE_FAULT_SEED to repeat)");
    std::mt19937_64 random(seed);
    onevoice::tests::FakeSlackOptions options;
    // Hundreds of replies within seconds: the pace is not what this test is about.
    options.channel_burst = 0;
    options.bot_channels.push_back(k_crisis_channel); // invited there (README, Slack step 4)
    // Slack answers after a while, as it does: the kills fall also while the bot waits for
    // users.info before a press is stored, or between a post and the outbox's record of it.
    options.answer_delay = milliseconds(10);
    FakeSlack fake(options);
    fake.add_user(k_alice, "alice");
    fake.add_user(k_erik, "erik");
    fake.add_user(k_dina, "dina");
    onevoice::tests::TempDir dir; // on disk, not tmpfs: the kills interrupt real syncs
    onevoice::tests::RestartableBot bot(onevoice::tests::slack_process_options(
        fake, dir, "[crisis]\nchannel = \"" + k_crisis_channel + "\"\n"));
    bot.start();
    INFO(bot.log());
    REQUIRE(bot.wait([&] { return fake.hellos() > 0; }, seconds(20)));
    const std::string mention = "<@" + fake.options().bot_user_id + "> ";
    for (const std::string& setup :
         {"team add <@" + k_erik + "> expert", "experts add <@" + k_erik + "> legal",
          "team add <@" + k_dina + "> deputy"}) {
        const std::string envelope = fake.send_app_mention(mention + setup);
        REQUIRE(bot.wait([&] { return fake.ack_count(envelope) > 0; }, seconds(10)));
    }

    onevoice::tests::mixed::MixedStream stream(fake, random);
    const KillLog kills = onevoice::tests::send_with_kills(
        bot, random, k_commands, k_kills, [&] { return fake.hellos(); },
        [&](int n) { stream.send(n); });

    // Done when Slack is owed nothing and the bot called nothing for a while.
    const auto activity = [&] {
        return fake.total_acks() + fake.call_count("chat.postMessage") +
               fake.call_count("chat.postEphemeral") + fake.call_count("chat.update") +
               fake.call_count("pins.add");
    };
    int last = -1;
    auto quiet_since = SteadyClock::now();
    const bool is_settled = bot.wait(
        [&] {
            const int now = activity();
            if (fake.owed() > 0 || now != last) {
                last = now;
                quiet_since = SteadyClock::now();
                return false;
            }
            return SteadyClock::now() - quiet_since > onevoice::tests::leeway(milliseconds(1500));
        },
        seconds(90));
    CHECK(is_settled);
    const auto stopped_at = SteadyClock::now();
    CHECK(bot.stop(SIGTERM, seconds(20)).exit_code == 0);

    const auto records =
        onevoice::tests::slack_delivery_records(fake, stream.envelopes(), stopped_at);
    const onevoice::tests::mixed::World world(fake, dir.file("bot.db"), kills);
    const StreamTally tally = tally_stream(stream.sent(), records, world);
    MESSAGE("Slack mixed crash test: kills: "
            << kills.kills << ", starts: " << bot.starts() << ", envelopes cut off by a kill: "
            << tally.cut_off << ", redeliveries: " << fake.redeliveries()
            << ", ephemerals sent again after a kill: " << world.repeated_ephemerals());
    for (int kind = 0; kind < k_kind_count; ++kind) {
        MESSAGE(std::string(k_kind_names[kind])
                << ": " << tally.kinds[kind].summary()
                << ", not acknowledged (the user saw an error): " << tally.seen_failing[kind]);
    }
    INFO("wrong:" << tally.wrong);
    // Every kill hit a running bot, and some cut off envelopes in flight.
    CHECK(kills.not_killed == 0);
    CHECK(tally.cut_off > 0);
    // Every kind was in the stream.
    for (const FaultTally& kind : tally.kinds) {
        CHECK(kind.sent > 0);
    }
    // Each ack within 3 s of its envelope, none after; no envelope left unacknowledged by a
    // running bot; every event acknowledged within Slack's three retries (the fake sends no
    // more), so none unacknowledged; nothing owed.
    CHECK(tally.late == 0);
    CHECK(tally.dropped == 0);
    CHECK(fake.owed() == 0);
    for (int kind = 0; kind < k_kind_count; ++kind) {
        INFO(std::string(k_kind_names[kind]));
        const FaultTally& of_kind = tally.kinds[kind];
        CHECK(tally.unacked_events[kind] == 0);
        // Acknowledged only once stored: each acknowledged one took effect, and whatever took
        // effect was answered, acknowledged or not.
        CHECK(of_kind.effects >= of_kind.acknowledged);
        CHECK(of_kind.replies == of_kind.effects);
        CHECK(of_kind.duplicates == 0);
        CHECK(of_kind.lost == 0);
    }
    // Every vote stored is on its card, and every crisis notice stayed pinned.
    const auto held = onevoice::tests::column_counts(
        dir.file("bot.db"), "SELECT 'idea vote ' || idea_id FROM idea_votes");
    int stale_cards = 0;
    for (const auto& card : onevoice::tests::mixed::cards(fake)) {
        stale_cards += card.votes_shown == count_of(held, card.vote_value) ? 0 : 1;
    }
    CHECK(stale_cards == 0);
    CHECK(world.unpinned().empty());
}

TEST_SUITE_END();
