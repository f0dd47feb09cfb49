#pragma once

#include "bot/model/mention.hpp"
#include "integrations/net/url.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace onevoice::integrations::sources {

// How SourceFetcher reaches the sources. Every base URL is configurable so
// tests point it at loopback servers.
struct SourceFetcherOptions {
    std::string reddit_base = "https://www.reddit.com";
    std::string hackernews_base = "https://hn.algolia.com";
    // Cap on the response body as received and again after decompression:
    // a larger one fails the poll ("response larger than 5 MB").
    std::size_t max_bytes = 5 * 1024 * 1024;
    // For one whole poll, redirects included.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    // Reddit refuses generic agents; it asks for a descriptive one.
    std::string user_agent = "OneVoice/" ONEVOICE_VERSION " (social listening bot)";
    int max_redirects = 5;
    // Off: a poll whose connection (first or after a redirect) reaches a
    // private address (bot::is_private_host: loopback, link-local, private
    // ranges) fails with FetchError::private_address before anything is sent,
    // whatever the name resolved to ([listen] allow_private_addresses).
    bool allow_private_addresses = false;
};

// The URL a poll of `source` starts at, or nullopt when the spec cannot make
// one (a feed or instance URL that is not http(s), an empty search term).
// rss: the feed URL; mastodon: {instance}/api/v1/timelines/tag/{hashtag}
// ?limit=40 (a bare host name gets https://); reddit: {reddit_base}
// /search.json?q=…&sort=new&limit=100&raw_json=1; hackernews:
// {hackernews_base}/api/v1/search_by_date?query=…&tags=(story,comment)
// &hitsPerPage=100.
std::optional<net::Url> source_url(const bot::SourceSpec& source,
                                   const SourceFetcherOptions& options);

// "5 MB", "512 KB", "300 bytes": a size for an error line.
std::string describe_size(std::size_t bytes);

} // namespace onevoice::integrations::sources
