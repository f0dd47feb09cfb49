// Issue #17, circles on Slack: every Command and Action the SlackAdapter hands on carries
// is_outsider as the payload's team, auth.test and users.info decide, against FakeSlack over
// loopback. (The router's refusal of outsiders is tested with the router.)
// On FakeSlack, not ScriptedHttp: every case needs envelopes (and acks) over Socket Mode's
// websocket, which SlackAdapter opens itself; ScriptedHttp stands in for HTTP only.
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/slack/slack_adapter.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/recording_sink.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace onevoice;
using integrations::slack::CirclePolicy;
using integrations::slack::SlackAdapter;
using integrations::slack::SlackOptions;
using tests::FakeSlack;
using tests::FakeSlackOptions;
using tests::FakeUser;

namespace {

const std::string k_alice = "U024BE7LH";
const std::string k_customer = "U0CUST0001"; // of the customer's workspace (Slack Connect)
const std::string k_agency = "U0AGENCY01";   // of a workspace in trusted_teams
const std::string k_guest = "U0GUEST001";    // a multi-channel guest of the workspace
const std::string k_visitor = "U0VISIT001";  // a single-channel guest of the workspace
const std::string k_mention = "<@U0BOT1V0C> help";

struct CircleFixture {
    explicit CircleFixture(FakeSlackOptions fake_options = {})
        : slack(std::move(fake_options)) {
        slack.add_user(FakeUser{k_alice, "alice"});
        slack.add_user(FakeUser{k_customer, "carla", "Europe/Paris", "T0CUSTOMER"});
        slack.add_user(FakeUser{k_agency, "anton", "Europe/Berlin", "T0AGENCY01"});
        FakeUser guest{k_guest, "gustav"};
        guest.is_restricted = true;
        slack.add_user(guest);
        FakeUser visitor{k_visitor, "vera"};
        visitor.is_ultra_restricted = true;
        slack.add_user(visitor);
    }

    void start(CirclePolicy circles = {}) {
        SlackOptions options;
        options.api_url = *integrations::net::Url::parse(slack.api_url());
        options.circles = std::move(circles);
        options.clock = &clock;
        adapter = std::make_unique<SlackAdapter>(
            io, tls, http, bot::Secret(slack.options().app_token),
            bot::Secret(slack.options().bot_token), std::move(options), [] { return 0.5; });
        adapter->start(sink);
        REQUIRE(tests::run_until(io, [&] { return slack.hellos() >= 1; }));
    }

    // Runs the io loop until the sink has `count` commands in all; returns the last.
    bot::Command command_number(std::size_t count) {
        REQUIRE(tests::run_until(io, [&] { return sink.commands.size() >= count; }));
        return sink.commands.at(count - 1);
    }
    bot::UserRef mention_by(const std::string& user) {
        slack.send_app_mention(k_mention, {}, user);
        return command_number(sink.commands.size() + 1).user;
    }
    bot::UserRef slash_by(const std::string& user) {
        tests::SlashCommandSpec spec;
        spec.command = "/idea";
        spec.text = "list";
        spec.user_id = user;
        slack.send_slash_command(spec);
        return command_number(sink.commands.size() + 1).user;
    }
    bot::UserRef press_by(const std::string& user) {
        tests::BlockActionSpec spec;
        spec.action_id = "idea.vote";
        spec.value = "idea vote 1";
        spec.message_ts = "1700000100.000300";
        spec.user_id = user;
        const std::size_t before = sink.actions.size();
        slack.send_block_actions(spec);
        REQUIRE(tests::run_until(io, [&] { return sink.actions.size() > before; }));
        return sink.actions.back().user;
    }
    bool acked(const std::string& envelope_id) {
        return tests::run_until(io, [&] { return slack.ack_count(envelope_id) > 0; });
    }

    FakeSlack slack;
    boost::asio::io_context io;
    boost::asio::ssl::context tls = integrations::net::make_client_tls_context();
    integrations::net::HttpClient http{io, tls};
    tests::FakeClock clock;
    tests::RecordingSink sink;
    std::unique_ptr<SlackAdapter> adapter;
};

FakeSlackOptions grid_workspace() {
    FakeSlackOptions options;
    options.enterprise_id = "E0EXAMPLE";
    return options;
}

} // namespace

TEST_SUITE_BEGIN("slack");

TEST_CASE_FIXTURE(CircleFixture,
                  "Slack circles: another workspace's user is an outsider, a trusted one is not") {
    start(CirclePolicy{{"T0AGENCY01"}, false});
    SUBCASE("mentions") {
        const bot::UserRef alice = mention_by(k_alice);
        CHECK_FALSE(alice.is_outsider);
        CHECK(alice.display_name == "alice"); // users.info answered before the command went on
        CHECK(mention_by(k_customer).is_outsider);
        CHECK_FALSE(mention_by(k_agency).is_outsider);
    }
    SUBCASE("a direct message") {
        slack.send_direct_message("idea list", {}, k_customer, "D0CUST0001");
        CHECK(command_number(1).user.is_outsider);
    }
    SUBCASE("slash commands") {
        CHECK_FALSE(slash_by(k_alice).is_outsider);
        CHECK(slash_by(k_customer).is_outsider);
        CHECK_FALSE(slash_by(k_agency).is_outsider);
    }
    SUBCASE("button presses") {
        CHECK_FALSE(press_by(k_alice).is_outsider);
        CHECK(press_by(k_customer).is_outsider);
        CHECK_FALSE(press_by(k_agency).is_outsider);
    }
}

TEST_CASE_FIXTURE(CircleFixture, "Slack circles: guests are outsiders by default") {
    start();
    CHECK(mention_by(k_guest).is_outsider);
    CHECK(mention_by(k_visitor).is_outsider);
    CHECK(press_by(k_guest).is_outsider);
    CHECK_FALSE(mention_by(k_alice).is_outsider);
}

TEST_CASE_FIXTURE(CircleFixture, "Slack circles: with [slack] guests = colleague they are not") {
    start(CirclePolicy{{}, true});
    CHECK_FALSE(mention_by(k_guest).is_outsider);
    CHECK_FALSE(slash_by(k_visitor).is_outsider);
    CHECK(mention_by(k_customer).is_outsider); // another workspace's people stay outside
}

TEST_CASE("Slack circles: Enterprise Grid, people of the installing organisation are trusted") {
    CircleFixture h(grid_workspace());
    h.slack.add_user(FakeUser{"W0GRID0001", "greta", "Europe/Berlin", "T0GRIDTWO", "E0EXAMPLE"});
    h.slack.add_user(FakeUser{"W0OTHER001", "otto", "Europe/Berlin", "T0OTHERORG", "E0OTHERORG"});
    h.start();
    // A colleague of another workspace of the organisation: the events name T0GRIDTWO.
    CHECK_FALSE(h.mention_by("W0GRID0001").is_outsider);
    CHECK_FALSE(h.slash_by("W0GRID0001").is_outsider);
    CHECK_FALSE(h.press_by("W0GRID0001").is_outsider);
    CHECK_FALSE(h.mention_by(k_alice).is_outsider);
    CHECK(h.mention_by("W0OTHER001").is_outsider);
    CHECK(h.mention_by(k_guest).is_outsider); // a guest of the Grid is still a guest
}

TEST_CASE_FIXTURE(CircleFixture,
                  "Slack circles: users.info is asked once an hour per person, in order") {
    start();
    // Two commands before the answer: one call, and they go on in the order they came.
    slack.send_app_mention("<@U0BOT1V0C> idea list", {}, k_customer);
    slack.send_app_mention("<@U0BOT1V0C> help", {}, k_customer);
    CHECK(command_number(2).text == "help");
    CHECK(sink.commands[0].text == "idea list");
    CHECK(sink.commands[0].user.is_outsider);
    CHECK(sink.commands[1].user.is_outsider);
    CHECK(slack.calls("users.info").size() == 1);

    clock.advance(std::chrono::minutes(59));
    CHECK(mention_by(k_customer).is_outsider);
    CHECK(slack.calls("users.info").size() == 1);

    clock.advance(std::chrono::minutes(2));
    CHECK(mention_by(k_customer).is_outsider);
    CHECK(slack.calls("users.info").size() == 2);
}

TEST_CASE_FIXTURE(CircleFixture, "Slack circles: a failed users.info fails closed, loses nothing") {
    start();
    SUBCASE("first contact: an outsider for that command, which is still handed on and acked") {
        slack.fail_next("users.info", 1, "internal_error");
        const std::string envelope = slack.send_app_mention(k_mention, {}, k_alice);
        CHECK(command_number(1).user.is_outsider);
        CHECK(acked(envelope));
        // Nothing was remembered: the next command asks again and finds a member.
        CHECK_FALSE(mention_by(k_alice).is_outsider);
        CHECK(slack.calls("users.info").size() == 2);
    }
    SUBCASE("an outage: the same, over HTTP 500") {
        slack.fail_http("users.info", 1, 500);
        const std::string envelope = slack.send_app_mention(k_mention, {}, k_alice);
        CHECK(command_number(1).user.is_outsider);
        CHECK(acked(envelope));
    }
    SUBCASE("a known person: the last answer still decides") {
        CHECK_FALSE(mention_by(k_alice).is_outsider);
        CHECK(mention_by(k_guest).is_outsider);
        clock.advance(std::chrono::hours(2));
        slack.fail_next("users.info", 2, "ratelimited");
        CHECK_FALSE(mention_by(k_alice).is_outsider);
        CHECK(mention_by(k_guest).is_outsider);
        CHECK(slack.calls("users.info").size() == 4);
    }
}

TEST_SUITE_END();
