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
#include "storage/database.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/leeway.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/faults/crash_record.hpp"
#include "tests/faults/fault_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <random>
#include <set>

using nlohmann::json;
using onevoice::tests::ApiCall;
using onevoice::tests::count_of;
using onevoice::tests::FakeSlack;
using onevoice::tests::FaultTally;
using onevoice::tests::KillLog;
using onevoice::tests::ok_calls;
using onevoice::tests::PostedMessage;
using onevoice::tests::SlackDeliveryRecord;
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
const std::string k_alice = "U024BE7LH"; // admin: a manager
const std::string k_erik = "U0ERIK0001"; // expert for legal
const std::string k_dina = "U0DINA0001"; // deputy: alerted of each crisis
const std::string k_team = "C0TEAM0001";
const std::string k_crisis_channel = "C0CRISIS01";

enum class Kind { idea, vote, handover, crisis };
constexpr int k_kind_count = 4;
const char* const k_kind_names[k_kind_count] = {"idea add", "Vote button", "handover",
                                                "crisis declare"};
const char* const k_prefixes[k_kind_count] = {"mixidea", "", "mixhand", "mixcris"};

// One command of the stream.
struct Sent {
    Kind kind = Kind::idea;
    bool is_event = true; // events_api: sent again until acknowledged
    std::string marker;   // in its text; for a press, the presser's user id
};

// An idea's card in the channel: where it is, and its Vote button's value.
struct Card {
    std::string ts;
    std::string vote_value; // "idea vote <id>"
    int votes_shown = -1;   // the Votes field as last posted or updated
};

std::vector<Card> cards(const FakeSlack& fake) {
    std::vector<Card> out;
    for (const PostedMessage& message : fake.messages()) {
        if (message.channel != k_team || !message.ephemeral_user.empty() ||
            !message.blocks.is_array()) {
            continue;
        }
        Card card{message.ts, "", -1};
        for (const json& block : message.blocks) {
            for (const json& element : block.value("elements", json::array())) {
                if (element.value("action_id", "") == "idea.vote") {
                    card.vote_value = element.value("value", "");
                }
            }
            for (const json& field : block.value("fields", json::array())) {
                const std::string text = field.value("text", "");
                if (text.starts_with("*Votes*\n")) {
                    card.votes_shown = std::atoi(text.c_str() + 8);
                }
            }
        }
        if (!card.vote_value.empty()) {
            out.push_back(card);
        }
    }
    return out;
}

// Column 0 of `select` over the bot's tables, counted per value.
std::map<std::string, int> value_counts(const std::string& db_path, const std::string& select) {
    onevoice::storage::Database db(db_path);
    onevoice::storage::Statement rows(db, select);
    std::map<std::string, int> out;
    while (rows.step()) {
        ++out[rows.get_text(0)];
    }
    return out;
}

// Column 0 -> column 1 of `select`.
std::map<std::string, std::string> value_pairs(const std::string& db_path,
                                               const std::string& select) {
    onevoice::storage::Database db(db_path);
    onevoice::storage::Statement rows(db, select);
    std::map<std::string, std::string> out;
    while (rows.step()) {
        out[rows.get_text(0)] = rows.get_text(1);
    }
    return out;
}

std::string direct_channel(const FakeSlack& fake, const std::string& user) {
    for (const ApiCall& call : ok_calls(fake, "conversations.open")) {
        if (call.args.value("users", "") == user) {
            return call.response["channel"].value("id", "");
        }
    }
    return "";
}

// What a command did: its effect (rows), its replies (the fewest of those it must have), and
// whether anything of it happened twice.
struct Outcome {
    int effect = 0;
    int replies = 0;
    bool is_twice = false;
};

// Everything the test reads after the run, from the database and the fake.
class World {
public:
    World(const FakeSlack& fake, const std::string& db, const KillLog& kills)
        : m_kills(kills)
        , m_ideas(onevoice::tests::idea_counts(db, "mixidea"))
        , m_idea_posts(onevoice::tests::posted_markers(fake, "mixidea"))
        , m_handovers(
              onevoice::tests::marker_counts(db, "SELECT question FROM handovers", "mixhand"))
        , m_handover_cards(onevoice::tests::posted_markers(fake, "mixhand"))
        , m_handover_ids(value_pairs(db, "SELECT question, id FROM handovers"))
        , m_crises(onevoice::tests::marker_counts(db, "SELECT title FROM crises", "mixcris"))
        , m_votes_cast(value_counts(db, "SELECT user_key FROM idea_history WHERE action IN "
                                        "('voted', 'unvoted')"))
        , m_votes_held(value_counts(db, "SELECT user_key FROM idea_votes"))
        , m_dina_direct(direct_channel(fake, k_dina)) {
        for (const ApiCall& call : ok_calls(fake, "chat.postMessage", "")) {
            const std::string channel = call.args.value("channel", "");
            const std::string text = call.args.dump();
            const auto found = onevoice::tests::markers_in(text, "mixcris");
            for (const std::string& marker : std::set<std::string>(found.begin(), found.end())) {
                ++m_crisis_posts[marker][channel];
            }
            if (channel == k_team && text.find("Handover #") != std::string::npos) {
                m_created_posts.push_back(text);
            }
        }
        for (const ApiCall& call : ok_calls(fake, "chat.postEphemeral", "")) {
            m_ephemerals[call.args.value("user", "")].push_back(call.at);
        }
        for (const PostedMessage& message : fake.messages()) {
            if (message.channel == k_crisis_channel && !message.is_pinned) {
                const auto found = onevoice::tests::markers_in(message.text, "mixcris");
                m_unpinned.insert(m_unpinned.end(), found.begin(), found.end());
            }
        }
    }

    Outcome of(const Sent& sent) const {
        switch (sent.kind) {
        case Kind::idea: {
            const int effect = count_of(m_ideas, sent.marker);
            const int posts = count_of(m_idea_posts, sent.marker);
            return {effect, posts, effect > 1 || posts > 1};
        }
        case Kind::vote:
            return vote(sent.marker);
        case Kind::handover:
            return handover(sent.marker);
        case Kind::crisis:
            return crisis(sent.marker);
        }
        return {};
    }

    int repeated_ephemerals() const { return m_repeated_ephemerals; }
    const std::vector<std::string>& unpinned() const { return m_unpinned; }

private:
    Outcome vote(const std::string& voter) const {
        const std::string key = "slack:" + voter;
        const int cast = count_of(m_votes_cast, key);
        const int held = count_of(m_votes_held, key);
        // Each presser pressed once: a second history row took the vote back again.
        Outcome out{cast, 0, cast > 1 || held != std::min(cast, 1)};
        const auto it = m_ephemerals.find(voter);
        if (it == m_ephemerals.end()) {
            return out;
        }
        const auto& at = it->second;
        out.replies = 1;
        for (std::size_t i = 1; i < at.size(); ++i) {
            // The kill came after the bot sent the first, which the fake may have read a
            // little after the kill was sent.
            const auto from = at[i - 1] - onevoice::tests::leeway(milliseconds(100));
            if (m_kills.any_between(from, std::min(at[i], at[i - 1] + seconds(1)))) {
                ++m_repeated_ephemerals;
            } else {
                ++out.replies;
                out.is_twice = true;
            }
        }
        return out;
    }

    Outcome handover(const std::string& marker) const {
        const int effect = count_of(m_handovers, marker);
        const int card = count_of(m_handover_cards, marker); // to erik, with the question
        int created = 0; // "Handover #N is with …" in the channel
        for (const auto& [question, id] : m_handover_ids) {
            if (question.find(marker) == std::string::npos) {
                continue;
            }
            const std::string line = "Handover #" + id + " is with";
            for (const std::string& post : m_created_posts) {
                created += post.find(line) != std::string::npos ? 1 : 0;
            }
        }
        return {effect, std::min(card, created), effect > 1 || card > 1 || created > 1};
    }

    Outcome crisis(const std::string& marker) const {
        const int effect = count_of(m_crises, marker);
        const auto it = m_crisis_posts.find(marker);
        if (it == m_crisis_posts.end()) {
            return {effect, 0, effect > 1};
        }
        bool is_twice = effect > 1;
        for (const auto& [channel, count] : it->second) {
            is_twice = is_twice || count > 1;
        }
        // The notice in the crisis channel, and dina's alert.
        const int notice = count_of(it->second, k_crisis_channel);
        const int alert = count_of(it->second, m_dina_direct);
        return {effect, std::min(notice, alert), is_twice};
    }

    const KillLog& m_kills;
    std::map<std::string, int> m_ideas;
    std::map<std::string, int> m_idea_posts;
    std::map<std::string, int> m_handovers;
    std::map<std::string, int> m_handover_cards;
    std::map<std::string, std::string> m_handover_ids; // question -> id
    std::vector<std::string> m_created_posts;
    std::map<std::string, int> m_crises;
    std::map<std::string, std::map<std::string, int>> m_crisis_posts; // marker -> channel -> n
    std::map<std::string, int> m_votes_cast;
    std::map<std::string, int> m_votes_held;
    std::map<std::string, std::vector<SteadyClock::time_point>> m_ephemerals; // per presser
    std::string m_dina_direct;
    std::vector<std::string> m_unpinned;
    mutable int m_repeated_ephemerals = 0;
};

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

    std::vector<Sent> stream;
    std::map<std::string, int> envelopes; // the first envelope of each command
    std::vector<Card> known_cards;
    const auto send = [&](int n) {
        const int pick = onevoice::tests::random_between(random, 0, 99);
        if (pick >= 40 && pick < 70 && (known_cards.empty() || n % 8 == 0)) {
            known_cards = cards(fake);
        }
        Kind kind = pick < 40   ? Kind::idea
                    : pick < 70 ? Kind::vote
                    : pick < 85 ? Kind::handover
                                : Kind::crisis;
        if (kind == Kind::vote && known_cards.empty()) {
            kind = Kind::idea;
        }
        const std::string marker =
            onevoice::tests::command_marker(k_prefixes[static_cast<int>(kind)], n);
        std::string envelope;
        Sent sent{kind, true, marker};
        if (kind == Kind::idea) {
            envelope = fake.send_app_mention(mention + "idea add " + marker + " from the fair");
        } else if (kind == Kind::handover) {
            envelope = fake.send_app_mention(mention + "handover legal " + marker + " Is it ok?");
        } else if (kind == Kind::crisis && n % 2 == 0) {
            envelope = fake.send_app_mention(mention + "crisis declare sev3 " + marker + " Outrage",
                                             {}, k_alice, k_crisis_channel);
        } else if (kind == Kind::crisis) {
            onevoice::tests::SlashCommandSpec spec;
            spec.command = "/crisis";
            spec.text = "declare sev3 " + marker + " Outrage";
            spec.channel_id = k_crisis_channel;
            spec.channel_name = "crisis";
            sent.is_event = false;
            envelope = fake.send_slash_command(spec);
        } else {
            char voter[16];
            std::snprintf(voter, sizeof voter, "U0V%07d", n);
            const Card& card = known_cards[static_cast<std::size_t>(onevoice::tests::random_between(
                random, 0, static_cast<int>(known_cards.size()) - 1))];
            onevoice::tests::BlockActionSpec press;
            press.action_id = "idea.vote";
            press.value = card.vote_value;
            press.message_ts = card.ts;
            press.user_id = voter;
            press.user_name = std::string("voter") + voter;
            sent = Sent{kind, false, voter};
            envelope = fake.send_block_actions(press);
        }
        envelopes[envelope] = n;
        stream.push_back(sent);
    };
    const KillLog kills = onevoice::tests::send_with_kills(
        bot, random, k_commands, k_kills, [&] { return fake.hellos(); }, send);

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

    const auto records = onevoice::tests::slack_delivery_records(fake, envelopes, stopped_at);
    const World world(fake, dir.file("bot.db"), kills);
    FaultTally tallies[k_kind_count];
    int seen_failing[k_kind_count] = {};   // sent once, not acknowledged: the user saw an error
    int unacked_events[k_kind_count] = {}; // sent again and again, never acknowledged in time
    int dropped = 0;
    int late = 0;
    std::string wrong;
    for (int n = 0; n < static_cast<int>(stream.size()); ++n) {
        const Sent& sent = stream[static_cast<std::size_t>(n)];
        const int kind = static_cast<int>(sent.kind);
        const SlackDeliveryRecord record = records.count(n) ? records.at(n) : SlackDeliveryRecord{};
        const Outcome outcome = world.of(sent);
        FaultTally& tally = tallies[kind];
        ++tally.sent;
        dropped += record.dropped;
        late += record.late_acks;
        const bool is_acked = record.is_acknowledged();
        tally.acknowledged += is_acked ? 1 : 0;
        tally.effects += outcome.effect > 0 ? 1 : 0;
        tally.replies += outcome.replies > 0 ? 1 : 0;
        tally.duplicates += outcome.is_twice ? 1 : 0;
        bool is_lost = outcome.effect == 0 || outcome.replies == 0;
        if (!sent.is_event && !is_acked) {
            ++seen_failing[kind];
            // Cut off by a kill, and then whatever it did (if it was stored) answered as well.
            is_lost = record.killed_in_flight == 0 || outcome.replies != outcome.effect;
        } else if (!is_acked) {
            ++unacked_events[kind];
            is_lost = true;
        }
        tally.lost += is_lost ? 1 : 0;
        if ((is_lost || outcome.is_twice || record.dropped > 0) && wrong.size() < 600) {
            wrong += " " + sent.marker + " (" + k_kind_names[kind] + "): acked attempt " +
                     std::to_string(record.first_acked_attempt) + " cut off " +
                     std::to_string(record.killed_in_flight) + " dropped " +
                     std::to_string(record.dropped) + " effects " + std::to_string(outcome.effect) +
                     " replies " + std::to_string(outcome.replies) +
                     (outcome.is_twice ? " twice" : "");
        }
    }
    MESSAGE("Slack mixed crash test: kills: " << kills.kills << ", starts: " << bot.starts()
                                              << ", redeliveries: " << fake.redeliveries()
                                              << ", ephemerals sent again after a kill: "
                                              << world.repeated_ephemerals());
    for (int kind = 0; kind < k_kind_count; ++kind) {
        MESSAGE(std::string(k_kind_names[kind])
                << ": " << tallies[kind].summary()
                << ", not acknowledged (the user saw an error): " << seen_failing[kind]);
    }
    INFO("wrong:" << wrong);
    CHECK(kills.not_killed == 0);
    // Every kind was in the stream and was killed among.
    for (const FaultTally& tally : tallies) {
        CHECK(tally.sent > 0);
    }
    // Each ack within 3 s of its envelope, none after; no envelope left unacknowledged by a
    // running bot; every event acknowledged within Slack's three retries; nothing owed.
    CHECK(late == 0);
    CHECK(dropped == 0);
    CHECK(fake.owed() == 0);
    for (int kind = 0; kind < k_kind_count; ++kind) {
        INFO(std::string(k_kind_names[kind]));
        const FaultTally& tally = tallies[kind];
        CHECK(unacked_events[kind] == 0);
        // Acknowledged only once stored: each acknowledged one took effect, and whatever took
        // effect was answered, acknowledged or not.
        CHECK(tally.effects >= tally.acknowledged);
        CHECK(tally.replies == tally.effects);
        CHECK(tally.duplicates == 0);
        CHECK(tally.lost == 0);
    }
    // Every vote stored is on its card, and every crisis notice stayed pinned.
    const auto held = value_counts(dir.file("bot.db"), "SELECT 'idea vote ' || idea_id FROM "
                                                       "idea_votes");
    int stale_cards = 0;
    for (const Card& card : cards(fake)) {
        stale_cards += card.votes_shown == count_of(held, card.vote_value) ? 0 : 1;
    }
    CHECK(stale_cards == 0);
    CHECK(world.unpinned().empty());
}

TEST_SUITE_END();
