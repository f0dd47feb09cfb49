#pragma once

#include "bot/model/clock.hpp"

#include <optional>
#include <string_view>

namespace onevoice::integrations::sources {

// RSS dates (RFC 822 as updated by RFC 1123): "Tue, 10 Jun 2003 04:00:00 GMT".
// The weekday is optional and ignored, seconds optional, two-digit years are
// read as 19xx/20xx; zones: numeric (+0200), UT/GMT/UTC/Z, the US names
// (EST, PDT…) and the European abbreviations feeds use (CET, CEST, MEZ,
// MESZ, BST…). An unknown zone name is read as UTC, as RFC 1123 says for
// military zones. nullopt when the date itself cannot be read.
std::optional<bot::TimePoint> parse_rfc822_date(std::string_view text);

// Atom and dc:date (RFC 3339 / W3C-DTF): "2026-03-29T01:30:00+02:00",
// fractions of a second, 'Z', a space instead of 'T', or a bare date
// (midnight UTC). nullopt when it cannot be read.
std::optional<bot::TimePoint> parse_rfc3339_date(std::string_view text);

} // namespace onevoice::integrations::sources
