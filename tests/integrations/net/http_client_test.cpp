// The HTTP client against a real Beast server on loopback (plain and TLS).
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/test_tls.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace net = onevoice::integrations::net;
using namespace std::chrono_literals;
using onevoice::tests::HttpRequestMessage;
using onevoice::tests::HttpResponseMessage;
using onevoice::tests::LoopbackHttpServer;
using onevoice::tests::run_until;
using onevoice::tests::TestCa;

namespace {

// Answers with what it received, so tests can check what went on the wire.
void echo(const HttpRequestMessage& request, const LoopbackHttpServer::Respond& respond) {
    HttpResponseMessage response{http::status::ok, 11};
    if (request.target() == "/missing") {
        response.result(http::status::not_found);
    }
    response.set("X-Reply", "yes");
    response.body() = std::string(request.method_string()) + " " + std::string(request.target()) +
                      " x-test=" + std::string(request["x-test"]) + " body=" + request.body();
    respond(std::move(response));
}

net::HttpRequest make_request(const std::string& url,
                              net::HttpMethod method = net::HttpMethod::get) {
    net::HttpRequest request;
    request.method = method;
    request.url = *net::Url::parse(url);
    return request;
}

struct HttpFixture {
    asio::io_context io;
    asio::ssl::context client_tls = net::make_client_tls_context();

    net::HttpResult fetch(net::HttpClient& client, net::HttpRequest request) {
        std::optional<net::HttpResult> result;
        client.request(std::move(request), [&](net::HttpResult r) { result = std::move(r); });
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        return std::move(*result);
    }
};

} // namespace

TEST_SUITE_BEGIN("net");

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: GET and POST carry headers and body") {
    LoopbackHttpServer server(io, nullptr, echo);
    net::HttpClient client(io, client_tls);

    auto get = make_request(server.url("/hello?x=1"));
    get.headers.set("X-Test", "abc");
    const auto got = fetch(client, get);
    REQUIRE_FALSE(got.failed());
    CHECK(got.status == 200);
    CHECK(got.body == "GET /hello?x=1 x-test=abc body=");
    CHECK(got.header("x-reply") == "yes");
    CHECK(got.header("X-REPLY") == "yes");
    CHECK(got.header("Content-Length") == std::to_string(got.body.size()));
    CHECK(got.header("X-Absent").empty());

    auto post = make_request(server.url("/api/chat.postMessage"), net::HttpMethod::post);
    post.headers.set("Content-Type", "application/json; charset=utf-8");
    post.headers.set("Authorization", "Bearer xoxb-secret");
    post.body = R"({"text":"hi"})";
    const auto posted = fetch(client, post);
    REQUIRE_FALSE(posted.failed());
    CHECK(posted.body == R"(POST /api/chat.postMessage x-test= body={"text":"hi"})");

    SUBCASE("an HTTP error status is a response, not an error") {
        const auto missing = fetch(client, make_request(server.url("/missing")));
        CHECK_FALSE(missing.failed());
        CHECK(missing.status == 404);
    }
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: keep-alive reuses one connection") {
    LoopbackHttpServer server(io, nullptr, echo);
    net::HttpClient client(io, client_tls);
    for (int i = 0; i < 3; ++i) {
        CHECK(fetch(client, make_request(server.url("/n"))).status == 200);
    }
    CHECK(server.accepted() == 1);
    CHECK(server.handled() == 3);
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: Connection: close from the server is honoured") {
    LoopbackHttpServer server(io, nullptr, [](const HttpRequestMessage&, auto respond) {
        HttpResponseMessage response{http::status::ok, 11};
        response.keep_alive(false);
        response.body() = "bye";
        respond(std::move(response));
    });
    net::HttpClient client(io, client_tls);
    CHECK(fetch(client, make_request(server.url())).body == "bye");
    CHECK(fetch(client, make_request(server.url())).body == "bye");
    CHECK(server.accepted() == 2);
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: the server closing an idle connection is survived") {
    LoopbackHttpServer server(io, nullptr, echo);
    net::HttpClientOptions options;
    bool is_watching = true;
    SUBCASE("noticed while idle") {}
    SUBCASE("noticed only when used: the request is retried on a new connection") {
        options.watch_idle = false;
        is_watching = false;
    }
    net::HttpClient client(io, client_tls, options);
    CHECK(fetch(client, make_request(server.url("/first"))).status == 200);
    CHECK(client.idle_connections() == 1);
    server.close_connections(); // as a server's keep-alive timeout would
    if (is_watching) {
        REQUIRE(run_until(io, [&] { return client.idle_connections() == 0; }));
    }
    auto post = make_request(server.url("/second"), net::HttpMethod::post);
    post.body = "once";
    const auto second = fetch(client, post);
    REQUIRE_FALSE(second.failed());
    CHECK(second.body == "POST /second x-test= body=once");
    CHECK(server.accepted() == 2);
    CHECK(server.handled() == 2); // the POST reached the server exactly once
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: a server that does not answer times out") {
    LoopbackHttpServer server(io, nullptr, [](const HttpRequestMessage&, auto) {});
    net::HttpClient client(io, client_tls);
    auto request = make_request(server.url("/hang"));
    request.timeout = 200ms;
    const auto started = std::chrono::steady_clock::now();
    const auto result = fetch(client, request);
    CHECK(result.error == net::HttpError::timeout);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: a body over the cap is an error") {
    LoopbackHttpServer server(io, nullptr, [](const HttpRequestMessage& request, auto respond) {
        HttpResponseMessage response{http::status::ok, 11};
        response.body() = std::string(request.target() == "/big" ? 4096 : 10, 'x');
        respond(std::move(response));
    });
    net::HttpClientOptions options;
    options.max_body = 1024;
    net::HttpClient client(io, client_tls, options);
    CHECK(fetch(client, make_request(server.url("/big"))).error == net::HttpError::too_large);
    const auto small = fetch(client, make_request(server.url("/small")));
    CHECK_FALSE(small.failed());
    CHECK(small.body.size() == 10);
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: concurrent requests share at most N connections") {
    std::vector<LoopbackHttpServer::Respond> held;
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage&, auto respond) {
        held.push_back(std::move(respond));
    });
    net::HttpClientOptions options;
    options.max_connections_per_host = 2;
    net::HttpClient client(io, client_tls, options);
    std::vector<int> done;
    for (int i = 0; i < 5; ++i) {
        client.request(make_request(server.url("/slow")), [&done, i](const net::HttpResult& r) {
            done.push_back(r.failed() ? -1 : i);
        });
    }
    REQUIRE(run_until(io, [&] {
        for (auto& respond : held) {
            respond(HttpResponseMessage{http::status::ok, 11});
        }
        held.clear();
        return done.size() == 5;
    }));
    std::sort(done.begin(), done.end());
    CHECK(done == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(server.accepted() == 2);
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: failures that are not HTTP responses") {
    net::HttpClient client(io, client_tls);
    SUBCASE("a websocket URL is not for this client") {
        CHECK(fetch(client, make_request("ws://127.0.0.1:9/")).error ==
              net::HttpError::unsupported);
    }
    SUBCASE("nobody listening") {
        std::uint16_t port = 0;
        {
            asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
            port = probe.local_endpoint().port();
        }
        const auto result =
            fetch(client, make_request("http://127.0.0.1:" + std::to_string(port) + "/"));
        CHECK(result.error == net::HttpError::network);
        CHECK(result.error_text ==
              asio::error::make_error_code(asio::error::connection_refused).message());
    }
    SUBCASE("a throwing callback is contained") {
        LoopbackHttpServer server(io, nullptr, echo);
        bool called = false;
        client.request(make_request(server.url()), [&](const net::HttpResult&) {
            called = true;
            throw std::runtime_error("handler bug");
        });
        REQUIRE(run_until(io, [&] { return called; }));
        CHECK(fetch(client, make_request(server.url())).status == 200);
    }
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: https verifies the server certificate") {
    TestCa ca;
    auto server_tls = onevoice::tests::make_server_tls_context(ca.issue_localhost());
    LoopbackHttpServer server(io, &server_tls, echo);

    SUBCASE("trusted through ca_file: by IP and by name, with keep-alive") {
        auto trusting = net::make_client_tls_context(ca.ca_file());
        net::HttpClient client(io, trusting);
        CHECK(fetch(client, make_request(server.url("/a"))).body == "GET /a x-test= body=");
        CHECK(fetch(client, make_request(server.url("/b"))).status == 200);
        CHECK(server.accepted() == 1);
        const auto by_name = fetch(client, make_request(server.url("/c", "localhost")));
        CHECK_FALSE(by_name.failed());
        CHECK(by_name.status == 200);
    }
    SUBCASE("the system trust store alone does not know the test CA") {
        net::HttpClient client(io, client_tls);
        const auto result = fetch(client, make_request(server.url()));
        CHECK(result.error == net::HttpError::certificate);
        CHECK(server.handled() == 0);
    }
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: a certificate from a CA the client does not trust") {
    TestCa trusted;
    TestCa other("Somebody Else's CA");
    auto server_tls = onevoice::tests::make_server_tls_context(other.issue_localhost());
    LoopbackHttpServer server(io, &server_tls, echo);
    auto trusting = net::make_client_tls_context(trusted.ca_file());
    net::HttpClient client(io, trusting);
    const auto result = fetch(client, make_request(server.url()));
    CHECK(result.failed());
    CHECK(result.error == net::HttpError::certificate);
    CHECK(result.status == 0);
    CHECK(server.handled() == 0);
}

TEST_CASE_FIXTURE(HttpFixture, "HttpClient: a certificate for another name is refused") {
    TestCa ca;
    auto server_tls =
        onevoice::tests::make_server_tls_context(ca.issue("localhost-only", {"localhost"}, {}));
    LoopbackHttpServer server(io, &server_tls, echo);
    auto trusting = net::make_client_tls_context(ca.ca_file());
    net::HttpClient client(io, trusting);

    const auto by_ip = fetch(client, make_request(server.url("/", "127.0.0.1")));
    CHECK(by_ip.error == net::HttpError::certificate);
    CHECK(server.handled() == 0);
    // The same certificate is fine for the name it was made for.
    CHECK(fetch(client, make_request(server.url("/", "localhost"))).status == 200);
}

TEST_CASE("make_client_tls_context: an unreadable CA file is a clear error") {
    CHECK_THROWS_WITH_AS(net::make_client_tls_context("/nonexistent/ca.pem"),
                         doctest::Contains("/nonexistent/ca.pem"), std::runtime_error);
}

TEST_SUITE_END();
