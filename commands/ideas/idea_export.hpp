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
// quotes doubled; otherwise as is. A value a spreadsheet would run as a formula
// (starting with =, +, -, @, tab or CR) gets a leading ' first, which keeps it
// text (OWASP "CSV Injection").
std::string csv_field(std::string_view value);
// A header row and one row per idea, CRLF line ends, UTF-8 with a byte order
// mark so spreadsheets read umlauts right. Column names follow the catalog.
std::string plan_csv(const std::vector<storage::IdeaRow>& ideas,
                     const bot::HandlerContext& context);

// TEXT value escaping of RFC 5545 §3.3.11: backslash, semicolon, comma, newline;
// other control characters but tab, which TEXT may not hold, are dropped.
std::string ics_escape(std::string_view text);
// One content line, folded (RFC 5545 §3.1): at most 75 octets per line, each
// continuation starting with a space, never inside a UTF-8 sequence; every line
// ends with CRLF.
std::string ics_fold(std::string_view line);
// A VCALENDAR published (METHOD:PUBLISH) with one VEVENT per idea: UID, DTSTAMP
// (now, UTC), DTSTART in UTC (timed) or as a DATE (all day), ORGANIZER (RFC 5546
// §3.2.1 requires it: mailto:`organizer`, a plain e-mail address), SUMMARY,
// DESCRIPTION, CATEGORIES. `ideas` must not be empty: RFC 5545 §3.6 wants at
// least one component in a calendar.
std::string plan_ics(const std::vector<storage::IdeaRow>& ideas, const bot::HandlerContext& context,
                     std::string_view organizer);

} // namespace onevoice::commands
