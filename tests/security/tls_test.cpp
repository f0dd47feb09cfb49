// Issue #9, security: the bot's HTTPS and websocket clients refuse a
// self-signed certificate, one from a CA they do not trust, an expired one and
// one for another name, each with an error that says which; and accept a
// valid one from the test CA. The certificates are made at test time.
#include "bot/app/config.hpp"
#include "bot/runtime/log.hpp"
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/net/websocket_client.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"
#include "tests/fakes/test_tls.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace net = onevoice::integrations::net;
using onevoice::tests::LoopbackHttpServer;
using onevoice::tests::LoopbackWsServer;
using onevoice::tests::run_until;
using onevoice::tests::TestCa;
using onevoice::tests::TestCertificate;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// One certificate the server presents, the host the client asks for, and
// what the client must make of it: "" accepted, else the verify error the
// refusal names (OpenSSL's X509_verify_cert_error_string).
struct TlsCase {
    std::string name;
    std::function<TestCertificate(TestCa& trusted, TestCa& other)> certificate;
    std::string host;
    std::string refusal;
};

std::vector<TlsCase> tls_cases() {
    using std::chrono::hours;
    return {
        {"valid by address", [](TestCa& ca, TestCa&) { return ca.issue_localhost(); }, "127.0.0.1",
         ""},
        {"valid by name", [](TestCa& ca, TestCa&) { return ca.issue_localhost(); }, "localhost",
         ""},
        {"self-signed",
         [](TestCa& ca, TestCa&) {
             return ca.issue("self", {"localhost"}, {"127.0.0.1"}, {}, true);
         },
         "127.0.0.1", "self-signed certificate"},
        {"from an untrusted CA", [](TestCa&, TestCa& other) { return other.issue_localhost(); },
         "127.0.0.1", "unable to get local issuer certificate"},
        {"expired",
         [](TestCa& ca, TestCa&) {
             return ca.issue("expired", {"localhost"}, {"127.0.0.1"}, {hours(-48), hours(-24)});
         },
         "127.0.0.1", "certificate has expired"},
        {"not yet valid",
         [](TestCa& ca, TestCa&) {
             return ca.issue("future", {"localhost"}, {"127.0.0.1"}, {hours(24), hours(48)});
         },
         "127.0.0.1", "certificate is not yet valid"},
        {"for another host name",
         [](TestCa& ca, TestCa&) { return ca.issue("other", {"other.example"}, {}); }, "localhost",
         "hostname mismatch"},
        {"for another address",
         [](TestCa& ca, TestCa&) { return ca.issue("other-ip", {"localhost"}, {"10.0.0.1"}); },
         "127.0.0.1", "IP address mismatch"},
    };
}

// Everything written to stderr (the bot's log, at warn level) while it
// lives; then the tests are quiet again (tests/main.cpp).
class StderrCapture {
public:
    StderrCapture() {
        onevoice::bot::log::configure(onevoice::bot::LogLevel::warn,
                                      onevoice::bot::LogFormat::text);
        std::fflush(stderr);
        m_saved = ::dup(2);
        std::FILE* file = std::fopen(m_path.c_str(), "w+");
        REQUIRE(file != nullptr);
        ::dup2(::fileno(file), 2);
        std::fclose(file);
    }
    ~StderrCapture() {
        onevoice::bot::log::configure(onevoice::bot::LogLevel::off, onevoice::bot::LogFormat::text);
        std::fflush(stderr);
        ::dup2(m_saved, 2);
        ::close(m_saved);
        std::remove(m_path.c_str());
    }
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;
    std::string text() const {
        std::fflush(stderr);
        return onevoice::tests::read_file(m_path);
    }

private:
    std::string m_path = "/tmp/onevoice-stderr-" + std::to_string(::getpid()) + ".log";
    int m_saved = -1;
};

} // namespace

TEST_SUITE_BEGIN("security");

TEST_CASE("TLS: the HTTPS client accepts only a valid certificate for the host") {
    for (const TlsCase& c : tls_cases()) {
        INFO("certificate: ", c.name, " for ", c.host);
        asio::io_context io;
        TestCa trusted;
        TestCa other("Somebody Else's CA");
        auto server_tls = onevoice::tests::make_server_tls_context(c.certificate(trusted, other));
        LoopbackHttpServer server(io, &server_tls, [](const auto&, auto respond) {
            respond(onevoice::tests::HttpResponseMessage{http::status::ok, 11});
        });
        auto client_tls = net::make_client_tls_context(trusted.ca_file());
        net::HttpClient client(io, client_tls);
        net::HttpRequest request;
        request.url = *net::Url::parse(server.url("/", c.host));
        std::optional<net::HttpResult> result;
        StderrCapture log;
        client.request(request, [&](net::HttpResult r) { result = std::move(r); });
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        if (c.refusal.empty()) {
            CHECK_FALSE(result->failed());
            CHECK(result->status == 200);
            CHECK(server.handled() == 1);
        } else {
            CHECK(result->error == net::HttpError::certificate);
            CHECK(result->status == 0);
            CHECK(server.handled() == 0);
            const std::string text = log.text();
            INFO("log: ", text);
            CHECK(contains(text, "TLS: server certificate rejected"));
            CHECK(contains(text, c.refusal));
        }
    }
}

TEST_CASE("TLS: the websocket client accepts only a valid certificate for the host") {
    for (const TlsCase& c : tls_cases()) {
        INFO("certificate: ", c.name, " for ", c.host);
        asio::io_context io;
        TestCa trusted;
        TestCa other("Somebody Else's CA");
        auto server_tls = onevoice::tests::make_server_tls_context(c.certificate(trusted, other));
        LoopbackWsServer server(io, &server_tls, {});
        auto client_tls = net::make_client_tls_context(trusted.ca_file());
        bool is_open = false;
        std::optional<boost::system::error_code> closed;
        std::string reason;
        net::WebSocketHandlers handlers;
        handlers.on_open = [&] {
            is_open = true;
        };
        handlers.on_close = [&](boost::system::error_code ec, std::string why) {
            closed = ec;
            reason = std::move(why);
        };
        auto client = net::WebSocketClient::create(io, client_tls, std::move(handlers));
        client->connect(*net::Url::parse(server.url("/socket", c.host)));
        REQUIRE(run_until(io, [&] { return is_open || closed.has_value(); }));
        if (c.refusal.empty()) {
            CHECK(is_open);
            CHECK(server.accepted() == 1);
            client->close();
            REQUIRE(run_until(io, [&] { return closed.has_value(); }));
        } else {
            CHECK_FALSE(is_open);
            CHECK(net::is_certificate_error(*closed));
            CHECK_MESSAGE(contains(reason, c.refusal), reason);
            CHECK(server.accepted() == 0);
        }
    }
}

TEST_CASE("TLS e2e: the bot refuses a Slack it cannot verify and says why") {
    onevoice::tests::FakeSlackOptions options;
    options.uses_tls = true;
    onevoice::tests::FakeSlack fake(options);

    SUBCASE("without the test CA: no request gets through") {
        onevoice::tests::SlackBot bot(fake);
        CHECK_MESSAGE(bot.wait([&] {
            return contains(bot.process().err(), "unable to get local issuer certificate");
        }),
                      bot.log());
        CHECK(fake.calls().empty());
        CHECK(fake.hellos() == 0);
    }
    SUBCASE("with the test CA as slack.ca_file: connected") {
        onevoice::tests::SlackBotOptions bot_options;
        bot_options.config = "[slack]\nca_file = \"" + fake.ca_file() + "\"\n";
        onevoice::tests::SlackBot bot(fake, bot_options);
        CHECK_MESSAGE(bot.wait_connected(), bot.log());
    }
}

TEST_CASE("TLS e2e: the bot refuses a Matrix homeserver it cannot verify and says why") {
    onevoice::tests::FakeMatrixOptions options;
    options.uses_tls = true;
    onevoice::tests::FakeMatrix fake(options);
    fake.create_room(onevoice::tests::MatrixBot::k_team_room, {"@alice:example.org"}, true);
    onevoice::tests::TempDir dir;

    SUBCASE("without the test CA: no request gets through") {
        onevoice::tests::MatrixBot bot(fake, dir);
        CHECK_MESSAGE(
            bot.wait([&] { return contains(bot.log(), "unable to get local issuer certificate"); }),
            bot.log());
        CHECK(fake.requests().empty());
    }
    SUBCASE("with the test CA as matrix.ca_file: syncing") {
        onevoice::tests::MatrixBotOptions bot_options;
        bot_options.config = "ca_file = \"" + fake.ca_file() + "\"\n";
        onevoice::tests::MatrixBot bot(fake, dir, bot_options);
        CHECK_MESSAGE(bot.wait_ready(), bot.log());
    }
}

TEST_SUITE_END();
