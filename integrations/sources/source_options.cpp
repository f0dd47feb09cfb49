#include "integrations/sources/source_options.hpp"

#include "bot/text/url.hpp"

namespace onevoice::integrations::sources {

namespace {

std::optional<net::Url> http_url(std::string text) {
    // An instance is often given as "mastodon.social".
    if (text.find("://") == std::string::npos) {
        text = "https://" + text;
    }
    auto url = net::Url::parse(text);
    if (!url || url->websocket()) {
        return std::nullopt;
    }
    return url;
}

} // namespace

std::optional<net::Url> source_url(const bot::SourceSpec& source,
                                   const SourceFetcherOptions& options) {
    switch (source.kind) {
    case bot::SourceKind::rss: {
        auto url = net::Url::parse(source.target);
        return url && !url->websocket() ? url : std::nullopt;
    }
    case bot::SourceKind::mastodon: {
        auto base = http_url(source.target);
        const std::string_view tag = source.term.starts_with('#')
                                         ? std::string_view(source.term).substr(1)
                                         : std::string_view(source.term);
        if (!base || tag.empty()) {
            return std::nullopt;
        }
        return base->join("api/v1/timelines/tag/" + bot::percent_encode(tag) + "?limit=40");
    }
    case bot::SourceKind::reddit: {
        auto base = http_url(options.reddit_base);
        if (!base || source.term.empty()) {
            return std::nullopt;
        }
        // raw_json=1: without it Reddit HTML-escapes &, < and > in titles and text.
        return base->join("search.json?q=" + bot::percent_encode(source.term) +
                          "&sort=new&limit=100&raw_json=1");
    }
    case bot::SourceKind::hackernews: {
        auto base = http_url(options.hackernews_base);
        if (!base || source.term.empty()) {
            return std::nullopt;
        }
        return base->join("api/v1/search_by_date?query=" + bot::percent_encode(source.term) +
                          "&tags=(story,comment)&hitsPerPage=100");
    }
    }
    return std::nullopt;
}

std::string describe_size(std::size_t bytes) {
    constexpr std::size_t k_kib = 1024;
    constexpr std::size_t k_mib = 1024 * 1024;
    if (bytes >= k_mib && bytes % k_mib == 0) {
        return std::to_string(bytes / k_mib) + " MB";
    }
    if (bytes >= k_kib && bytes % k_kib == 0) {
        return std::to_string(bytes / k_kib) + " KB";
    }
    return std::to_string(bytes) + " bytes";
}

} // namespace onevoice::integrations::sources
