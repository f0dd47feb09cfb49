#include "bot/text/url.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace onevoice::bot;

TEST_SUITE_BEGIN("bot");

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

TEST_CASE("percent_encode and percent_decode round trip") {
    CHECK(percent_encode("Caf\xC3\xA9 & Co/1?") == "Caf%C3%A9%20%26%20Co%2F1%3F");
    CHECK(percent_encode("a-b_c.d~e") == "a-b_c.d~e");
    CHECK(percent_decode("Caf%C3%A9%20%26+Co") == "Caf\xC3\xA9 &+Co");
    CHECK(percent_decode("a+b", true) == "a b");
    CHECK(percent_decode("100%") == "100%");
    CHECK(percent_decode("%zz%4") == "%zz%4");
}

TEST_CASE("unwrap_google_redirect: Google Alerts links lead to the real page") {
    CHECK(unwrap_google_redirect("https://www.google.com/url?rct=j&sa=t&url=https://"
                                 "www.example.org/a%3Fb%3D1&ct=ga&cd=x&usg=y") ==
          "https://www.example.org/a?b=1");
    CHECK(unwrap_google_redirect("http://www.google.de/url?q=http://example.org/x&sa=U") ==
          "http://example.org/x");
    // What the parameter decodes to that a URL cannot carry is escaped again, so the mention's
    // link stays valid UTF-8 (found by the feed fuzzer: %8F decoded to a lone byte).
    CHECK(unwrap_google_redirect("https://www.google.com/url?url=https://x.org/a%8Fb%20c%C3%BC") ==
          "https://x.org/a%8Fb%20c%C3%BC");
    // Only google hosts, only /url, only http(s) targets.
    CHECK(unwrap_google_redirect("https://evilgoogle.com/url?url=https://x.org/") ==
          "https://evilgoogle.com/url?url=https://x.org/");
    CHECK(unwrap_google_redirect("https://www.google.com/search?q=https://x.org/") ==
          "https://www.google.com/search?q=https://x.org/");
    CHECK(unwrap_google_redirect("https://www.google.com/url?url=javascript:alert(1)") ==
          "https://www.google.com/url?url=javascript:alert(1)");
    CHECK(unwrap_google_redirect("https://example.org/url?url=https://x.org/") ==
          "https://example.org/url?url=https://x.org/");
}

TEST_CASE("resolve_reference: the forms Location headers and feed links take") {
    const auto base = *Url::parse("https://news.example.de:8443/a/b/feed.xml?x=1");
    auto resolve = [&](std::string_view ref) {
        const auto url = resolve_reference(base, ref);
        return url ? url->str() : std::string("<none>");
    };
    CHECK(resolve("https://other.example/x") == "https://other.example/x");
    CHECK(resolve("//cdn.example/y") == "https://cdn.example/y");
    CHECK(resolve("/root?z=2") == "https://news.example.de:8443/root?z=2");
    CHECK(resolve("next.xml") == "https://news.example.de:8443/a/b/next.xml");
    CHECK(resolve("../up/./x") == "https://news.example.de:8443/a/up/x");
    CHECK(resolve("?page=2") == "https://news.example.de:8443/a/b/feed.xml?page=2");
    CHECK(resolve(" /with space#frag ") == "https://news.example.de:8443/with%20space");
    CHECK(resolve("mailto:x@example.org") == "<none>");
    CHECK(resolve("wss://example.org/") == "<none>");
    CHECK(resolve("http://user:pw@example.org/") == "<none>");
}

TEST_CASE("unwrap_google_redirect: one rule for Google hosts") {
    const auto unwraps = [](const std::string& host) {
        return unwrap_google_redirect("https://" + host + "/url?q=https://x.org/a") ==
               "https://x.org/a";
    };
    for (const char* host : {"google.com", "www.google.com", "google.de", "www.google.de",
                             "news.google.co.uk", "www.google.com.au", "WWW.Google.FR"}) {
        CAPTURE(host);
        CHECK(unwraps(host));
    }
    for (const char* host : {"google.evil.com", "google.co.evil.org", "evilgoogle.de",
                             "google.de.evil.org", "google"}) {
        CAPTURE(host);
        CHECK_FALSE(unwraps(host));
    }
    // Only an http(s) redirect URL, and url= before q=.
    CHECK(unwrap_google_redirect("ftp://www.google.com/url?q=https://x.org/") ==
          "ftp://www.google.com/url?q=https://x.org/");
    CHECK(unwrap_google_redirect("https://google.de/url?q=https://q.org/&url=https://u.org/") ==
          "https://u.org/");
    CHECK(unwrap_google_redirect("https://google.de/url?q=Caf%C3%A9+Bahn") ==
          "https://google.de/url?q=Caf%C3%A9+Bahn");
}

TEST_CASE("resolve_reference: dot segments never climb above the root") {
    const auto base = *Url::parse("https://example.org/a/feed.xml");
    CHECK(resolve_reference(base, "../../../x")->str() == "https://example.org/x");
    CHECK(resolve_reference(base, "/..")->str() == "https://example.org/");
    CHECK(resolve_reference(base, "b|c 100%")->target == "/a/b%7Cc%20100%25");
    CHECK(resolve_reference(base, "")->str() == "https://example.org/a/feed.xml");
}

TEST_CASE("normalize_url: the parts two links to one page share") {
    const auto url =
        normalize_url(" HTTPS://u:p@WWW.Example.COM.:443/%7ea/%c3%a4%2F?b=%7e&&a=%2f# x");
    REQUIRE(url);
    CHECK(url->origin == "https://www.example.com");
    CHECK(url->path == "/~a/%C3%A4%2F");
    CHECK(url->params == std::vector<std::string>{"b=~", "a=%2F"});
    CHECK(normalize_url("http://example.com:8080")->origin == "http://example.com:8080");
    CHECK(normalize_url("http://example.com:80")->path.empty());
    CHECK(normalize_url("ftp://Example.com/x")->origin == "ftp://example.com");
    CHECK_FALSE(normalize_url("/relative/path"));
    CHECK_FALSE(normalize_url("mailto:x@example.com"));
    CHECK_FALSE(normalize_url("not a url"));
}

TEST_CASE("site_host: host without www, port and user info") {
    CHECK(site_host("https://www.News.Example:8443/a?b") == "news.example");
    CHECK(site_host("http://user@host.example") == "host.example");
    CHECK(site_host("https://example.org./x") == "example.org");
    CHECK(site_host("http://[::1]:8080/") == "[::1]");
    CHECK(site_host("no url").empty());
    CHECK(site_host("mailto:x@example.org").empty());
}

TEST_SUITE_END();
