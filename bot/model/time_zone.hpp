#pragma once

#include "bot/model/clock.hpp"

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::bot {

// A civil (proleptic Gregorian) date as the team sees it on the wall calendar. Values built by
// from_iso() or plus_days() are always valid; aggregate initialisation is not checked.
struct LocalDate {
    int year = 1970;
    unsigned month = 1;
    unsigned day = 1;

    auto operator<=>(const LocalDate&) const = default;
    bool operator==(const LocalDate&) const = default;

    // "2026-11-22".
    std::string iso() const;
    // Strict "YYYY-MM-DD" with years 1970..9999; nullopt for anything else, including dates
    // that do not exist ("2026-02-30") and unpadded fields ("2026-1-5").
    static std::optional<LocalDate> from_iso(std::string_view text);

    // The date `days` later (negative: earlier), across months and years.
    LocalDate plus_days(int days) const;
    // ISO numbering: 0 = Monday ... 6 = Sunday.
    int weekday() const;
    // `other` minus this date, in days (negative if `other` is earlier).
    int days_until(LocalDate other) const;
};

// A wall-clock time of day with minute precision, 00:00..23:59.
struct LocalTime {
    int hour = 0;
    int minute = 0;

    auto operator<=>(const LocalTime&) const = default;
    bool operator==(const LocalTime&) const = default;

    // "08:30".
    std::string hhmm() const;
};

// How a wall-clock date and time of a zone map to instants (see TimeZone::resolve).
struct LocalMoment {
    enum class Kind {
        unique,   // exactly one instant: `earlier`
        skipped,  // a spring-forward gap: the wall clock never reads it
        repeated, // a fall-back overlap: the wall clock reads it twice
    };
    Kind kind = Kind::unique;
    // unique: the instant. skipped: the instant at() moves it to. repeated: the first reading.
    TimePoint earlier;
    // repeated: the second reading; otherwise equal to `earlier`.
    TimePoint later;
    // skipped and repeated: the wall time where the change starts (02:00 in Europe/Berlin) and
    // where it ends (03:00); times before the first and from the second on happen exactly once.
    LocalTime change_from;
    LocalTime change_to;
    // repeated: the offsets from UTC in minutes (+120, then +60) and the zone's abbreviations
    // ("CEST", then "CET") of the two readings.
    int earlier_offset_minutes = 0;
    int later_offset_minutes = 0;
    std::string earlier_abbreviation;
    std::string later_abbreviation;
};

// An IANA time zone from the system tz database (/usr/share/zoneinfo). Cheap to copy: it only
// points into the database, which lives until the process ends. Thread-safe for reading.
class TimeZone {
public:
    // UTC; never touches the tz database.
    static TimeZone utc();
    // The zone called `iana_name` ("Europe/Berlin"); nullopt for unknown names ("Mars/Base").
    // "UTC" is utc(), without the tz database.
    static std::optional<TimeZone> find(std::string_view iana_name);

    // The IANA name, "UTC" for utc().
    const std::string& name() const;

    // The local calendar date and the local time of day (seconds dropped) at instant `t`.
    LocalDate date_of(TimePoint t) const;
    LocalTime time_of(TimePoint t) const;

    // The instant a local date and time occur. A time that does not exist (the spring-forward
    // gap, e.g. 02:30 in Europe/Berlin on 2026-03-29) moves forward by the gap (-> 03:30
    // local); an ambiguous time (autumn fall-back) takes the earlier instant.
    TimePoint at(LocalDate d, LocalTime t) const;
    // Whether the wall clock reads `t` on `d` never, once or twice, with what a user needs to
    // pick a time that exists once. For input: at() alone would move or pick silently.
    LocalMoment resolve(LocalDate d, LocalTime t) const;
    // at(d, 00:00).
    TimePoint start_of_day(LocalDate d) const;
    // The first instant strictly after `after` at which the local wall clock reads `t`, as
    // resolved by at(): a daily schedule that keeps its local time across DST changes and fires
    // once per local day (on a fall-back day only the earlier of the two readings counts).
    TimePoint next_daily(TimePoint after, LocalTime t) const;

private:
    explicit TimeZone(const void* zone)
        : m_zone(zone) {}

    // The date::time_zone, opaque so that <date/tz.h> stays out of this header; nullptr is UTC.
    const void* m_zone = nullptr;
};

} // namespace onevoice::bot
