#pragma once

#include "bot/runtime/handler_context.hpp"
#include "storage/idea_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// The editorial plan as files. Pure functions of their arguments, so the tests
// can parse the output back with an independent parser.

// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, with
// quotes doubled; otherwise as is.
std::string csv_field(std::string_view value);
// A header row and one row per idea, CRLF line ends, UTF-8 with a byte order
// mark so spreadsheets read umlauts right. Column names follow the catalog.
std::string plan_csv(const std::vector<storage::IdeaRow>& ideas,
                     const bot::HandlerContext& context);

// TEXT value escaping of RFC 5545 §3.3.11: backslash, semicolon, comma, newline.
std::string ics_escape(std::string_view text);
// One content line, folded (RFC 5545 §3.1): at most 75 octets per line, each
// continuation starting with a space, never inside a UTF-8 sequence; every line
// ends with CRLF.
std::string ics_fold(std::string_view line);
// A VCALENDAR with one VEVENT per idea: UID, DTSTAMP (now, UTC), DTSTART in
// UTC (timed) or as a DATE (all day), SUMMARY, DESCRIPTION, CATEGORIES.
std::string plan_ics(const std::vector<storage::IdeaRow>& ideas,
                     const bot::HandlerContext& context);

} // namespace onevoice::commands
