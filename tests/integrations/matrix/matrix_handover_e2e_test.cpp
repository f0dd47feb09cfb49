// Handovers end to end through Matrix (issue #6, "Done when"): the built binary
// against FakeMatrix on a test clock (ONEVOICE_TEST_CLOCK_FILE). A question
// asked in a thread is routed around an absent expert to the cover's direct
// room, reminded at half time, escalated at the deadline, and its answer lands
// in that thread.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using nlohmann::json;
using onevoice::tests::bot_messages_with;
using onevoice::tests::FakeMatrix;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixBotOptions;
using onevoice::tests::MatrixEvent;
using onevoice::tests::MatrixRequest;
using onevoice::tests::shown_command;
using onevoice::tests::TempDir;

namespace {

const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin; // a manager
const std::string k_erik = "@erik:example.org"; // expert for legal, away
const std::string k_bob = "@bob:example.org";   // erik's cover

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::vector<std::string> direct_rooms_of(const FakeMatrix& fake, const std::string& user) {
    return onevoice::tests::direct_rooms_made_for(fake, user);
}

// The first message the bot sent to one of `rooms` whose body contains `part`.
std::optional<MatrixEvent> find_message(const FakeMatrix& fake,
                                        const std::vector<std::string>& rooms,
                                        const std::string& part) {
    for (const std::string& room : rooms) {
        for (const MatrixEvent& event : fake.bot_messages(room)) {
            if (contains(event.content.value("body", ""), part)) {
                return event;
            }
        }
    }
    return std::nullopt;
}

// The thread relation a client puts on a message in the thread of `root`
// (spec "Threading", with the reply fallback for clients without threads).
json in_thread_of(const std::string& root) {
    return {{"rel_type", "m.thread"},
            {"event_id", root},
            {"is_falling_back", true},
            {"m.in_reply_to", {{"event_id", root}}}};
}

// The clock file the bot runs on, in `dir`.
class ClockFile {
public:
    ClockFile(const TempDir& dir, const std::string& start)
        : m_dir(dir)
        , m_path(dir.write("clock", start)) {}
    // A rename, so the bot never reads half a time.
    void set(const std::string& time) {
        m_dir.write("clock.new", time);
        std::rename(m_dir.file("clock.new").c_str(), m_path.c_str());
    }
    const std::string& path() const { return m_path; }

private:
    const TempDir& m_dir;
    std::string m_path;
};

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Matrix handover e2e: cover, half time, escalation, and the answer in the thread") {
    onevoice::tests::FakeMatrixOptions homeserver;
    // This test's clock stands still between its steps, and the bot measures a wait the
    // homeserver asks for on it: a paced send would wait until the next step.
    homeserver.send_burst = 0;
    FakeMatrix fake(homeserver);
    fake.create_room(k_team, {k_alice, k_erik, k_bob}, true);
    TempDir dir;
    ClockFile clock(dir, "2026-11-18T11:06:00Z"); // Wednesday, 12:06 in Berlin
    MatrixBotOptions options;
    options.settings = "time_zone = \"Europe/Berlin\"\n";
    options.env["ONEVOICE_TEST_CLOCK_FILE"] = clock.path();
    MatrixBot bot(fake, dir, options);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());
    fake.send_text(k_team, k_alice, "!team add " + k_erik + " expert");
    fake.send_text(k_team, k_alice, "!team add " + k_bob + " helper");
    fake.send_text(k_team, k_alice, "!experts add " + k_erik + " legal");
    fake.send_text(k_team, k_alice,
                   "!team away " + k_erik + " 2026-11-16 2026-11-20 cover " + k_bob);
    REQUIRE(bot.wait([&] {
        return find_message(fake, direct_rooms_of(fake, k_bob), "You cover for").has_value();
    }));

    // A question in a customer thread of the team room.
    const std::string root = fake.send_text(k_team, k_alice, "Customer: may I cancel by mail?");
    fake.send_event(k_team, k_alice, "m.room.message",
                    {{"msgtype", "m.text"},
                     {"body", "!handover legal Is this ok?"},
                     {"m.relates_to", in_thread_of(root)}});
    REQUIRE(
        bot.wait([&] { return find_message(fake, {k_team}, "Handover #1 is with").has_value(); }));
    const MatrixEvent created = *find_message(fake, {k_team}, "Handover #1 is with");
    CHECK(contains(created.content["body"], "cover for"));
    CHECK(created.content["m.relates_to"].value("rel_type", "") == "m.thread");
    CHECK(created.content["m.relates_to"].value("event_id", "") == root);
    // The card goes to bob's direct room, the same one as before.
    REQUIRE(bot.wait([&] {
        return find_message(fake, direct_rooms_of(fake, k_bob), "handover accept 1").has_value();
    }));
    const std::vector<std::string> bob_rooms = direct_rooms_of(fake, k_bob);
    REQUIRE(bob_rooms.size() == 1);
    const std::string bob_room = bob_rooms.front();
    CHECK(find_message(fake, {bob_room}, "Is this ok?").has_value());

    clock.set("2026-11-18T13:06:00Z");
    REQUIRE(bot.wait([&] {
        return find_message(fake, {bob_room}, "half the time for handover #1").has_value();
    }));
    clock.set("2026-11-18T15:06:00Z");
    REQUIRE(bot.wait(
        [&] { return find_message(fake, fake.created_rooms(), "Escalated to you").has_value(); }));
    CHECK_FALSE(find_message(fake, {k_team}, "Escalated to you").has_value());

    // bob answers in his direct room, without the prefix.
    fake.send_text(bob_room, k_bob, "handover answer 1 Yes, that is fine.");
    REQUIRE(
        bot.wait([&] { return find_message(fake, {k_team}, "Yes, that is fine.").has_value(); }));
    const MatrixEvent answer = *find_message(fake, {k_team}, "Yes, that is fine.");
    CHECK(contains(answer.content["body"], "Answer to handover #1"));
    CHECK(answer.content["m.relates_to"].value("rel_type", "") == "m.thread");
    CHECK(answer.content["m.relates_to"].value("event_id", "") == root);
    CHECK(direct_rooms_of(fake, k_bob).size() == 1);
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Matrix handover e2e: ✅ and ❌ on the card accept and decline it - the commands it "
          "shows work as typed") {
    const std::string dina = "@dina:example.org";
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice, k_erik, k_bob, dina}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());
    fake.send_text(k_team, k_alice, "!team add " + k_erik + " expert");
    fake.send_text(k_team, k_alice, "!team add " + dina + " expert");
    fake.send_text(k_team, k_alice, "!team add " + k_bob + " helper");
    fake.send_text(k_team, k_alice, "!experts add " + dina + " billing");
    REQUIRE(bot.wait([&] { return !bot_messages_with(fake, {k_team}, "billing").empty(); }));
    const auto react = [&](const MatrixEvent& card, const std::string& user,
                           const std::string& key) {
        fake.send_event(
            card.room_id, user, "m.reaction",
            {{"m.relates_to",
              {{"rel_type", "m.annotation"}, {"event_id", card.event_id}, {"key", key}}}});
    };
    const auto in_direct = [&](const std::string& user, const std::string& part) {
        return bot_messages_with(fake, direct_rooms_of(fake, user), part);
    };

    // The card in erik's direct room, marked as one (m.direct), with its buttons as text.
    fake.send_text(k_team, k_alice, "!handover " + k_erik + " Is clause 4 ok?");
    REQUIRE(bot.wait([&] { return in_direct(k_erik, "handover accept 1").size() == 1; }));
    const MatrixEvent card = in_direct(k_erik, "handover accept 1").front();
    // The bot marks the room in m.direct after it has sent the card into it.
    CHECK(bot.wait([&] { return fake.direct_rooms()[card.room_id] == k_erik; }));
    CHECK(contains(card.content["body"], "Is clause 4 ok?"));
    CHECK(shown_command(card, "Accept ✅") == "!handover accept 1");
    CHECK(shown_command(card, "Decline ❌") == "!handover decline 1");
    CHECK(shown_command(card, "Answer") == "!handover answer 1");
    CHECK(bot_messages_with(fake, {k_team}, "handover accept 1").empty());

    // ✅ accepts: erik is told where he reacted, alice in her direct room, once.
    react(card, k_erik, "✅");
    REQUIRE(bot.wait([&] {
        return !bot_messages_with(fake, {card.room_id}, "You accepted handover #1.").empty();
    }));
    REQUIRE(bot.wait([&] { return in_direct(k_alice, "accepted handover #1.").size() == 1; }));
    // The command the card shows, typed as shown: accepted already, nothing happens twice.
    fake.send_text(card.room_id, k_erik, shown_command(card, "Accept ✅"));
    REQUIRE(bot.wait([&] {
        return !bot_messages_with(fake, {card.room_id}, "only an open handover can be accepted")
                    .empty();
    }));
    CHECK(in_direct(k_alice, "accepted handover #1.").size() == 1);
    CHECK(bot_messages_with(fake, {card.room_id}, "You accepted handover #1.").size() == 1);

    // ❌ declines: bob's billing question goes from dina to a manager, alice.
    fake.send_text(k_team, k_bob, "!handover billing Why was I charged twice?");
    REQUIRE(bot.wait([&] { return in_direct(dina, "handover accept 2").size() == 1; }));
    react(in_direct(dina, "handover accept 2").front(), dina, "❌");
    REQUIRE(bot.wait([&] { return in_direct(k_alice, "handover accept 2").size() == 1; }));
    const MatrixEvent alice_card = in_direct(k_alice, "handover accept 2").front();
    CHECK(contains(alice_card.content["body"], "Why was I charged twice?"));
    REQUIRE(bot.wait([&] { return in_direct(k_bob, "declined handover #2").size() == 1; }));
    CHECK(direct_rooms_of(fake, k_alice).size() == 1);

    // The Answer command as shown, with the answer, in alice's direct room: back in the room.
    fake.send_text(alice_card.room_id, k_alice,
                   shown_command(alice_card, "Answer") + " Once, and it is refunded.");
    REQUIRE(bot.wait(
        [&] { return !bot_messages_with(fake, {k_team}, "Once, and it is refunded.").empty(); }));
    CHECK(contains(
        bot_messages_with(fake, {k_team}, "Once, and it is refunded.").front().content["body"],
        "Answer to handover #2"));
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
