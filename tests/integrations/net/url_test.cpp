#include "integrations/net/url.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using onevoice::integrations::net::Url;

TEST_SUITE_BEGIN("net");

TEST_CASE("Url: parse splits scheme, host, port and target") {
    struct Row {
        std::string text, scheme, host;
        int port;
        std::string target;
        bool tls;
    };
    const std::vector<Row> rows = {
        {"https://slack.com/api/", "https", "slack.com", 443, "/api/", true},
        {"http://127.0.0.1:1234/api/", "http", "127.0.0.1", 1234, "/api/", false},
        {"wss://wss-primary.slack.com/link/?ticket=abc&app_id=A1", "wss", "wss-primary.slack.com",
         443, "/link/?ticket=abc&app_id=A1", true},
        {"ws://localhost:8080", "ws", "localhost", 8080, "/", false},
        {"HTTPS://Matrix.Example.ORG", "https", "matrix.example.org", 443, "/", true},
        {"http://example.org?x=1", "http", "example.org", 80, "/?x=1", false},
        {"http://example.org/a#frag", "http", "example.org", 80, "/a", false},
        {"http://[::1]:8008/_matrix/", "http", "::1", 8008, "/_matrix/", false},
        {"https://my_host.internal:65535/", "https", "my_host.internal", 65535, "/", true},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        const auto url = Url::parse(row.text);
        REQUIRE(url);
        CHECK(url->scheme == row.scheme);
        CHECK(url->host == row.host);
        CHECK(url->port == row.port);
        CHECK(url->target == row.target);
        CHECK(url->tls() == row.tls);
    }
}

TEST_CASE("Url: parse rejects what the bot cannot or should not call") {
    for (const char* text :
         {"", "slack.com/api", "ftp://example.org/", "https://", "https:///path",
          "http://user:secret@example.org/", "http://example.org:0/", "http://example.org:65536/",
          "http://example.org:/", "http://example.org:80x/", "http://exa mple.org/",
          "http://example.org/a b", "http://[::1/", "http://[::1]x/", "http://ex%41mple.org/",
          "//example.org/", "http://example.org/\n"}) {
        CAPTURE(text);
        CHECK_FALSE(Url::parse(text));
    }
}

TEST_CASE("Url: join appends a method name to a base URL") {
    const auto base = *Url::parse("http://127.0.0.1:1234/api/");
    CHECK(base.join("chat.postMessage").str() == "http://127.0.0.1:1234/api/chat.postMessage");
    CHECK(base.join("/auth.test").target == "/api/auth.test");
    CHECK(Url::parse("https://slack.com/api")->join("auth.test").str() ==
          "https://slack.com/api/auth.test");
    CHECK(Url::parse("https://m.org")->join("_matrix/client/v3/sync?timeout=30000").target ==
          "/_matrix/client/v3/sync?timeout=30000");
    CHECK(Url::parse("https://m.org/base/?old=1")->join("x").target == "/base/x");
}

TEST_CASE("Url: host header, origin and the log form") {
    const auto ticketed = *Url::parse("wss://wss.slack.com/link/?ticket=secret");
    CHECK(ticketed.host_header() == "wss.slack.com");
    CHECK(ticketed.origin() == "wss://wss.slack.com:443");
    CHECK(ticketed.for_log() == "wss://wss.slack.com/link/");
    CHECK(ticketed.str() == "wss://wss.slack.com/link/?ticket=secret");
    CHECK(Url::parse("http://127.0.0.1:8080/")->host_header() == "127.0.0.1:8080");
    CHECK(Url::parse("https://example.org:443/")->host_header() == "example.org");
    CHECK(Url::parse("http://[::1]:8008/")->host_header() == "[::1]:8008");
    CHECK(Url::parse("http://[::1]:8008/")->origin() == "http://[::1]:8008");
}

TEST_SUITE_END();
