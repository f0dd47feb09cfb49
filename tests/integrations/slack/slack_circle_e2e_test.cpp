// Issue #17, circles on Slack, end to end: the built binary, its [slack] trusted_teams and
// guests from the config file, auth.test's Enterprise Grid and users.info from FakeSlack. The
// adapter logs each command's circle at debug level ("slack user circle"); that line, and the
// command's ack, are what this test sees of it. (The router's refusals are tested there.)
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::FakeSlack;
using onevoice::tests::FakeSlackOptions;
using onevoice::tests::FakeUser;
using onevoice::tests::SlackBot;
using onevoice::tests::SlackBotOptions;
using onevoice::tests::SlashCommandSpec;

namespace {

const std::string k_mention = "<@U0BOT1V0C> help";

// A workspace of the Grid organisation E0EXAMPLE with a customer of another workspace, a
// guest, an agency of a trusted workspace and a colleague of the organisation's second
// workspace.
FakeSlackOptions grid_workspace() {
    FakeSlackOptions options;
    options.enterprise_id = "E0EXAMPLE";
    return options;
}

void add_people(FakeSlack& fake) {
    fake.add_user(FakeUser{"U024BE7LH", "alice"});
    fake.add_user(FakeUser{"U0CUST0001", "carla", "Europe/Paris", "T0CUSTOMER"});
    fake.add_user(FakeUser{"U0AGENCY01", "anton", "Europe/Berlin", "T0AGENCY01"});
    fake.add_user(FakeUser{"W0GRID0001", "greta", "Europe/Berlin", "T0GRIDTWO", "E0EXAMPLE"});
    FakeUser guest{"U0GUEST001", "gustav"};
    guest.is_restricted = true;
    fake.add_user(guest);
}

std::string circle_line(const std::string& user, const std::string& team,
                        const std::string& circle) {
    return "slack user circle user=" + user + " team=" + team + " circle=" + circle;
}

// Until the bot logged `line` and Slack got the envelope's ack.
bool handled(SlackBot& bot, FakeSlack& fake, const std::string& envelope, const std::string& line) {
    return bot.wait([&] {
        return bot.process().err().find(line) != std::string::npos && fake.ack_count(envelope) > 0;
    });
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack e2e: circles - other workspace and guest outside, trusted and Grid inside") {
    FakeSlack fake(grid_workspace());
    add_people(fake);
    SlackBotOptions options;
    options.config = "[slack]\ntrusted_teams = [\"T0AGENCY01\"]\n";
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());

    const std::string customer = fake.send_app_mention(k_mention, {}, "U0CUST0001");
    CHECK(handled(bot, fake, customer, circle_line("U0CUST0001", "T0CUSTOMER", "outsider")));
    const std::string guest = fake.send_app_mention(k_mention, {}, "U0GUEST001");
    CHECK(handled(bot, fake, guest, circle_line("U0GUEST001", "T061EG9R6", "outsider")));
    const std::string agency = fake.send_app_mention(k_mention, {}, "U0AGENCY01");
    CHECK(handled(bot, fake, agency, circle_line("U0AGENCY01", "T0AGENCY01", "organisation")));
    SlashCommandSpec slash;
    slash.command = "/onevoice";
    slash.text = "help";
    slash.user_id = "W0GRID0001";
    const std::string colleague = fake.send_slash_command(slash);
    CHECK(handled(bot, fake, colleague, circle_line("W0GRID0001", "T0GRIDTWO", "organisation")));
    const std::string alice = fake.send_app_mention(k_mention, {}, "U024BE7LH");
    CHECK(handled(bot, fake, alice, circle_line("U024BE7LH", "T061EG9R6", "organisation")));
}

TEST_CASE("Slack e2e: circles - [slack] guests = colleague lets the workspace's guests in") {
    FakeSlack fake;
    add_people(fake);
    SlackBotOptions options;
    options.config = "[slack]\nguests = \"colleague\"\n";
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());

    const std::string guest = fake.send_app_mention(k_mention, {}, "U0GUEST001");
    CHECK(handled(bot, fake, guest, circle_line("U0GUEST001", "T061EG9R6", "organisation")));
    // Outside a Grid, and not listed: the colleague's workspace is another one.
    const std::string other = fake.send_app_mention(k_mention, {}, "W0GRID0001");
    CHECK(handled(bot, fake, other, circle_line("W0GRID0001", "T0GRIDTWO", "outsider")));
}

TEST_SUITE_END();
