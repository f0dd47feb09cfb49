// The URL of each kind of source, and readable size limits.
#include "integrations/sources/source_options.hpp"

#include <doctest/doctest.h>

using namespace onevoice::integrations::sources;
using onevoice::bot::SourceKind;
using onevoice::bot::SourceSpec;

TEST_SUITE_BEGIN("integrations");

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
