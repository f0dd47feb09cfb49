#pragma once

#include "bot/model/model.hpp"
#include "bot/runtime/config_value.hpp"

#include <chrono>
#include <span>
#include <string>
#include <vector>

namespace onevoice::commands {

// Config [listen] as the handler needs it.
struct ListenSettings {
    // How often a new source is polled: [listen] poll_minutes, 5..1440.
    std::chrono::seconds poll_interval = std::chrono::minutes(15);
    // allow_private_addresses: sources may point at loopback, link-local and private
    // addresses (an intranet feed). Off, `listen source add` refuses feed and instance URLs
    // whose host is private (bot::is_private_host), and so does the fetcher.
    bool allow_private_addresses = false;
};

// Config [listen.spikes]: an hour is a volume spike when its count is at
// least `min_count` and its robust z-score against the baseline at least
// `z_threshold`; a negative spike when its negative share is at least
// `negative_share_jump` (0..1) above the baseline's. A query's sensitivity
// scales all three (low: ×1.5, high: ×0.7).
struct SpikeSettings {
    int min_count = 10;               // 1..100000
    double z_threshold = 3.5;         // 0.5..50
    double negative_share_jump = 0.3; // 0.05..1
};

// A sentiment lexicon file from [[listen.lexicon]]: `format` is "afinn", "vader" or "sentiws",
// `language` "de" or "en"; a `path` written relative is relative to the config file.
struct ListenLexicon {
    std::string path;
    std::string format;
    std::string language;
    bool operator==(const ListenLexicon&) const = default;
};

// Config [listen], [listen.spikes] and [[listen.lexicon]]: what the listening module wants, and
// what the app needs to build the sources' fetcher and the sentiment analyzer for it.
struct ListeningSettings {
    ListenSettings listen;
    SpikeSettings spikes;
    // Set by the app, not the file: where spike alerts go when no digest is scheduled (the
    // team's conversation).
    bot::Place alerts_place;
    // reddit_url, hackernews_url: the http(s) base URLs of those APIs, kept without a trailing
    // '/' (tests point them at local fakes).
    std::string reddit_url = "https://www.reddit.com";
    std::string hackernews_url = "https://hn.algolia.com";
    int max_response_mb = 5; // the cap on one poll's response, 1..100
    // [[listen.lexicon]] entries, loaded into the sentiment analyzer at start-up (bot/app/app.cpp).
    std::vector<ListenLexicon> lexicons;
};

// The [listen], [listen.spikes] and [[listen.lexicon]] keys of the config file, each filling its
// field of ListeningSettings.
std::span<const bot::ConfigKey<ListeningSettings>> listening_config_keys();

} // namespace onevoice::commands
