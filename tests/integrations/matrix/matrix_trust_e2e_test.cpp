// Issue 17 on Matrix, end to end through the built binary: one undecodable
// event stops no room, and a room's history from before the bot joined it
// never runs (on the first start, by a later invite, via the config's rooms).
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

using onevoice::tests::bodies;
using onevoice::tests::FakeMatrix;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixRequest;
using onevoice::tests::TempDir;

namespace {

const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin;

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Whether any message the bot sent to `room` mentions `part`.
bool mentions(const FakeMatrix& fake, const std::string& room, const std::string& part) {
    const auto sent = bodies(fake.bot_messages(room));
    return std::any_of(sent.begin(), sent.end(),
                       [&](const std::string& body) { return has(body, part); });
}

// A room the bot is not in, with commands in its history: nothing of it may ever run.
void room_with_history(FakeMatrix& fake, const std::string& room) {
    fake.create_room(room, {k_alice, "@bob:example.org"});
    fake.send_text(room, k_alice, "!crisis declare sev1 old joke from last year");
    fake.send_text(room, "@bob:example.org", "!idea add Old idea from the archive");
}

void check_no_history_ran(const FakeMatrix& fake, const std::vector<std::string>& rooms) {
    for (const std::string& room : rooms) {
        CAPTURE(room);
        CHECK_FALSE(mentions(fake, room, "old joke"));
        CHECK_FALSE(mentions(fake, room, "Old idea"));
        CHECK_FALSE(mentions(fake, room, "sev1"));
    }
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("Matrix e2e: an unpaired surrogate in one room stops no other room - nothing re-runs") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    const std::string other = "!marketing:example.org";
    fake.create_room(other, {k_alice}, true);
    TempDir dir;
    {
        MatrixBot bot(fake, dir);
        REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
        // nlohmann::json refuses the whole /sync body for this one escape.
        fake.send_raw_event(other, k_alice, "m.room.message",
                            R"({"msgtype": "m.text", "body": "!idea add \ud800 broken"})");
        fake.send_text(k_team, k_alice, "!idea add Behind the scenes at the fair");
        REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
        CHECK(has(bodies(fake.bot_messages(k_team))[0], "Behind the scenes"));
        CHECK(fake.bot_messages(other).empty());
        CHECK(has(bot.log(), "malformed Matrix event skipped"));
        CHECK(has(bot.log(), "undecodable text"));
        CHECK_FALSE(has(bot.log(), "Matrix sync failed"));
        CHECK(bot.stop().exit_code == 0);
    }
    fake.send_text(k_team, k_alice, "!idea add After the restart");
    MatrixBot again(fake, dir);
    REQUIRE_MESSAGE(again.wait_messages(2), again.log());
    fake.send_text(k_team, k_alice, "!help");
    REQUIRE_MESSAGE(again.wait_messages(3), again.log());
    const auto sent = bodies(fake.bot_messages(k_team));
    REQUIRE(sent.size() == 3);
    CHECK(has(sent[1], "Idea #2"));
    CHECK(has(sent[1], "After the restart"));
    // The token went past the bad event: the restart did not meet it again.
    CHECK_FALSE(has(again.log(), "malformed Matrix event skipped"));
    CHECK(fake.bot_messages(other).empty());
}

TEST_CASE("Matrix e2e: joining a room runs none of its history - later commands run once") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    const std::string invited = "!marketing:example.org"; // invited before the first start
    const std::string later = "!sales:example.org";       // invited while the bot runs
    room_with_history(fake, invited);
    fake.invite_bot(invited, k_alice, false);
    TempDir dir;
    {
        MatrixBot bot(fake, dir);
        REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
        REQUIRE(bot.wait([&] { return fake.is_bot_joined(invited); }));
        fake.send_text(invited, k_alice, "!idea add Fresh idea");
        REQUIRE_MESSAGE(bot.wait_messages(1, invited), bot.log());

        room_with_history(fake, later);
        fake.invite_bot(later, k_alice, false);
        REQUIRE(bot.wait([&] { return fake.is_bot_joined(later); }));
        fake.send_text(later, k_alice, "!idea add Sales idea");
        REQUIRE_MESSAGE(bot.wait_messages(1, later), bot.log());
        bot.stop(SIGKILL);
    }
    // Typed while the bot was down, in a room it is a member of: runs once after the restart.
    fake.send_text(invited, k_alice, "!idea add While the bot was down");
    MatrixBot again(fake, dir);
    REQUIRE_MESSAGE(again.wait_messages(2, invited), again.log());
    fake.send_text(invited, k_alice, "!help");
    REQUIRE_MESSAGE(again.wait_messages(3, invited), again.log());

    const auto in_invited = bodies(fake.bot_messages(invited));
    REQUIRE(in_invited.size() == 3);
    CHECK(has(in_invited[0], "Idea #1"));
    CHECK(has(in_invited[0], "Fresh idea"));
    CHECK(has(in_invited[1], "Idea #3"));
    CHECK(has(in_invited[1], "While the bot was down"));
    const auto in_later = bodies(fake.bot_messages(later));
    REQUIRE(in_later.size() == 1);
    CHECK(has(in_later[0], "Idea #2"));
    check_no_history_ran(fake, {k_team, invited, later});
}

TEST_CASE("Matrix e2e: a configured room's history does not run when the bot joins it") {
    FakeMatrix fake;
    room_with_history(fake, k_team); // joined through [matrix] rooms at start
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.send_text(k_team, k_alice, "!idea add Fresh idea");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    fake.send_text(k_team, k_alice, "!help");
    REQUIRE_MESSAGE(bot.wait_messages(2), bot.log());
    const auto sent = bodies(fake.bot_messages(k_team));
    REQUIRE(sent.size() == 2);
    CHECK(has(sent[0], "Idea #1"));
    check_no_history_ran(fake, {k_team});
}

TEST_SUITE_END();
