// FakeSlack itself: its Web API answers as Slack documents them, so the end-to-end tests that
// build on it test the bot, not the fake.
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/net/websocket_client.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/loopback_server.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace net = onevoice::integrations::net;
using nlohmann::json;
using onevoice::tests::FakeSlack;
using onevoice::tests::FakeSlackOptions;

namespace {

// Calls the fake with the bot's own HTTP client, on the test thread's io_context.
struct ApiClient {
    boost::asio::io_context io;
    boost::asio::ssl::context tls = net::make_client_tls_context();
    net::HttpClient http{io, tls};

    net::HttpResult post(const std::string& url, const std::string& body,
                         const std::string& token = "",
                         const std::string& content_type = "application/json; charset=utf-8") {
        net::HttpRequest request;
        request.method = net::HttpMethod::post;
        request.url = *net::Url::parse(url);
        request.body = body;
        request.headers.set("Content-Type", content_type);
        if (!token.empty()) {
            request.headers.set("Authorization", "Bearer " + token);
        }
        std::optional<net::HttpResult> result;
        http.request(std::move(request), [&](net::HttpResult r) { result = std::move(r); });
        REQUIRE(onevoice::tests::run_until(io, [&] { return result.has_value(); }));
        return std::move(*result);
    }
    json call(const FakeSlack& fake, const std::string& method, const json& args,
              const std::string& token) {
        const auto result = post(fake.api_url() + method, args.dump(), token);
        REQUIRE_FALSE(result.failed());
        return json::parse(result.body);
    }
};

std::string error_of(const json& answer) {
    return answer.value("ok", true) ? std::string("(ok)") : answer.value("error", "");
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("FakeSlack: tokens are checked per method like Slack does") {
    FakeSlack fake;
    ApiClient client;
    const std::string bot = fake.options().bot_token;
    const std::string app = fake.options().app_token;
    CHECK(error_of(client.call(fake, "auth.test", json::object(), "")) == "not_authed");
    CHECK(error_of(client.call(fake, "auth.test", json::object(), "xoxb-nope")) == "invalid_auth");
    CHECK(error_of(client.call(fake, "chat.postMessage", json::object(), app)) ==
          "not_allowed_token_type");
    CHECK_FALSE(client.call(fake, "auth.test", json::object(), app).contains("user_id"));
    CHECK(error_of(client.call(fake, "apps.connections.open", json::object(), bot)) ==
          "not_allowed_token_type");
    const json who = client.call(fake, "auth.test", json::object(), bot);
    CHECK(who.value("ok", false));
    CHECK(who.value("user_id", "") == fake.options().bot_user_id);
    CHECK(who.value("team_id", "") == fake.options().team_id);
    const json link = client.call(fake, "apps.connections.open", json::object(), app);
    CHECK(link.value("url", "").starts_with("ws://127.0.0.1:"));
    CHECK(link.value("url", "").find("ticket=") != std::string::npos);
    // A form body may carry the token itself.
    const auto form = client.post(fake.api_url() + "chat.postMessage",
                                  "channel=C0TEAM0001&text=hi+there%21&token=" + bot, "",
                                  "application/x-www-form-urlencoded");
    CHECK(form.status == 200);
    const auto calls = fake.calls("chat.postMessage");
    REQUIRE(calls.size() == 2);
    CHECK_FALSE(calls.front().ok());
    CHECK(calls.back().ok());
    CHECK(calls.back().args.value("text", "") == "hi there!");
    CHECK(calls.back().content_type == "application/x-www-form-urlencoded");
    CHECK(fake.calls().size() == 8);
}

TEST_CASE("FakeSlack: messages, direct conversations, pins and reactions") {
    FakeSlack fake;
    ApiClient client;
    const std::string bot = fake.options().bot_token;
    const json first =
        client.call(fake, "chat.postMessage", {{"channel", "C0TEAM0001"}, {"text", "one"}}, bot);
    const json second = client.call(
        fake, "chat.postMessage",
        {{"channel", "C0TEAM0001"}, {"blocks", json::array({{{"type", "divider"}}})}}, bot);
    REQUIRE(first.value("ok", false));
    REQUIRE(second.value("ok", false));
    const std::string ts = first.value("ts", "");
    CHECK(ts < second.value("ts", ""));
    CHECK(first["message"].value("text", "") == "one");
    CHECK(first["message"].value("bot_id", "") == fake.options().bot_id);
    CHECK(error_of(client.call(fake, "chat.postMessage", {{"channel", "C0TEAM0001"}}, bot)) ==
          "no_text");
    CHECK(error_of(client.call(fake, "chat.postMessage", {{"text", "x"}}, bot)) ==
          "channel_not_found");
    CHECK(error_of(client.call(fake, "chat.postMessage",
                               {{"channel", "C0TEAM0001"}, {"blocks", json::array({1})}}, bot)) ==
          "invalid_blocks");

    const json ephemeral =
        client.call(fake, "chat.postEphemeral",
                    {{"channel", "C0TEAM0001"}, {"user", "U1"}, {"text", "psst"}}, bot);
    CHECK(ephemeral.contains("message_ts"));
    const json update = client.call(fake, "chat.update",
                                    {{"channel", "C0TEAM0001"}, {"ts", ts}, {"text", "uno"}}, bot);
    CHECK(update.value("ts", "") == ts);
    CHECK(error_of(client.call(fake, "chat.update",
                               {{"channel", "C0TEAM0001"}, {"ts", "1.000001"}, {"text", "x"}},
                               bot)) == "message_not_found");

    const json alice = client.call(fake, "conversations.open", {{"users", "U1"}}, bot);
    const json again = client.call(fake, "conversations.open", {{"users", "U1"}}, bot);
    const json bob = client.call(fake, "conversations.open", {{"users", "U2"}}, bot);
    const std::string dm = alice["channel"].value("id", "");
    CHECK(dm.starts_with("D"));
    CHECK(again["channel"].value("id", "") == dm);
    CHECK(again.value("already_open", false));
    CHECK(bob["channel"].value("id", "") != dm);

    const json pin = {{"channel", "C0TEAM0001"}, {"timestamp", ts}};
    CHECK(error_of(client.call(fake, "pins.add", pin, bot)) == "(ok)");
    CHECK(error_of(client.call(fake, "pins.add", pin, bot)) == "already_pinned");
    json reaction = pin;
    reaction["name"] = "eyes";
    CHECK(error_of(client.call(fake, "reactions.add", reaction, bot)) == "(ok)");
    CHECK(error_of(client.call(fake, "reactions.add", reaction, bot)) == "already_reacted");
    // users.info reads only form or query arguments, as Slack's reference says.
    CHECK(error_of(client.call(fake, "users.info", {{"user", "U024BE7LH"}}, bot)) ==
          "user_not_found");
    const auto form_user = client.post(fake.api_url() + "users.info", "user=U024BE7LH", bot,
                                       "application/x-www-form-urlencoded");
    const json user = json::parse(form_user.body);
    CHECK(user["user"]["profile"].contains("display_name"));
    CHECK(user["user"].contains("tz"));
    CHECK(error_of(client.call(fake, "chat.frobnicate", json::object(), bot)) == "unknown_method");

    const auto messages = fake.messages();
    REQUIRE(messages.size() == 3);
    CHECK(messages[0].text == "uno");
    CHECK(messages[0].updates == 1);
    CHECK(messages[0].is_pinned);
    CHECK(messages[2].ephemeral_user == "U1");
}

TEST_CASE("FakeSlack: rate limits and failures on demand") {
    FakeSlack fake;
    ApiClient client;
    const std::string bot = fake.options().bot_token;
    fake.rate_limit("chat.postMessage", 1, 3);
    fake.fail_next("chat.postMessage", 1, "internal_error");
    const json args = {{"channel", "C0TEAM0001"}, {"text", "x"}};
    const auto limited = client.post(fake.api_url() + "chat.postMessage", args.dump(), bot);
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") == "3");
    CHECK(error_of(client.call(fake, "chat.postMessage", args, bot)) == "internal_error");
    CHECK(error_of(client.call(fake, "chat.postMessage", args, bot)) == "(ok)");
    const std::string root = fake.api_url().substr(0, fake.api_url().size() - 4);
    CHECK(client.post(root + "elsewhere", "{}", bot).status == 404);
}

TEST_CASE("FakeSlack: Slack's limits - one channel's pace and who may post where") {
    FakeSlackOptions options;
    options.channel_burst = 3;
    FakeSlack fake(options);
    ApiClient client;
    const std::string bot = fake.options().bot_token;
    const json team = {{"channel", "C0TEAM0001"}, {"text", "x"}};
    for (int i = 0; i < 3; ++i) {
        CHECK(error_of(client.call(fake, "chat.postMessage", team, bot)) == "(ok)");
    }
    const auto limited = client.post(fake.api_url() + "chat.postMessage", team.dump(), bot);
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") == "1");
    // The pace is per channel, and only for chat.postMessage.
    CHECK(error_of(client.call(fake, "chat.postMessage", {{"channel", "D0ALICE001"}, {"text", "x"}},
                               bot)) == "(ok)");
    CHECK(error_of(client.call(fake, "chat.postEphemeral",
                               {{"channel", "C0TEAM0001"}, {"user", "U1"}, {"text", "x"}}, bot)) ==
          "(ok)");

    // A channel the bot was not invited to, and one it made itself.
    CHECK(error_of(client.call(fake, "chat.postMessage",
                               {{"channel", "C0ELSEWHERE"}, {"text", "x"}}, bot)) ==
          "not_in_channel");
    const json made = client.call(fake, "conversations.create", {{"name", "crisis-1"}}, bot);
    REQUIRE(made.value("ok", false));
    const std::string own = made["channel"].value("id", "");
    CHECK(error_of(client.call(fake, "chat.postMessage", {{"channel", own}, {"text", "x"}}, bot)) ==
          "(ok)");
}

TEST_CASE("FakeSlack: Block Kit's size limits") {
    FakeSlack fake;
    ApiClient client;
    const std::string bot = fake.options().bot_token;
    // A section's text, a header's, a button's, and all text together, on a message edited
    // again and again (posting would soon meet the channel's pace).
    const json posted =
        client.call(fake, "chat.postMessage", {{"channel", "C0TEAM0001"}, {"text", "x"}}, bot);
    const std::string ts = posted.value("ts", "");
    const auto post_blocks = [&](const json& blocks) {
        return error_of(client.call(
            fake, "chat.update", {{"channel", "C0TEAM0001"}, {"ts", ts}, {"blocks", blocks}}, bot));
    };
    const auto section = [](std::size_t size) {
        return json{{"type", "section"},
                    {"text", {{"type", "mrkdwn"}, {"text", std::string(size, 'a')}}}};
    };
    CHECK(post_blocks(json::array({section(3000)})) == "(ok)");
    CHECK(post_blocks(json::array({section(3001)})) == "invalid_blocks");
    // Characters, not bytes: 3000 umlauts are 6000 bytes and still fit.
    std::string umlauts;
    for (int i = 0; i < 3000; ++i) {
        umlauts += "\u00e4";
    }
    CHECK(post_blocks(json::array(
              {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", umlauts}}}}})) ==
          "(ok)");
    CHECK(post_blocks(json::array(
              {{{"type", "header"},
                {"text", {{"type", "plain_text"}, {"text", std::string(151, 'h')}}}}})) ==
          "invalid_blocks");
    CHECK(post_blocks(json::array(
              {{{"type", "actions"},
                {"elements",
                 json::array(
                     {{{"type", "button"},
                       {"action_id", "a"},
                       {"text", {{"type", "plain_text"}, {"text", std::string(76, 'b')}}}}})}}})) ==
          "invalid_blocks");
    json five = json::array();
    for (int i = 0; i < 5; ++i) {
        five.push_back(section(2500));
    }
    CHECK(post_blocks(five) == "msg_blocks_too_long");
}

namespace {

// A Socket Mode client on the fake: collects every envelope it is sent, acks on demand.
struct SocketClient {
    boost::asio::io_context io;
    boost::asio::ssl::context tls = net::make_client_tls_context();
    std::shared_ptr<net::WebSocketClient> socket;
    std::vector<json> envelopes;

    SocketClient(const FakeSlack& fake, ApiClient& api) {
        const json link =
            api.call(fake, "apps.connections.open", json::object(), fake.options().app_token);
        socket = net::WebSocketClient::create(
            io, tls,
            net::WebSocketHandlers{{},
                                   [this](std::string text) {
                                       json message = json::parse(text, nullptr, false);
                                       if (message.contains("envelope_id")) {
                                           envelopes.push_back(std::move(message));
                                       }
                                   },
                                   {}});
        socket->connect(*net::Url::parse(link.value("url", "")));
    }
    void ack(const std::string& envelope_id) {
        socket->send(json{{"envelope_id", envelope_id}}.dump());
        run_for(std::chrono::milliseconds(50));
    }
    void run_for(std::chrono::milliseconds time) {
        io.restart();
        io.run_for(time);
    }
};

} // namespace

TEST_CASE("FakeSlack: an event not acked in time comes again 3 times as Slack retries - a "
          "slash command never") {
    FakeSlackOptions options;
    options.ack_deadline = std::chrono::milliseconds(200);
    options.retry_speedup = 600;     // after 0, 100 and 500 ms
    options.fails_late_acks = false; // this test looks at them itself
    FakeSlack fake(options);
    ApiClient api;
    SocketClient client(fake, api);
    for (int i = 0; i < 100 && fake.hellos() == 0; ++i) {
        client.run_for(std::chrono::milliseconds(20));
    }
    REQUIRE(fake.hellos() == 1);

    fake.send_app_mention("<@" + fake.options().bot_user_id + "> help");
    const std::string command = fake.send_slash_command({});
    client.run_for(std::chrono::milliseconds(2500));

    std::vector<int> attempts;
    for (const json& envelope : client.envelopes) {
        if (envelope.value("type", "") == "events_api") {
            attempts.push_back(envelope.value("retry_attempt", -1));
            CHECK(envelope["payload"].value("event_id", "") ==
                  client.envelopes.front()["payload"].value("event_id", ""));
        }
    }
    CHECK(attempts == std::vector<int>{0, 1, 2, 3}); // then Slack gives up
    CHECK(fake.redeliveries() == 3);
    const auto sent = fake.sent();
    std::vector<std::chrono::steady_clock::time_point> at;
    for (const auto& frame : sent) {
        if (frame.type == "events_api") {
            at.push_back(frame.at);
        }
    }
    REQUIRE(at.size() == 4);
    CHECK(at[1] - at[0] >= std::chrono::milliseconds(200));       // the deadline, then at once
    CHECK(at[2] - at[1] >= std::chrono::milliseconds(200 + 100)); // the deadline + 1 min / 600
    CHECK(at[3] - at[2] >= std::chrono::milliseconds(200 + 500)); // the deadline + 5 min / 600
    CHECK(std::count_if(sent.begin(), sent.end(),
                        [](const auto& frame) { return frame.type == "slash_commands"; }) == 1);

    CHECK(fake.late_acks().empty());
    client.ack(command);
    REQUIRE(fake.wait_for([&] { return fake.ack_count(command) == 1; }));
    const auto late = fake.late_acks();
    REQUIRE(late.size() == 1);
    CHECK(late.front().envelope_id == command);
    CHECK(late.front().type == "slash_commands");
    CHECK(late.front().after > std::chrono::milliseconds(200));
}

TEST_SUITE_END();
