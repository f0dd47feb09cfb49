#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::integrations::net {

// An absolute http, https, ws or wss URL, split the way a client needs it.
//
// Only what the bot's own endpoints use is accepted: no user info
// ("user:pass@" would be a credential in a log line), no relative URLs, no
// other schemes. `parse` returns nullopt for anything else, so a bad
// SLACK_API_URL or homeserver URL is caught at start-up.
struct Url {
    std::string scheme;     // "http", "https", "ws" or "wss" (lower case)
    std::string host;       // lower case; an IPv6 literal without brackets
    std::uint16_t port = 0; // the explicit port, or 80/443 by scheme
    std::string target;     // path and query, always starting with '/'

    static std::optional<Url> parse(std::string_view text);

    // https and wss.
    bool tls() const { return scheme == "https" || scheme == "wss"; }
    bool websocket() const { return scheme == "ws" || scheme == "wss"; }
    bool default_port() const { return port == (tls() ? 443 : 80); }

    // This URL with `path` appended to its path, for calling a method below a
    // base URL: "http://127.0.0.1:1234/api/" joined with "chat.postMessage"
    // is "http://127.0.0.1:1234/api/chat.postMessage". Exactly one '/' ends
    // up between the two; the base's query is dropped, `path` may carry its
    // own ("messages?dir=b"). Unlike RFC 3986 resolution, a base without a
    // trailing '/' keeps its last segment ("…/api" + "x" is "…/api/x").
    Url join(std::string_view path) const;

    // What the Host header carries: the host, bracketed if IPv6, plus
    // ":port" unless the port is the scheme's default (RFC 9110 §7.2).
    std::string host_header() const;
    // The connection-pool key: "https://slack.com:443".
    std::string origin() const;
    // The whole URL.
    std::string str() const;
    // The URL without its query, for logs: a Socket Mode URL carries a
    // connection ticket in its query.
    std::string for_log() const;

    bool operator==(const Url&) const = default;
};

// True when `link` starts with "http:" or "https:", in any case (RFC 3986
// §3.1): the only links a renderer makes clickable. javascript:, data:,
// file: and app schemes (slack://) in a feed item would run or open
// something on a click, so they are shown as text (issue #17).
bool is_web_link(std::string_view link);

} // namespace onevoice::integrations::net
