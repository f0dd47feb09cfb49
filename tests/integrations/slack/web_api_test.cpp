// WebApi against ScriptedHttp: the shape of each request and how answers are read.
#include "integrations/slack/web_api.hpp"
#include "tests/fakes/scripted_http.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

using namespace onevoice;
using namespace onevoice::integrations;
using net::HttpError;
using net::HttpMethod;
using nlohmann::json;
using tests::http_answer;
using tests::http_failure;

namespace {

struct WebApiFixture {
    boost::asio::io_context io;
    tests::ScriptedHttp http{io};
    slack::WebApi api{http, *net::Url::parse("https://slack.example/api/"), bot::Secret("xoxb-bot"),
                      bot::Secret("xapp-app")};

    slack::ApiResponse call(const std::string& method, const json& args,
                            slack::WebApi::Token token = slack::WebApi::Token::bot) {
        std::optional<slack::ApiResponse> response;
        api.call(method, args, token, [&](slack::ApiResponse r) { response = std::move(r); });
        io.run();
        io.restart();
        REQUIRE(response.has_value());
        return std::move(*response);
    }
};

} // namespace

TEST_SUITE_BEGIN("slack");

TEST_CASE_FIXTURE(WebApiFixture, "WebApi: a call POSTs JSON with the bot token") {
    http.expect(HttpMethod::post, "/api/chat.postMessage",
                http_answer(200, R"({"ok":true,"ts":"1700000000.000100"})"));
    const auto response = call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}});
    CHECK(response.ok);
    CHECK(slack::string_field(response.body, "ts") == "1700000000.000100");
    CHECK(slack::classify(response).kind == bot::DeliveryResult::Kind::delivered);

    REQUIRE(http.requests().size() == 1);
    const auto& sent = http.requests().front();
    CHECK(sent.url.str() == "https://slack.example/api/chat.postMessage");
    CHECK(sent.headers.get("authorization") == "Bearer xoxb-bot");
    CHECK(sent.headers.get("Content-Type") == "application/json; charset=utf-8");
    CHECK(json::parse(sent.body) == json{{"channel", "C1"}, {"text", "hi"}});
    CHECK(sent.timeout == std::chrono::seconds(10));
}

TEST_CASE_FIXTURE(WebApiFixture,
                  "WebApi: form-only methods get form fields, app calls the app token") {
    http.expect(HttpMethod::post, "/api/users.info", http_answer(200, R"({"ok":true})"));
    http.expect(HttpMethod::post, "/api/apps.connections.open",
                http_answer(200, R"({"ok":true,"url":"wss://x"})"));
    CHECK(call("users.info", {{"user", "U1 2"}, {"include_locale", true}}).ok);
    CHECK(call("apps.connections.open", json::object(), slack::WebApi::Token::app).ok);

    REQUIRE(http.requests().size() == 2);
    const auto& form = http.requests()[0];
    CHECK(form.headers.get("Content-Type") == "application/x-www-form-urlencoded");
    CHECK(form.body == "include_locale=true&user=U1%202");
    CHECK(http.requests()[1].headers.get("Authorization") == "Bearer xapp-app");
}

TEST_CASE_FIXTURE(WebApiFixture, "WebApi: how answers are classified") {
    SUBCASE("ok:false with a code is permanent, an auth code is an auth failure") {
        http.expect(HttpMethod::post, "/api/chat.postMessage",
                    http_answer(200, R"({"ok":false,"error":"channel_not_found"})"));
        http.expect(HttpMethod::post, "/api/auth.test",
                    http_answer(200, R"({"ok":false,"error":"invalid_auth"})"));
        const auto missing = call("chat.postMessage", json::object());
        CHECK(missing.error == "channel_not_found");
        CHECK(slack::classify(missing).kind == bot::DeliveryResult::Kind::permanent);
        CHECK_FALSE(missing.is_auth_failure());
        CHECK(call("auth.test", json::object()).is_auth_failure());
    }
    SUBCASE("429 waits Retry-After, one second without it") {
        http.expect(HttpMethod::post, "/api/chat.postMessage",
                    http_answer(429, "", {{"Retry-After", "7"}}));
        http.expect(HttpMethod::post, "/api/chat.postMessage", http_answer(429, ""));
        const auto limited = call("chat.postMessage", json::object());
        CHECK(limited.error == "ratelimited");
        CHECK(slack::classify(limited).kind == bot::DeliveryResult::Kind::rate_limited);
        CHECK(limited.retry_after == std::chrono::seconds(7));
        CHECK(call("chat.postMessage", json::object()).retry_after == std::chrono::seconds(1));
    }
    SUBCASE("a 5xx without JSON and a network error are transient") {
        http.expect(HttpMethod::post, "/api/chat.update", http_answer(503, "<html>down</html>"));
        http.expect(HttpMethod::post, "/api/chat.update",
                    http_failure(HttpError::timeout, "Operation timed out"));
        const auto down = call("chat.update", json::object());
        CHECK(down.error == "HTTP 503 without a JSON answer");
        CHECK(slack::classify(down).kind == bot::DeliveryResult::Kind::transient);
        const auto lost = call("chat.update", json::object());
        CHECK(lost.transport_error == HttpError::timeout);
        CHECK(lost.error == "Operation timed out");
        CHECK(slack::classify(lost).kind == bot::DeliveryResult::Kind::transient);
    }
}

TEST_CASE_FIXTURE(WebApiFixture, "WebApi: an upload POSTs the bytes to the given URL") {
    http.expect(HttpMethod::post, "/upload/v1/abc", http_answer(200, "OK - 5"));
    std::optional<slack::ApiResponse> uploaded;
    api.upload("https://files.slack.example/upload/v1/abc?x=1", "bytes",
               [&](slack::ApiResponse r) { uploaded = std::move(r); });
    io.run();
    REQUIRE(uploaded.has_value());
    CHECK(uploaded->ok);
    REQUIRE(http.requests().size() == 1);
    const auto& sent = http.requests().front();
    CHECK(sent.url.str() == "https://files.slack.example/upload/v1/abc?x=1");
    CHECK(sent.headers.get("Content-Type") == "application/octet-stream");
    CHECK_FALSE(sent.headers.contains("Authorization"));
    CHECK(sent.body == "bytes");

    SUBCASE("a URL that is not http(s) fails without a request") {
        std::optional<slack::ApiResponse> refused;
        api.upload("wss://files.slack.example/x", "bytes",
                   [&](slack::ApiResponse r) { refused = std::move(r); });
        REQUIRE(refused.has_value());
        CHECK(refused->error == "invalid upload_url");
        CHECK(http.requests().size() == 1);
    }
}

TEST_SUITE_END();
