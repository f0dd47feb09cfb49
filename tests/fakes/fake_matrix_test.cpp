// FakeMatrix itself: it refuses what a homeserver refuses and paces what a homeserver paces, so
// the end-to-end tests that build on it test the bot, not the fake.
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/loopback_server.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <thread>

namespace net = onevoice::integrations::net;
using nlohmann::json;
using onevoice::tests::FakeMatrix;
using onevoice::tests::FakeMatrixOptions;

namespace {

const std::string k_room = "!team:example.org";

// Sends events as the bot, with the bot's own HTTP client.
struct Sender {
    boost::asio::io_context io;
    boost::asio::ssl::context tls = net::make_client_tls_context();
    net::HttpClient http{io, tls};
    int txn = 0;

    net::HttpResult send(const FakeMatrix& fake, const std::string& type, const json& content) {
        net::HttpRequest request;
        request.method = net::HttpMethod::put;
        request.url = *net::Url::parse(fake.homeserver() + "/_matrix/client/v3/rooms/" + k_room +
                                       "/send/" + type + "/t" + std::to_string(++txn));
        request.body = content.dump();
        request.headers.set("Content-Type", "application/json");
        request.headers.set("Authorization", "Bearer " + fake.options().access_token);
        std::optional<net::HttpResult> result;
        http.request(std::move(request), [&](net::HttpResult r) { result = std::move(r); });
        REQUIRE(onevoice::tests::run_until(io, [&] { return result.has_value(); }));
        return std::move(*result);
    }
};

std::string errcode(const net::HttpResult& result) {
    return result.status == 200 ? "(ok)" : json::parse(result.body).value("errcode", "");
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("FakeMatrix: a message needs msgtype and body, a reaction its annotation") {
    FakeMatrix fake;
    fake.create_room(k_room, {"@alice:example.org"}, true);
    Sender sender;
    CHECK(errcode(sender.send(fake, "m.room.message", {{"msgtype", "m.text"}, {"body", "hi"}})) ==
          "(ok)");
    CHECK(errcode(sender.send(fake, "m.room.message", {{"body", "hi"}})) == "M_BAD_JSON");
    CHECK(errcode(sender.send(fake, "m.room.message", {{"msgtype", "m.text"}})) == "M_BAD_JSON");
    CHECK(errcode(sender.send(fake, "m.room.message", {{"msgtype", "m.text"}, {"body", 1}})) ==
          "M_BAD_JSON");
    const json annotation = {{"rel_type", "m.annotation"}, {"event_id", "$x"}, {"key", "👍"}};
    CHECK(errcode(sender.send(fake, "m.reaction", {{"m.relates_to", annotation}})) == "(ok)");
    json no_key = annotation;
    no_key.erase("key");
    CHECK(errcode(sender.send(fake, "m.reaction", {{"m.relates_to", no_key}})) == "M_BAD_JSON");
    CHECK(fake.bot_messages(k_room).size() == 1);
}

TEST_CASE("FakeMatrix: sends are paced - a burst, then M_LIMIT_EXCEEDED with retry_after_ms") {
    FakeMatrixOptions options;
    options.send_burst = 3;
    options.send_interval = std::chrono::milliseconds(200);
    FakeMatrix fake(options);
    fake.create_room(k_room, {"@alice:example.org"}, true);
    Sender sender;
    const json text = {{"msgtype", "m.text"}, {"body", "hi"}};
    for (int i = 0; i < 3; ++i) {
        CHECK(errcode(sender.send(fake, "m.room.message", text)) == "(ok)");
    }
    const auto limited = sender.send(fake, "m.room.message", text);
    REQUIRE(errcode(limited) == "M_LIMIT_EXCEEDED");
    const int wait = json::parse(limited.body).value("retry_after_ms", 0);
    CHECK(wait > 0);
    CHECK(wait <= 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait)); // as the bot waits
    CHECK(errcode(sender.send(fake, "m.room.message", text)) == "(ok)");

    // Every request says when it came.
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 5);
    CHECK(requests[4].at - requests[3].at >= std::chrono::milliseconds(wait));
}

TEST_SUITE_END();
