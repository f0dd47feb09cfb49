#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// URLs: parsing the bot's own endpoints, resolving links and redirects,
// normalising links for comparison, percent-encoding. Built on Boost.URL
// (kept inside url.cpp: bot/ headers carry no third-party headers).
namespace onevoice::bot {

// An absolute http, https, ws or wss URL, split the way a client needs it.
//
// Only what the bot's own endpoints use is accepted: no user info
// ("user:pass@" would be a credential in a log line), no relative URLs, no
// other schemes, no percent-escapes in the host. `parse` returns nullopt for
// anything else, so a bad SLACK_API_URL or homeserver URL is caught at
// start-up.
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

// Percent-encodes everything but RFC 3986's unreserved characters, for one
// query value or path segment ("Caf\xC3\xA9 & Co" -> "Caf%C3%A9%20%26%20Co").
std::string percent_encode(std::string_view text);

// Decodes %XX escapes; with `plus_is_space` ('+' in a form-encoded query) a
// '+' becomes a space. A malformed escape stays as written.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

// Resolves `reference` (a Location header, a feed link) against `base` (RFC
// 3986 §5.2), without its fragment. Surrounding spaces are trimmed and bytes
// a request line cannot carry are percent-encoded first. nullopt when the
// result is not an http(s) URL Url::parse accepts.
std::optional<Url> resolve_reference(const Url& base, std::string_view reference);

// Google redirects, as Google Alerts feeds link every entry:
// "https://www.google.com/url?rct=j&sa=t&url=<the real URL>&ct=ga&...";
// older ones use "q=" instead of "url=". One rule: an http(s) URL on a
// Google host (google.<tld>, google.co.<cc> or google.com.<cc>, with any
// subdomain such as www. or news.), path /url, whose url= or q= parameter is
// an http(s) URL. Returns that target, with what a URL cannot carry
// (spaces, bytes beyond ASCII) percent-encoded again; else `url` unchanged.
std::string unwrap_google_redirect(std::string_view url);

// An absolute URL of any scheme ("scheme://authority..."), normalised for
// comparing two links (RFC 3986 §6.2.2): scheme and host in lower case,
// without user info, a trailing '.' of the host, the scheme's default port
// (:80 for http, :443 for https) and the fragment; %-escapes in path and
// query in upper case with unreserved characters decoded (%7e -> ~).
struct NormalizedUrl {
    std::string origin; // "https://example.com:8080"
    std::string path;   // "/a/b", or empty
    // The query's parameters as written ("name=value"), in order, empty ones
    // ("a=1&&b=2") left out.
    std::vector<std::string> params;
};
std::optional<NormalizedUrl> normalize_url(std::string_view url);

// The host a URL names, as a site: lower case, without user info, port,
// trailing '.' and a leading "www." ("https://www.News.Example:8443/a" ->
// "news.example"); an IPv6 literal keeps its brackets. Empty when `url` is
// no absolute URL with a host.
std::string site_host(std::string_view url);

} // namespace onevoice::bot
