#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/locale.hpp"
#include "bot/model/time_zone.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace onevoice::bot {

// Parses a date argument relative to `today` (the team's local date), case-insensitively and in
// either locale (COMMANDS.md, "Dates and words in German"): "YYYY-MM-DD" (see
// LocalDate::from_iso); "22.11.2026" or "1.2.2027"; "22.11." (the next 22 November, today
// included); "today"/"heute", "tomorrow"/"morgen", "übermorgen" (or "uebermorgen"); a weekday in
// English or German, in full or short ("monday", "mon", "montag", "mo", "mo."), meaning the next
// such day with today included; "nächste Woche"/"next week" (see is_next_week), meaning the
// Monday of next week. nullopt for anything else, including dates that do not exist.
std::optional<LocalDate> parse_date(std::string_view text, LocalDate today, Locale locale);

// Whether `text` is "nächste Woche", "naechste Woche" or "next week" (any case, any white
// space between): a date (its Monday) or a period (Monday to Sunday) of the week after this one.
bool is_next_week(std::string_view text);
// How many of `words` the date or period at their front spans when typed unquoted: 2 for
// "nächste Woche", else 1 (also when `words` is empty or names no date).
std::size_t date_phrase_length(std::span<const std::string> words);
// The Monday after `today` (a week later when `today` is a Monday).
LocalDate monday_of_next_week(LocalDate today);

// Parses "HH:MM" or "H:MM" (hours 0..23, minutes 0..59, always two minute digits); nullopt for
// anything else, e.g. "24:00", "12:60", "1230" or "".
std::optional<LocalTime> parse_time(std::string_view text);

// en "2026-11-22", de "22.11.2026".
std::string format_date(LocalDate d, Locale locale);
// en "08:30", de "08:30 Uhr".
std::string format_time(LocalTime t, Locale locale);
// Instant `t` on the wall clock of `zone`: en "2026-11-22 08:30", de "22.11.2026, 08:30 Uhr".
std::string format_date_time(TimePoint t, const TimeZone& zone, Locale locale);
// en "Monday", de "Montag".
std::string weekday_name(LocalDate d, Locale locale);

} // namespace onevoice::bot
