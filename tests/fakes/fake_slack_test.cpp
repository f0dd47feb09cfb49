// FakeSlack itself: its Web API answers as Slack documents them, so the end-to-end tests that
// build on it test the bot, not the fake.
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/loopback_server.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <optional>
#include <string>

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

TEST_SUITE_END();
