#include "tests/faults/mixed_stream.hpp"

#include "tests/fakes/leeway.hpp"
#include "tests/fakes/slack_bot.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace onevoice::tests::mixed {

using nlohmann::json;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

namespace {

const char* const k_prefixes[k_kind_count] = {"mixidea", "", "mixhand", "mixcris"};

// The distinct markers with `prefix` in `text`.
std::set<std::string> distinct_markers(const std::string& text, const std::string& prefix) {
    const auto found = markers_in(text, prefix);
    return {found.begin(), found.end()};
}

} // namespace

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

MixedStream::MixedStream(FakeSlack& fake, std::mt19937_64& random)
    : m_fake(fake)
    , m_random(random)
    , m_mention("<@" + fake.options().bot_user_id + "> ") {}

void MixedStream::send(int n) {
    const int pick = random_between(m_random, 0, 99);
    if (pick >= 40 && pick < 70 && (m_cards.empty() || n % 8 == 0)) {
        m_cards = cards(m_fake);
    }
    Kind kind = pick < 40   ? Kind::idea
                : pick < 70 ? Kind::vote
                : pick < 85 ? Kind::handover
                            : Kind::crisis;
    if (kind == Kind::vote && m_cards.empty()) {
        kind = Kind::idea;
    }
    Sent sent{kind, true, command_marker(k_prefixes[static_cast<int>(kind)], n)};
    std::string envelope;
    if (kind == Kind::idea) {
        envelope =
            m_fake.send_app_mention(m_mention + "idea add " + sent.marker + " from the fair");
    } else if (kind == Kind::handover) {
        envelope =
            m_fake.send_app_mention(m_mention + "handover legal " + sent.marker + " Is it ok?");
    } else if (kind == Kind::crisis && n % 2 == 0) {
        envelope =
            m_fake.send_app_mention(m_mention + "crisis declare sev3 " + sent.marker + " Outrage",
                                    {}, k_alice, k_crisis_channel);
    } else if (kind == Kind::crisis) {
        SlashCommandSpec spec;
        spec.command = "/crisis";
        spec.text = "declare sev3 " + sent.marker + " Outrage";
        spec.channel_id = k_crisis_channel;
        spec.channel_name = "crisis";
        sent.is_event = false;
        envelope = m_fake.send_slash_command(spec);
    } else {
        char voter[16];
        std::snprintf(voter, sizeof voter, "U0V%07d", n);
        sent.is_event = false;
        sent.marker = voter;
        envelope = press_vote(voter);
    }
    m_envelopes[envelope] = n;
    m_sent.push_back(sent);
}

// The Vote button of a card posted so far, pressed by `voter`.
std::string MixedStream::press_vote(const std::string& voter) {
    const int last = static_cast<int>(m_cards.size()) - 1;
    const Card& card = m_cards[static_cast<std::size_t>(random_between(m_random, 0, last))];
    BlockActionSpec press;
    press.action_id = "idea.vote";
    press.value = card.vote_value;
    press.message_ts = card.ts;
    press.user_id = voter;
    press.user_name = "voter" + voter;
    return m_fake.send_block_actions(press);
}

// ---- World --------------------------------------------------------------------

struct World::Records {
    Records(const FakeSlack& fake, const std::string& db, const KillLog& kills_)
        : kills(kills_)
        , ideas(idea_counts(db, "mixidea"))
        , idea_posts(posted_markers(fake, "mixidea"))
        , handovers(marker_counts(db, "SELECT question FROM handovers", "mixhand"))
        , handover_cards(posted_markers(fake, "mixhand"))
        , handover_ids(column_pairs(db, "SELECT question, id FROM handovers"))
        , crises(marker_counts(db, "SELECT title FROM crises", "mixcris"))
        , votes_cast(column_counts(
              db, "SELECT user_key FROM idea_history WHERE action IN ('voted', 'unvoted')"))
        , votes_held(column_counts(db, "SELECT user_key FROM idea_votes"))
        , dina_direct(direct_channel(fake, k_dina)) {
        for (const ApiCall& call : ok_calls(fake, "chat.postMessage", "")) {
            const std::string channel = call.args.value("channel", "");
            const std::string text = call.args.dump();
            for (const std::string& marker : distinct_markers(text, "mixcris")) {
                ++crisis_posts[marker][channel];
            }
            if (channel == k_team && text.find("Handover #") != std::string::npos) {
                created_posts.push_back(text);
            }
        }
        for (const ApiCall& call : ok_calls(fake, "chat.postEphemeral", "")) {
            ephemerals[call.args.value("user", "")].push_back(call.at);
        }
        for (const PostedMessage& message : fake.messages()) {
            if (message.channel == k_crisis_channel && !message.is_pinned) {
                const auto found = distinct_markers(message.text, "mixcris");
                unpinned.insert(unpinned.end(), found.begin(), found.end());
            }
        }
    }

    Outcome vote(const std::string& voter) {
        const std::string key = "slack:" + voter;
        const int cast = count_of(votes_cast, key);
        const int held = count_of(votes_held, key);
        // Each person pressed once: a second history row took the vote back again.
        Outcome out{cast, 0, cast > 1 || held != std::min(cast, 1)};
        const auto it = ephemerals.find(voter);
        if (it == ephemerals.end()) {
            return out;
        }
        const auto& at = it->second;
        out.replies = 1;
        for (std::size_t i = 1; i < at.size(); ++i) {
            // The kill came after the bot sent the first one, which the fake may have read
            // a little after the kill was sent.
            const auto from = at[i - 1] - leeway(milliseconds(100));
            if (kills.any_between(from, std::min(at[i], at[i - 1] + std::chrono::seconds(1)))) {
                ++repeated_ephemerals;
            } else {
                ++out.replies;
                out.is_twice = true;
            }
        }
        return out;
    }

    Outcome handover(const std::string& marker) const {
        const int effect = count_of(handovers, marker);
        const int card = count_of(handover_cards, marker); // to erik, with the question
        int created = 0; // "Handover #N is with …" in the channel
        for (const auto& [question, id] : handover_ids) {
            if (question.find(marker) == std::string::npos) {
                continue;
            }
            const std::string line = "Handover #" + id + " is with";
            for (const std::string& post : created_posts) {
                created += post.find(line) != std::string::npos ? 1 : 0;
            }
        }
        return {effect, std::min(card, created), effect > 1 || card > 1 || created > 1};
    }

    Outcome crisis(const std::string& marker) const {
        const int effect = count_of(crises, marker);
        const auto it = crisis_posts.find(marker);
        if (it == crisis_posts.end()) {
            return {effect, 0, effect > 1};
        }
        bool is_twice = effect > 1;
        for (const auto& [channel, count] : it->second) {
            is_twice = is_twice || count > 1;
        }
        // The notice in the crisis channel, and dina's alert.
        const int notice = count_of(it->second, k_crisis_channel);
        const int alert = count_of(it->second, dina_direct);
        return {effect, std::min(notice, alert), is_twice};
    }

    const KillLog& kills;
    std::map<std::string, int> ideas;
    std::map<std::string, int> idea_posts;
    std::map<std::string, int> handovers;
    std::map<std::string, int> handover_cards;
    std::map<std::string, std::string> handover_ids; // question -> id
    std::vector<std::string> created_posts;
    std::map<std::string, int> crises;
    std::map<std::string, std::map<std::string, int>> crisis_posts; // marker -> channel -> n
    std::map<std::string, int> votes_cast;
    std::map<std::string, int> votes_held;
    std::map<std::string, std::vector<SteadyClock::time_point>> ephemerals; // per presser
    std::string dina_direct;
    std::vector<std::string> unpinned;
    int repeated_ephemerals = 0;
};

World::World(const FakeSlack& fake, const std::string& db, const KillLog& kills)
    : m_records(std::make_unique<Records>(fake, db, kills)) {}

World::~World() = default;

Outcome World::of(const Sent& sent) const {
    switch (sent.kind) {
    case Kind::idea: {
        const int effect = count_of(m_records->ideas, sent.marker);
        const int posts = count_of(m_records->idea_posts, sent.marker);
        return {effect, posts, effect > 1 || posts > 1};
    }
    case Kind::vote:
        return m_records->vote(sent.marker);
    case Kind::handover:
        return m_records->handover(sent.marker);
    case Kind::crisis:
        return m_records->crisis(sent.marker);
    }
    return {};
}

int World::repeated_ephemerals() const {
    return m_records->repeated_ephemerals;
}

std::vector<std::string> World::unpinned() const {
    return m_records->unpinned;
}

} // namespace onevoice::tests::mixed
