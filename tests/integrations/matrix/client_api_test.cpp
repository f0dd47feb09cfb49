// ClientApi against ScriptedHttp: the shape of each request and how answers are read.
#include "integrations/matrix/client_api.hpp"
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

constexpr auto k_timeout = std::chrono::seconds(20);

struct ClientApiFixture {
    boost::asio::io_context io;
    tests::ScriptedHttp http{io};
    matrix::ClientApi api{http, *net::Url::parse("https://matrix.example/base/")};

    matrix::ApiResponse call(HttpMethod method, const std::string& path, const json& body) {
        std::optional<matrix::ApiResponse> response;
        api.call(method, path, body, k_timeout,
                 [&](matrix::ApiResponse r) { response = std::move(r); });
        io.run();
        io.restart();
        REQUIRE(response.has_value());
        return std::move(*response);
    }
};

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE_FIXTURE(ClientApiFixture, "ClientApi: a call sends JSON and the bearer token") {
    api.set_token(bot::Secret("syt_secret"));
    http.expect(HttpMethod::put, "/base/_matrix/client/v3/rooms/%21r%3Ax/send/m.room.message/t1",
                http_answer(200, R"({"event_id":"$e1"})"));
    const auto sent =
        call(HttpMethod::put,
             "/_matrix/client/v3/rooms/" + matrix::encode("!r:x") + "/send/m.room.message/t1",
             json{{"msgtype", "m.text"}, {"body", "hi"}});
    CHECK(sent.ok());
    CHECK(sent.body.at("event_id") == "$e1");
    CHECK(matrix::classify(sent).kind == bot::DeliveryResult::Kind::delivered);

    REQUIRE(http.requests().size() == 1);
    const auto& request = http.requests().front();
    CHECK(request.headers.get("Authorization") == "Bearer syt_secret");
    CHECK(request.headers.get("Content-Type") == "application/json");
    CHECK(json::parse(request.body) == json{{"msgtype", "m.text"}, {"body", "hi"}});
    CHECK(request.timeout == k_timeout);
}

TEST_CASE_FIXTURE(ClientApiFixture, "ClientApi: a null body sends none, no token sends none") {
    http.expect(HttpMethod::get, "/base/_matrix/client/v3/sync",
                http_answer(200, R"({"next_batch":"s2"})"));
    CHECK(call(HttpMethod::get, "/_matrix/client/v3/sync?since=s1&timeout=30000", nullptr).ok());
    REQUIRE(http.requests().size() == 1);
    const auto& request = http.requests().front();
    CHECK(request.url.target == "/base/_matrix/client/v3/sync?since=s1&timeout=30000");
    CHECK(request.body.empty());
    CHECK_FALSE(request.headers.contains("Content-Type"));
    CHECK_FALSE(request.headers.contains("Authorization"));
}

TEST_CASE_FIXTURE(ClientApiFixture, "ClientApi: an upload sends the bytes with their type") {
    api.set_token(bot::Secret("syt_secret"));
    http.expect(HttpMethod::post, "/base/_matrix/media/v3/upload",
                http_answer(200, R"({"content_uri":"mxc://x/y"})"));
    std::optional<matrix::ApiResponse> uploaded;
    api.upload("/_matrix/media/v3/upload?filename=a.txt", "text/plain", "hello", k_timeout,
               [&](matrix::ApiResponse r) { uploaded = std::move(r); });
    io.run();
    REQUIRE(uploaded.has_value());
    CHECK(uploaded->body.at("content_uri") == "mxc://x/y");
    const auto& request = http.requests().at(0);
    CHECK(request.headers.get("content-type") == "text/plain");
    CHECK(request.body == "hello");
}

TEST_CASE_FIXTURE(ClientApiFixture, "ClientApi: errors, rate limits and lost connections") {
    const std::string path = "/_matrix/client/v3/account/whoami";
    SUBCASE("an error body names its errcode") {
        http.expect(HttpMethod::get, "/base" + path,
                    http_answer(401, R"({"errcode":"M_UNKNOWN_TOKEN","error":"Invalid token"})"));
        const auto refused = call(HttpMethod::get, path, nullptr);
        CHECK(refused.is_unknown_token());
        CHECK(refused.error == "M_UNKNOWN_TOKEN: Invalid token");
        CHECK(matrix::classify(refused).kind == bot::DeliveryResult::Kind::permanent);
    }
    SUBCASE("429 waits retry_after_ms, else Retry-After") {
        http.expect(HttpMethod::get, "/base" + path,
                    http_answer(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500})"));
        http.expect(HttpMethod::get, "/base" + path,
                    http_answer(429, R"({"errcode":"M_LIMIT_EXCEEDED"})", {{"Retry-After", "4"}}));
        CHECK(call(HttpMethod::get, path, nullptr).retry_after == std::chrono::milliseconds(1500));
        const auto limited = call(HttpMethod::get, path, nullptr);
        CHECK(limited.retry_after == std::chrono::seconds(4));
        CHECK(matrix::classify(limited).kind == bot::DeliveryResult::Kind::rate_limited);
    }
    SUBCASE("no answer is transient and keeps the system's words") {
        http.expect(HttpMethod::get, "/base" + path,
                    http_failure(HttpError::network, "Connection refused"));
        const auto lost = call(HttpMethod::get, path, nullptr);
        CHECK_FALSE(lost.ok());
        CHECK(lost.transport_error == HttpError::network);
        CHECK(lost.error == "Connection refused");
        CHECK(matrix::classify(lost).kind == bot::DeliveryResult::Kind::transient);
    }
}

TEST_SUITE_END();
