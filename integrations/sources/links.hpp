#pragma once

#include "integrations/net/url.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace onevoice::integrations::sources {

// Percent-encodes everything but RFC 3986's unreserved characters, for one
// query value or path segment ("Caf\xC3\xA9 & Co" -> "Caf%C3%A9%20%26%20Co").
std::string percent_encode(std::string_view text);

// Decodes %XX escapes; with `plus_is_space` ('+' in a form-encoded query) a
// '+' becomes a space. A malformed escape stays as written.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

// The value of query parameter `name` in `url`, decoded; nullopt when absent.
std::optional<std::string> query_parameter(std::string_view url, std::string_view name);

// Google Alerts feeds link every entry through a redirect,
// "https://www.google.com/url?rct=j&sa=t&url=<the real URL>&ct=ga&...";
// older ones use "q=" instead of "url=". Returns the real URL for such a
// link (any google.* host), else `url` unchanged.
std::string unwrap_google_redirect(std::string_view url);

// Resolves `reference` (a Location header, a feed link) against `base` (RFC
// 3986 §5.2, the cases feeds and servers use: absolute, "//host/path",
// "/path", "?query", "relative/path" with dot segments). Bytes a request line
// cannot carry are percent-encoded first. nullopt when the result is not an
// http(s) URL Url::parse accepts.
std::optional<net::Url> resolve_reference(const net::Url& base, std::string_view reference);

} // namespace onevoice::integrations::sources
