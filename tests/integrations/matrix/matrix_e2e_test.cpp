// The Matrix adapter end to end: the built `onevoice` binary against FakeMatrix over
// loopback, as issue 4 "Tests" lists them.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

using nlohmann::json;
using onevoice::tests::bodies;
using onevoice::tests::FakeMatrix;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixBotOptions;
using onevoice::tests::MatrixEvent;
using onevoice::tests::MatrixRequest;
using onevoice::tests::ProcessResult;
using onevoice::tests::TempDir;

namespace {

const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::vector<MatrixRequest> sends(const FakeMatrix& fake) {
    std::vector<MatrixRequest> out;
    for (const MatrixRequest& request : fake.requests()) {
        if (request.method == "PUT" && contains(request.path, "/send/m.room.message/")) {
            out.push_back(request);
        }
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("Matrix e2e: a prefixed command is answered - old history and chat are not") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice, "@bob:example.org"}, true);
    fake.send_text(k_team, k_alice, "!team"); // typed before the bot existed
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.send_text(k_team, "@bob:example.org", "help"); // chat, no prefix
    fake.send_text(k_team, "@otherbot:example.org", "!help", "m.notice");
    fake.send_text(k_team, k_alice, "!help");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    const auto messages = fake.bot_messages(k_team);
    CHECK(messages[0].content["msgtype"] == "m.notice");
    CHECK(messages[0].content["format"] == "org.matrix.custom.html");
    CHECK(contains(messages[0].content["body"], "team"));
    // Nothing else is answered: not the history, not the chat, not the other bot.
    fake.send_text(k_team, k_alice, "!help team");
    REQUIRE(bot.wait_messages(2));
    CHECK(fake.bot_messages(k_team).size() == 2);
    const ProcessResult result = bot.stop();
    CHECK(result.exit_code == 0);
}

TEST_CASE("Matrix e2e: a direct room works without the prefix") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, false);
    const std::string direct = "!dm-alice:example.org";
    fake.create_room(direct, {k_alice}, true);
    fake.set_direct(k_alice, direct);
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.send_text(direct, k_alice, "help");
    REQUIRE_MESSAGE(bot.wait_messages(1, direct), bot.log());
    CHECK(contains(fake.bot_messages(direct)[0].content["body"], "team"));
    CHECK(fake.bot_messages(k_team).empty());
}

TEST_CASE("Matrix e2e: killed between syncs and restarted, no command is lost or run twice") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, false);
    TempDir dir;
    {
        MatrixBot bot(fake, dir);
        REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
        fake.send_text(k_team, k_alice, "!help");
        REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
        bot.stop(SIGKILL);
    }
    fake.send_text(k_team, k_alice, "!help team"); // while the bot is down
    const std::size_t before = fake.requests().size();
    MatrixBot again(fake, dir);
    REQUIRE_MESSAGE(again.wait_messages(2), again.log());
    const auto messages = bodies(fake.bot_messages(k_team));
    REQUIRE(messages.size() == 2);
    CHECK(contains(messages[1], "team"));
    // The restart went on from the stored token instead of a new first sync.
    const auto requests = fake.requests();
    const auto first =
        std::find_if(requests.begin() + static_cast<long>(before), requests.end(),
                     [](const MatrixRequest& r) { return r.path.ends_with("/sync"); });
    REQUIRE(first != requests.end());
    CHECK(contains(first->query, "since="));
}

TEST_CASE("Matrix e2e: after a long outage the sync is limited - every command is answered once") {
    onevoice::tests::FakeMatrixOptions homeserver;
    homeserver.send_interval = std::chrono::milliseconds(50); // paced, but about the gap
    FakeMatrix fake(homeserver);
    fake.create_room(k_team, {k_alice}, false);
    TempDir dir;
    {
        MatrixBot bot(fake, dir);
        REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
        bot.stop(SIGKILL);
    }
    // A busy room while the bot is down: more events than a sync's timeline shows.
    fake.limit_timelines(5);
    constexpr int k_count = 40;
    for (int i = 1; i <= k_count; ++i) {
        fake.send_text(k_team, k_alice, "!idea add Gap idea " + std::to_string(i));
        fake.send_text(k_team, "@bob:example.org", "chat " + std::to_string(i));
    }
    MatrixBot again(fake, dir);
    // 40 replies at the homeserver's pace: 10 at once, then one every 50 ms.
    REQUIRE_MESSAGE(again.wait([&] { return fake.bot_messages(k_team).size() >= k_count; },
                               std::chrono::seconds(40)),
                    again.log());
    // One more command, answered through the next sync, shows that the gap is
    // behind the stored token: nothing of it is answered again. (Waiting for
    // the sync count instead races with the bot's next long-poll.)
    fake.send_text(k_team, k_alice, "!idea add After the gap");
    REQUIRE_MESSAGE(again.wait_messages(k_count + 1, k_team), again.log());
    CHECK(fake.count("GET", "/messages") >= 1);
    const auto messages = bodies(fake.bot_messages(k_team));
    REQUIRE(messages.size() == static_cast<std::size_t>(k_count + 1));
    CHECK(contains(messages.back(), "After the gap"));
    for (int i = 1; i <= k_count; ++i) {
        // In the order typed: idea #i is "Gap idea i", and each is answered once.
        const std::string& body = messages[static_cast<std::size_t>(i - 1)];
        CHECK_MESSAGE(contains(body, "Idea #" + std::to_string(i) + "\n"), body);
        CHECK_MESSAGE(contains(body, "Gap idea " + std::to_string(i) + "\n"), body);
    }
    CHECK(again.stop().exit_code == 0);
}

TEST_CASE("Matrix e2e: M_LIMIT_EXCEEDED waits retry_after_ms - a lost answer is not sent twice") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());

    fake.rate_limit_sends(1, 300);
    fake.send_text(k_team, k_alice, "!help");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    auto puts = sends(fake);
    REQUIRE(puts.size() == 2);
    CHECK(puts[0].status == 429);
    CHECK(puts[1].status == 200);
    CHECK(puts[0].path == puts[1].path);                              // the same txnId
    CHECK(puts[1].at - puts[0].at >= std::chrono::milliseconds(300)); // the wait it was asked for

    fake.lose_send_answers(1);
    fake.send_text(k_team, k_alice, "!help team");
    REQUIRE(bot.wait([&] { return sends(fake).size() >= 4; }, std::chrono::seconds(15)));
    puts = sends(fake);
    CHECK(puts[2].status == 504);
    CHECK(puts[3].status == 200);
    CHECK(puts[2].path == puts[3].path);
    CHECK(puts[2].path != puts[0].path);
    CHECK(fake.bot_messages(k_team).size() == 2); // shown once
}

TEST_CASE("Matrix e2e: M_UNKNOWN_TOKEN without a password exits with one clear line") {
    FakeMatrix fake;
    TempDir dir;
    MatrixBotOptions options;
    options.token = "syt_not_a_valid_token";
    MatrixBot bot(fake, dir, options);
    const ProcessResult result = bot.stop(0); // signal 0: only wait
    CHECK(result.exit_code == 3);
    CHECK(contains(result.err, "M_UNKNOWN_TOKEN"));
    CHECK_FALSE(contains(result.err, "syt_not_a_valid_token"));
}

TEST_CASE("Matrix e2e: password login keeps its token - invites only from the allow-list") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, false);
    TempDir dir;
    MatrixBotOptions options;
    options.password = fake.options().password;
    {
        MatrixBot bot(fake, dir, options);
        REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
        fake.invite_bot("!evil:evil.example", "@mallory:evil.example", false);
        fake.invite_bot("!marketing:example.org", k_alice, false);
        REQUIRE(bot.wait([&] {
            return !fake.rejected_invites().empty() && fake.is_bot_joined("!marketing:example.org");
        }));
        CHECK(fake.rejected_invites() == std::vector<std::string>{"!evil:evil.example"});
        CHECK_FALSE(fake.is_bot_joined("!evil:evil.example"));
        CHECK(contains(bot.stop().err, "invite rejected"));
    }
    CHECK(fake.count("POST", "/login") == 1);
    const int syncs = fake.count("GET", "/sync");
    MatrixBot again(fake, dir, options);
    REQUIRE_MESSAGE(again.wait([&] { return fake.count("GET", "/sync") > syncs; }), again.log());
    CHECK(fake.count("POST", "/login") == 1); // the kept token was reused
    CHECK_FALSE(contains(again.log(), fake.options().password));
}

TEST_CASE("Matrix e2e: HTML and @room in user text are shown literally") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.send_text(k_team, k_alice, "!<b>@room</b>");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    const json content = fake.bot_messages(k_team)[0].content;
    const std::string html = content["formatted_body"];
    CHECK(contains(html, "&lt;b&gt;@room&lt;/b&gt;"));
    CHECK_FALSE(contains(html, "<b>"));
    CHECK_FALSE(contains(content["body"], "@room"));
    CHECK(content["m.mentions"] == json::object());
}

TEST_CASE("Matrix e2e: malformed sync JSON and a broken event are skipped - sync goes on") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.answer_next_sync_raw("{\"next_batch\": ");
    fake.send_event(k_team, k_alice, "m.room.message", json("not an object"));
    REQUIRE_MESSAGE(bot.wait([&] {
        return contains(bot.log(), "Matrix sync failed") &&
               contains(bot.log(), "malformed Matrix event skipped");
    }),
                    bot.log());
    fake.send_text(k_team, k_alice, "!help");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
}

TEST_CASE("Matrix e2e: a 👍 on an idea's message votes for it") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice, "@bob:example.org"}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.send_text(k_team, k_alice, "!idea add Behind the scenes at the fair #event");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    const MatrixEvent card = fake.bot_messages(k_team)[0];
    CHECK(contains(card.content["body"], "!idea vote 1"));
    CHECK(contains(card.content["body"], "👍"));
    fake.send_event(k_team, "@bob:example.org", "m.reaction",
                    {{"m.relates_to",
                      {{"rel_type", "m.annotation"}, {"event_id", card.event_id}, {"key", "👍"}}}});
    REQUIRE_MESSAGE(bot.wait([&] {
        for (const std::string& body : bodies(fake.bot_messages(k_team))) {
            if (contains(body, "You voted for #1")) {
                return true;
            }
        }
        return false;
    }),
                    bot.log());
    bool is_card_edited = false;
    for (const MatrixEvent& event : fake.bot_messages(k_team)) {
        is_card_edited = is_card_edited ||
                         (event.content.contains("m.relates_to") &&
                          event.content["m.relates_to"].value("event_id", "") == card.event_id);
    }
    CHECK(is_card_edited);
}

TEST_SUITE_END();
