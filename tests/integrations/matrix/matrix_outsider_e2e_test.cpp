// Issue 17 on Matrix, end to end through the built binary: a user of a
// federated server gets `help` and one refusal for everything else, sees no
// customer data and cannot raise or approve anything; a typed `@name` never
// reaches a namesake on another server, and a role reply names the full id.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using onevoice::tests::bodies;
using onevoice::tests::FakeMatrix;
using onevoice::tests::MatrixBot;
using onevoice::tests::TempDir;

namespace {

const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin;
const std::string k_mallory = "@mallory:evil.example";
const std::string k_refusal = "Sorry, I only work for members of our organisation.";

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t count_with(const std::vector<std::string>& sent, const std::string& part) {
    return static_cast<std::size_t>(std::count_if(
        sent.begin(), sent.end(), [&](const std::string& body) { return has(body, part); }));
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Matrix e2e: a user of a federated server gets help and one refusal for the rest") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    fake.join_user(k_team, k_mallory, "mallory");
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.send_text(k_team, k_alice, "!handover billing Customer Jane Roe, IBAN DE89370400440532");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    const std::vector<std::string> attempts = {"!crisis declare sev1 We have been hacked",
                                               "!crisis statement 1 We have been hacked",
                                               "!crisis approve 1",
                                               "!handover list all",
                                               "!handover show 1",
                                               "!handover stats",
                                               "!idea export csv",
                                               "!team add @mallory manager",
                                               "!listen source add rss https://evil.example/feed"};
    const std::size_t before = fake.bot_messages(k_team).size();
    for (const std::string& line : attempts) {
        fake.send_text(k_team, k_mallory, line);
    }
    fake.send_text(k_team, k_mallory, "!help");
    REQUIRE_MESSAGE(bot.wait_messages(before + attempts.size() + 1), bot.log());
    const std::vector<std::string> sent = bodies(fake.bot_messages(k_team));
    INFO(bot.log());
    CHECK(count_with(sent, k_refusal) == attempts.size());
    CHECK(has(sent.back(), "crisis")); // help lists the commands
    CHECK(count_with(sent, "IBAN") == 0);
    CHECK(count_with(sent, "hacked") == 0);
    // Nothing changed: no crisis, and the manager still sees the handover as before.
    fake.send_text(k_team, k_alice, "!crisis list");
    REQUIRE_MESSAGE(bot.wait_messages(before + attempts.size() + 2), bot.log());
    CHECK(has(bodies(fake.bot_messages(k_team)).back(), "No active crisis"));
}

TEST_CASE("Matrix e2e: @name never reaches a namesake on another server") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    fake.join_user(k_team, "@alex:example.org", "Alexander Local");
    fake.join_user(k_team, "@alex:evil.example", "alex");
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    // Both ask for help once, so the bot has seen both.
    fake.send_text(k_team, "@alex:example.org", "!help");
    fake.send_text(k_team, "@alex:evil.example", "!help");
    REQUIRE_MESSAGE(bot.wait_messages(2), bot.log());
    fake.send_text(k_team, k_alice, "!team add @alex community");
    REQUIRE_MESSAGE(bot.wait_messages(3), bot.log());
    const std::string added = bodies(fake.bot_messages(k_team)).back();
    INFO(bot.log());
    INFO("reply: " << added);
    CHECK(has(added, "(@alex:example.org) is now community manager"));
    CHECK_FALSE(has(added, "evil.example"));
    // A foreign id typed exactly, never seen before, is refused too.
    fake.send_text(k_team, k_alice, "!team add @eve:evil.example helper");
    REQUIRE_MESSAGE(bot.wait_messages(4), bot.log());
    const std::string refused = bodies(fake.bot_messages(k_team)).back();
    INFO("refused: " << refused);
    CHECK(has(refused, "@eve:evil.example is not of our organisation"));
}

TEST_SUITE_END();
