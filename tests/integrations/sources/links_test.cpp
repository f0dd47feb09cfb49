// URL helpers: encoding, Google Alerts redirects, relative references.
#include "integrations/sources/links.hpp"
#include "integrations/sources/source_options.hpp"

#include <doctest/doctest.h>

using namespace onevoice::integrations::sources;
namespace net = onevoice::integrations::net;
using onevoice::bot::SourceKind;
using onevoice::bot::SourceSpec;

TEST_SUITE_BEGIN("integrations");

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
    const auto base = *net::Url::parse("https://news.example.de:8443/a/b/feed.xml?x=1");
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

TEST_CASE("source_url: one URL per kind of source") {
    SourceFetcherOptions options;
    options.reddit_base = "http://127.0.0.1:9000/";
    auto url = [&](SourceKind kind, std::string target, std::string term) {
        const auto u = source_url(SourceSpec{kind, std::move(target), std::move(term)}, options);
        return u ? u->str() : std::string("<none>");
    };
    CHECK(url(SourceKind::rss, "https://example.org/feed?x=1", "") ==
          "https://example.org/feed?x=1");
    CHECK(url(SourceKind::rss, "ftp://example.org/feed", "") == "<none>");
    CHECK(url(SourceKind::mastodon, "mastodon.social", "#Acme") ==
          "https://mastodon.social/api/v1/timelines/tag/Acme?limit=40");
    CHECK(url(SourceKind::mastodon, "https://social.example/", "caf\xC3\xA9") ==
          "https://social.example/api/v1/timelines/tag/caf%C3%A9?limit=40");
    CHECK(url(SourceKind::mastodon, "https://social.example", "") == "<none>");
    CHECK(url(SourceKind::reddit, "", "\"acme barista\" OR acme") ==
          "http://127.0.0.1:9000/search.json?q=%22acme%20barista%22%20OR%20acme&sort=new"
          "&limit=100&raw_json=1");
    CHECK(url(SourceKind::hackernews, "", "acme") ==
          "https://hn.algolia.com/api/v1/search_by_date?query=acme&tags=(story,comment)"
          "&hitsPerPage=100");
    CHECK(url(SourceKind::hackernews, "", "") == "<none>");
}

TEST_CASE("describe_size: readable limits") {
    CHECK(describe_size(5 * 1024 * 1024) == "5 MB");
    CHECK(describe_size(512 * 1024) == "512 KB");
    CHECK(describe_size(1000) == "1000 bytes");
}

TEST_SUITE_END();
