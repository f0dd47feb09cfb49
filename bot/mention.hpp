#pragma once

#include "bot/clock.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace onevoice::bot {

// Where listening reads the web. `target` is the feed URL (rss), the instance
// base URL (mastodon) or empty (reddit, hackernews: their base URLs are
// configured once); `term` is the hashtag without '#' (mastodon) or the
// search query (reddit, hackernews), empty for rss.
enum class SourceKind { rss, mastodon, reddit, hackernews };

struct SourceSpec {
    SourceKind kind = SourceKind::rss;
    std::string target;
    std::string term;
};

// Reactions a source counts, where it has them (Mastodon favourites and
// boosts, Reddit score, Hacker News points and comments).
struct Engagement {
    std::int64_t likes = 0;
    std::int64_t shares = 0;
    std::int64_t comments = 0;

    std::int64_t total() const { return likes + shares + comments; }
};

// One thing someone published that a source returned. `text` and `title` are
// plain text (HTML already reduced, entities decoded); `external_id` is the
// source's own id (RSS guid, Atom id, status id...), or the URL when it has none.
struct Mention {
    std::string external_id;
    std::string url;
    std::string author;
    std::string title;
    std::string text;
    std::optional<TimePoint> published;
    std::string language; // "de", "en"... when the source says; else empty
    std::optional<Engagement> engagement;
};

// HTTP validators from the last successful poll, sent back as
// If-None-Match / If-Modified-Since.
struct FetchValidators {
    std::string etag;
    std::string last_modified;
};

// The outcome of one poll of one source.
struct FetchResult {
    enum class Outcome {
        fresh,        // `mentions` holds what the source returned
        not_modified, // 304: nothing new
        rate_limited, // 429: wait `retry_after` (or the poller's backoff)
        failed,       // network, HTTP, size or parse error: see `error`
    };
    Outcome outcome = Outcome::failed;
    std::vector<Mention> mentions;
    FetchValidators validators; // to send next time (fresh and not_modified)
    std::string error;          // one line for `listen sources`; never a secret
    std::optional<std::chrono::seconds> retry_after;
};

// Fetches sources over the network; implemented in integrations/sources.
// `fetch` returns at once; `done` runs later on the runtime's thread, exactly
// once, also on failure (never an exception).
class MentionFetcher {
public:
    virtual ~MentionFetcher() = default;
    virtual void fetch(const SourceSpec& source, const FetchValidators& validators,
                       std::function<void(FetchResult)> done) = 0;
};

} // namespace onevoice::bot
