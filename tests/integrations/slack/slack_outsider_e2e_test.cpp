// Issue 17 on Slack, end to end through the built binary: a customer of
// another workspace (Slack Connect) and a guest of ours each run every
// privileged and every data-reading command, and get one private refusal per
// command that names no data; nothing they typed reaches the channel, no
// crisis is declared, no statement approved, nobody gets a role.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using onevoice::tests::FakeSlack;
using onevoice::tests::FakeUser;
using onevoice::tests::ok_calls;
using onevoice::tests::SlackBot;
using onevoice::tests::SlashCommandSpec;

namespace {

const std::string k_refusal = "I only work for members of our organisation";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

SlashCommandSpec slash_as(const std::string& user, const std::string& name,
                          const std::string& command, const std::string& text) {
    SlashCommandSpec spec;
    spec.user_id = user;
    spec.user_name = name;
    spec.command = command;
    spec.text = text;
    return spec;
}

// Every text the bot posted or sent privately, as one string.
std::string everything_sent(const FakeSlack& fake) {
    std::string all;
    for (const char* method : {"chat.postMessage", "chat.postEphemeral", "chat.update"}) {
        for (const auto& call : ok_calls(fake, method)) {
            all += call.args.dump() + "\n";
        }
    }
    return all;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack e2e: a customer of another workspace and a guest get one refusal each") {
    FakeSlack fake;
    fake.add_user(FakeUser{"U024BE7LH", "alice"});
    fake.add_user(FakeUser{"U0CUST0001", "mallory", "Europe/Paris", "T0CUSTOMER"});
    FakeUser guest{"U0GUEST001", "bob"};
    guest.is_restricted = true;
    fake.add_user(guest);
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    // The manager hands over a customer's question first: data the strangers must not see.
    fake.send_slash_command(slash_as("U024BE7LH", "alice", "/experts", "add <@U024BE7LH> billing"));
    REQUIRE(bot.wait([&] { return !ok_calls(fake, "chat.postMessage").empty(); }));
    fake.send_slash_command(
        slash_as("U024BE7LH", "alice", "/handover", "billing Jane Roe, IBAN DE89370400440532"));
    REQUIRE(bot.wait_call("chat.postMessage", "Handover #1 is with"));

    const std::vector<std::pair<std::string, std::string>> attempts = {
        {"/crisis", "declare sev1 We have been hacked"},
        {"/crisis", "statement 1 We have been hacked"},
        {"/crisis", "approve 1"},
        {"/crisis", "show 1"},
        {"/crisis", "report 1"},
        {"/handover", "list all"},
        {"/handover", "show 1"},
        {"/handover", "stats"},
        {"/idea", "export csv"},
        {"/team", "add <@U0GUEST001> deputy"},
        {"/team", "add @bob deputy"},
        {"/listen", "source add rss https://evil.example/feed"},
    };
    for (const auto& [user, name] :
         {std::pair<std::string, std::string>{"U0CUST0001", "mallory"}, {"U0GUEST001", "bob"}}) {
        CAPTURE(user);
        const std::size_t before = ok_calls(fake, "chat.postEphemeral", k_refusal).size();
        for (const auto& [command, text] : attempts) {
            fake.send_slash_command(slash_as(user, name, command, text));
        }
        REQUIRE(bot.wait([&] {
            return ok_calls(fake, "chat.postEphemeral", k_refusal).size() ==
                   before + attempts.size();
        }));
        for (const auto& call : ok_calls(fake, "chat.postEphemeral", k_refusal)) {
            CHECK(call.args.value("user", "") != "U024BE7LH");
            CHECK_FALSE(contains(call.args.dump(), "IBAN"));
        }
    }
    // Help is theirs too, and nothing of what they typed reached anyone.
    const std::size_t privately = ok_calls(fake, "chat.postEphemeral").size();
    fake.send_slash_command(slash_as("U0CUST0001", "mallory", "/onevoice", "help"));
    REQUIRE(bot.wait([&] { return ok_calls(fake, "chat.postEphemeral").size() > privately; }));
    CHECK_FALSE(contains(ok_calls(fake, "chat.postEphemeral").back().args.dump(), k_refusal));
    const std::string sent = everything_sent(fake);
    CHECK_FALSE(contains(sent, "hacked"));
    CHECK_FALSE(contains(sent, "approved by"));
    CHECK_FALSE(contains(sent, "is now deputy"));
    for (const auto& call : ok_calls(fake, "chat.postEphemeral")) {
        CHECK((call.args.value("user", "") == "U024BE7LH" || !contains(call.args.dump(), "IBAN")));
    }
    CHECK(ok_calls(fake, "chat.postMessage", "IBAN").empty());
    CHECK(ok_calls(fake, "chat.postMessage", "Crisis").empty());
    // The question is there all along, for the team.
    fake.send_slash_command(slash_as("U024BE7LH", "alice", "/handover", "show 1"));
    REQUIRE(bot.wait_call("chat.postEphemeral", "IBAN"));
}

TEST_CASE("Slack e2e: without a manager the bot says so at start and lead commands say how") {
    FakeSlack fake;
    fake.add_user(FakeUser{"U024BE7LH", "alice"});
    onevoice::tests::SlackBotOptions options;
    options.has_admin = false;
    options.config = "[slack]\nteam_channel = \"C0TEAM0001\"\n";
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    REQUIRE(bot.wait_call("chat.postMessage", "Nobody is this team's manager yet"));
    CHECK(ok_calls(fake, "chat.postMessage", "Nobody is this team's manager yet").size() == 1);
    fake.send_slash_command(slash_as("U024BE7LH", "alice", "/team", "add <@U024BE7LH> manager"));
    REQUIRE(bot.wait_call("chat.postEphemeral", "admins"));
    CHECK(ok_calls(fake, "chat.postMessage", "is now").empty());
}

TEST_SUITE_END();
