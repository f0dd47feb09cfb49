#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/locale.hpp"
#include "bot/model/time_zone.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace onevoice::bot {

// Parses a date argument relative to `today` (the team's local date), case-insensitively:
// "YYYY-MM-DD" (see LocalDate::from_iso), "today", "tomorrow", and the English weekday names
// "monday".."sunday" or "mon".."sun", meaning the next such day with today included. With
// Locale::de also "heute", "morgen" and the full German weekday names "montag".."sonntag".
// nullopt for anything else.
std::optional<LocalDate> parse_date(std::string_view text, LocalDate today, Locale locale);

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
