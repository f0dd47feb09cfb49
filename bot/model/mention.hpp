#pragma once

#include "bot/model/clock.hpp"

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

// Why a poll failed, in no language: the poller stores it and the catalog
// words it in the team's language when it is shown (`bot/fetch_error`).
struct FetchError {
    enum class Kind {
        none,
        invalid_address,
        timeout,            // detail: the time waited ("20 s")
        too_large,          // detail: the cap ("5 MB")
        too_large_unpacked, // gzip: the cap
        certificate,        // detail: OpenSSL's reason
        network,            // detail: the system's reason
        bad_redirect,
        too_many_redirects,
        http_status,  // detail: "503 Service Unavailable"
        rate_limited, // 429
        bad_encoding, // detail: the Content-Encoding
        unreadable,   // detail: the parser's reason ("invalid JSON at byte 12")
        // detail: the host, which is or resolved to a private address (issue #17)
        private_address,
    };
    Kind kind = Kind::none;
    std::string detail;
    std::string where; // host and path, never a query string (it may hold a key)

    bool empty() const { return kind == Kind::none; }
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
    FetchError error;           // for failed and rate_limited
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
