#pragma once

// The mixed stream of tests/faults/crash_slack_mixed_test.cpp: what it sends to FakeSlack (idea
// add, the Vote button, handover, crisis declare) and what it reads back afterwards, per command,
// from the bot's database and the fake's record of the Web API.
#include "tests/fakes/fake_slack.hpp"
#include "tests/faults/fault_support.hpp"

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace onevoice::tests::mixed {

// The workspace of the stream: alice (admin, manager) declares crises in the crisis channel,
// erik is the expert for legal, dina the deputy alerted of each crisis.
inline const std::string k_alice = "U024BE7LH";
inline const std::string k_erik = "U0ERIK0001";
inline const std::string k_dina = "U0DINA0001";
inline const std::string k_team = "C0TEAM0001";
inline const std::string k_crisis_channel = "C0CRISIS01";

enum class Kind { idea, vote, handover, crisis };
constexpr int k_kind_count = 4;
inline const char* const k_kind_names[k_kind_count] = {"idea add", "Vote button", "handover",
                                                       "crisis declare"};

// One command of the stream.
struct Sent {
    Kind kind = Kind::idea;
    bool is_event = true; // events_api: sent again until acknowledged; else sent once
    std::string marker;   // in its text; for a press, the presser's user id
};

// An idea's card in the team channel: where it is, its Vote button's value, and the Votes
// field as last posted or updated.
struct Card {
    std::string ts;
    std::string vote_value; // "idea vote <id>"
    int votes_shown = -1;
};
std::vector<Card> cards(const FakeSlack& fake);

// Sends command n of the stream: 40 % idea add, 30 % a press of the Vote button of a card
// posted so far (each by a person who never pressed before), 15 % handover legal, 15 % crisis
// declare sev3 (by mention for even n, else by /crisis). Remembers what it sent and the
// envelope_id of each command (for slack_delivery_records).
class MixedStream {
public:
    MixedStream(FakeSlack& fake, std::mt19937_64& random);
    void send(int n);
    const std::vector<Sent>& sent() const { return m_sent; }
    const std::map<std::string, int>& envelopes() const { return m_envelopes; }

private:
    std::string press_vote(const std::string& voter);

    FakeSlack& m_fake;
    std::mt19937_64& m_random;
    std::string m_mention;
    std::vector<Sent> m_sent;
    std::map<std::string, int> m_envelopes;
    std::vector<Card> m_cards;
};

// What a command did: its effect (rows), its replies (the fewest of those it must have), and
// whether anything of it happened twice.
struct Outcome {
    int effect = 0;
    int replies = 0;
    bool is_twice = false;
};

// Everything read after the run, from the database at `db` (the bot stopped) and from the fake.
// A vote's ephemeral answer sent again counts as a duplicate unless a kill of `kills` fell
// within a second of the first one. of() is called once per command.
class World {
public:
    World(const FakeSlack& fake, const std::string& db, const KillLog& kills);
    ~World();
    Outcome of(const Sent& sent) const;
    int repeated_ephemerals() const;
    // The markers of crisis notices that are not pinned.
    std::vector<std::string> unpinned() const;

private:
    struct Records;
    std::unique_ptr<Records> m_records;
};

} // namespace onevoice::tests::mixed
