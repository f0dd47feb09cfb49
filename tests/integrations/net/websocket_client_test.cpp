// The websocket client against a real Beast websocket server on loopback (ws and wss).
#include "integrations/net/tls.hpp"
#include "integrations/net/websocket_client.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/test_tls.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;
namespace net = onevoice::integrations::net;
using namespace std::chrono_literals;
using boost::system::error_code;
using onevoice::tests::LoopbackWsServer;
using onevoice::tests::run_until;
using onevoice::tests::TestCa;

namespace {

// What the client reported, in order.
struct Events {
    int opened = 0;
    std::vector<std::string> messages;
    int closes = 0;
    error_code close_ec;
    std::string close_reason;
    bool is_closed() const { return closes > 0; }
};

LoopbackWsServer::Handlers echo_server() {
    LoopbackWsServer::Handlers handlers;
    handlers.on_message = [](LoopbackWsServer::Session& session, std::string text) {
        session.send(std::move(text));
    };
    return handlers;
}

struct WsFixture {
    asio::io_context io;
    asio::ssl::context client_tls = net::make_client_tls_context();
    Events events;

    std::shared_ptr<net::WebSocketClient> connect(const std::string& url, asio::ssl::context& tls,
                                                  net::WebSocketOptions options = {}) {
        net::WebSocketHandlers handlers;
        handlers.on_open = [this] {
            ++events.opened;
        };
        handlers.on_message = [this](std::string text) {
            events.messages.push_back(text);
        };
        handlers.on_close = [this](error_code ec, std::string reason) {
            ++events.closes;
            events.close_ec = ec;
            events.close_reason = std::move(reason);
        };
        auto client = net::WebSocketClient::create(io, tls, std::move(handlers), options);
        client->connect(*net::Url::parse(url));
        return client;
    }
    std::shared_ptr<net::WebSocketClient> connect(const std::string& url) {
        return connect(url, client_tls);
    }
    // After the close: nothing more is reported, whatever is still queued.
    void expect_closed_once() {
        io.poll();
        CHECK(events.closes == 1);
    }
};

} // namespace

TEST_SUITE_BEGIN("net");

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: ws echo, then a graceful close") {
    LoopbackWsServer server(io, nullptr, echo_server());
    auto client = connect(server.url("/link/?ticket=t1"));
    REQUIRE(run_until(io, [&] { return events.opened == 1; }));
    CHECK(client->is_open());
    CHECK(client->send("hello"));
    REQUIRE(run_until(io, [&] { return events.messages.size() == 1; }));
    CHECK(events.messages[0] == "hello");

    client->close();
    CHECK_FALSE(client->send("too late"));
    REQUIRE(run_until(io, [&] { return events.is_closed(); }));
    CHECK_FALSE(events.close_ec);
    CHECK(events.close_reason == "closed by client");
    client->close();
    expect_closed_once();
}

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: wss echo with the test CA") {
    TestCa ca;
    auto server_tls = onevoice::tests::make_server_tls_context(ca.issue_localhost());
    LoopbackWsServer server(io, &server_tls, echo_server());

    SUBCASE("trusted") {
        auto trusting = net::make_client_tls_context(ca.ca_file());
        auto client = connect(server.url("/socket"), trusting);
        client->send("over tls");
        REQUIRE(run_until(io, [&] { return events.messages.size() == 1; }));
        CHECK(events.messages[0] == "over tls");
        CHECK(events.opened == 1);
        client->close();
        REQUIRE(run_until(io, [&] { return events.is_closed(); }));
        CHECK_FALSE(events.close_ec);
    }
    SUBCASE("untrusted: refused before opening") {
        auto client = connect(server.url("/socket"));
        REQUIRE(run_until(io, [&] { return events.is_closed(); }));
        CHECK(net::is_certificate_error(events.close_ec));
        CHECK(events.close_reason.find("unable to get local issuer certificate") !=
              std::string::npos);
        CHECK(events.opened == 0);
        CHECK(server.accepted() == 0);
    }
}

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: wss to an address the certificate does not name") {
    TestCa ca;
    auto server_tls =
        onevoice::tests::make_server_tls_context(ca.issue("localhost-only", {"localhost"}, {}));
    LoopbackWsServer server(io, &server_tls, echo_server());
    auto trusting = net::make_client_tls_context(ca.ca_file());
    auto client = connect(server.url("/", "127.0.0.1"), trusting);
    REQUIRE(run_until(io, [&] { return events.is_closed(); }));
    CHECK(net::is_certificate_error(events.close_ec));
    CHECK(events.close_reason.find("IP address mismatch") != std::string::npos);
    CHECK(events.opened == 0);
}

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: the server's ping is answered") {
    std::shared_ptr<LoopbackWsServer::Session> session;
    LoopbackWsServer::Handlers handlers = echo_server();
    handlers.on_accept = [&](const std::shared_ptr<LoopbackWsServer::Session>& s) {
        session = s;
        s->ping("are you there");
    };
    LoopbackWsServer server(io, nullptr, handlers);
    auto client = connect(server.url());
    REQUIRE(run_until(io, [&] { return session && session->pongs() == 1; }));
    CHECK(client->is_open());
    CHECK(events.closes == 0);
}

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: a silent server is closed after the idle timeout") {
    LoopbackWsServer::Handlers handlers;
    handlers.on_accept = [](const std::shared_ptr<LoopbackWsServer::Session>& s) {
        s->silence(); // never reads, so never answers our keep-alive ping
    };
    LoopbackWsServer server(io, nullptr, handlers);
    net::WebSocketOptions options;
    options.idle_timeout = 500ms;
    auto client = connect(server.url(), client_tls, options);
    REQUIRE(run_until(io, [&] { return events.opened == 1; }));
    const auto opened = std::chrono::steady_clock::now();
    REQUIRE(run_until(io, [&] { return events.is_closed(); }));
    const auto silent_for = std::chrono::steady_clock::now() - opened;
    CHECK(events.close_ec == boost::beast::error::timeout);
    CHECK(events.close_reason == "no frame within the idle timeout");
    CHECK(silent_for >= 250ms);
    CHECK(silent_for < 5s);
    CHECK_FALSE(client->is_open());
    expect_closed_once();
}

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: the server ending the connection") {
    std::shared_ptr<LoopbackWsServer::Session> session;
    LoopbackWsServer::Handlers handlers = echo_server();
    handlers.on_accept = [&](const std::shared_ptr<LoopbackWsServer::Session>& s) {
        session = s;
    };
    LoopbackWsServer server(io, nullptr, handlers);
    auto client = connect(server.url());
    REQUIRE(run_until(io, [&] { return events.opened == 1 && session; }));

    SUBCASE("dropped without a close frame") {
        session->drop();
        REQUIRE(run_until(io, [&] { return events.is_closed(); }));
        CHECK(events.close_ec);
        CHECK(events.close_ec != boost::beast::error::timeout);
        CHECK(events.close_ec != websocket::error::closed);
    }
    SUBCASE("with a close frame") {
        session->close(websocket::close_code::going_away, "refresh");
        REQUIRE(run_until(io, [&] { return events.is_closed(); }));
        CHECK(events.close_ec == websocket::error::closed);
        CHECK(events.close_reason == "closed by server (code 1001): refresh");
    }
    CHECK_FALSE(client->send("after the end"));
    expect_closed_once();
}

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: 100 messages arrive in the order sent") {
    std::vector<std::string> received;
    LoopbackWsServer::Handlers handlers;
    handlers.on_message = [&](LoopbackWsServer::Session& session, std::string text) {
        received.push_back(text);
        session.send(std::move(text));
    };
    LoopbackWsServer server(io, nullptr, handlers);
    auto client = connect(server.url());
    std::vector<std::string> expected;
    for (int i = 0; i < 100; ++i) {
        expected.push_back("message " + std::to_string(i));
    }
    // The first half is queued while connecting, the rest sent in a burst once open.
    for (int i = 0; i < 50; ++i) {
        CHECK(client->send(expected[i]));
    }
    REQUIRE(run_until(io, [&] { return events.opened == 1; }));
    for (int i = 50; i < 100; ++i) {
        client->send(expected[i]);
    }
    CHECK(client->queued() > 0);
    REQUIRE(run_until(io, [&] { return events.messages.size() == 100; }));
    CHECK(received == expected);
    CHECK(events.messages == expected);
    CHECK(client->queued() == 0);
}

TEST_CASE_FIXTURE(WsFixture, "WebSocketClient: ending before it began") {
    SUBCASE("close while connecting") {
        LoopbackWsServer server(io, nullptr, echo_server());
        auto client = connect(server.url());
        client->close();
        REQUIRE(run_until(io, [&] { return events.is_closed(); }));
        CHECK_FALSE(events.close_ec);
        CHECK(events.opened == 0);
        expect_closed_once();
    }
    SUBCASE("not a websocket URL") {
        auto client = connect("https://127.0.0.1:9/");
        REQUIRE(run_until(io, [&] { return events.is_closed(); }));
        CHECK(events.close_ec == asio::error::operation_not_supported);
    }
    SUBCASE("nobody listening") {
        std::uint16_t port = 0;
        {
            asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
            port = probe.local_endpoint().port();
        }
        auto client = connect("ws://127.0.0.1:" + std::to_string(port) + "/");
        REQUIRE(run_until(io, [&] { return events.is_closed(); }));
        CHECK(events.close_ec == asio::error::connection_refused);
        CHECK(events.opened == 0);
    }
}

TEST_SUITE_END();
