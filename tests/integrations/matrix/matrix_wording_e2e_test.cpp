// Hints name commands as a Matrix user types them, and a mention reads with
// one @ (issue #20), through the built binary on the fake homeserver.
#include "tests/fakes/console_output.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using onevoice::tests::contains;
using onevoice::tests::FakeMatrix;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixEvent;
using onevoice::tests::TempDir;

namespace {

const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin;

// The last message the bot sent to the team room whose body contains `part`.
std::optional<MatrixEvent> message_with(const FakeMatrix& fake, const std::string& part) {
    const auto found = onevoice::tests::bot_messages_with(fake, {k_team}, part);
    return found.empty() ? std::nullopt : std::optional<MatrixEvent>(found.back());
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Matrix wording e2e: hints show the prefix and a mention has one @") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());

    // A hint in the catalog's own words.
    fake.send_text(k_team, k_alice, "!frobnicate");
    REQUIRE(bot.wait([&] { return message_with(fake, "Unknown command").has_value(); }));
    const MatrixEvent unknown = *message_with(fake, "Unknown command");
    CHECK(unknown.content.value("body", "") ==
          "Unknown command 'frobnicate'. Type !help for the list of commands.");
    CHECK(contains(unknown.content.value("formatted_body", ""), "Type !help for"));

    // A hint that a handler fills in.
    fake.send_text(k_team, k_alice, "!crisis template list");
    REQUIRE(bot.wait([&] { return message_with(fake, "No templates yet").has_value(); }));
    const MatrixEvent templates = *message_with(fake, "No templates yet");
    CHECK(templates.content.value("body", "") ==
          "No templates yet. Prepare one with !crisis template add <name> <text>.");

    // Usage lines are commands too.
    fake.send_text(k_team, k_alice, "!help team");
    REQUIRE(bot.wait([&] { return message_with(fake, "team add @user").has_value(); }));
    CHECK(contains(message_with(fake, "team add @user")->content.value("body", ""),
                   "- !team add @user <role>"));

    // The roster names Alice by her id, which already starts with @.
    fake.send_text(k_team, k_alice, "!team");
    REQUIRE(bot.wait([&] { return message_with(fake, "## Team").has_value(); }));
    const std::string roster = message_with(fake, "## Team")->content.value("body", "");
    INFO(roster);
    CHECK(contains(roster, "- @alice:example.org — manager"));
    CHECK_FALSE(contains(roster, "@@"));
}

TEST_SUITE_END();
