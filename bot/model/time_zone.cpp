#include "bot/model/time_zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <stdexcept>

namespace onevoice::bot {

namespace {

using std::chrono::floor;
using std::chrono::hours;
using std::chrono::minutes;

date::year_month_day to_ymd(LocalDate d) {
    return date::year{d.year} / date::month{d.month} / date::day{d.day};
}

LocalDate from_ymd(date::year_month_day ymd) {
    return LocalDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day())};
}

date::sys_days to_days(LocalDate d) {
    return date::sys_days{to_ymd(d)};
}

const date::time_zone* tz_of(const void* zone) {
    return static_cast<const date::time_zone*>(zone);
}

// UTC is modelled as "no zone" so that utc() works even without a readable tz database and
// needs no lookup; local time then equals UTC.
date::local_time<Duration> to_local(const void* zone, TimePoint t) {
    if (zone == nullptr) {
        return date::local_time<Duration>{t.time_since_epoch()};
    }
    return tz_of(zone)->to_local(t);
}

// The value of a run of ASCII digits; nullopt if any character is not a digit.
std::optional<int> parse_digits(std::string_view text) {
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

std::string LocalDate::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
}

std::optional<LocalDate> LocalDate::from_iso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto year = parse_digits(text.substr(0, 4));
    const auto month = parse_digits(text.substr(5, 2));
    const auto day = parse_digits(text.substr(8, 2));
    if (!year || !month || !day || *year < 1970) {
        return std::nullopt;
    }
    const LocalDate date{*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)};
    if (!to_ymd(date).ok()) {
        return std::nullopt;
    }
    return date;
}

LocalDate LocalDate::plus_days(int days) const {
    return from_ymd(date::year_month_day{to_days(*this) + date::days{days}});
}

int LocalDate::weekday() const {
    return static_cast<int>(date::weekday{to_days(*this)}.iso_encoding()) - 1;
}

int LocalDate::days_until(LocalDate other) const {
    return static_cast<int>((to_days(other) - to_days(*this)).count());
}

std::string LocalTime::hhmm() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
    return buf;
}

TimeZone TimeZone::utc() {
    return TimeZone{nullptr};
}

std::optional<TimeZone> TimeZone::find(std::string_view iana_name) {
    // The default zone: the first look-up of any zone reads the whole tz directory (about 600
    // files, tens of milliseconds at start-up), and UTC needs none of it.
    if (iana_name == "UTC") {
        return utc();
    }
    try {
        return TimeZone{date::locate_zone(iana_name)};
    } catch (const std::runtime_error&) {
        // locate_zone throws for unknown names, and also when the system tz database cannot be
        // read; either way the caller can only report the name as unusable.
        return std::nullopt;
    }
}

const std::string& TimeZone::name() const {
    static const std::string k_utc = "UTC";
    return m_zone == nullptr ? k_utc : tz_of(m_zone)->name();
}

LocalDate TimeZone::date_of(TimePoint t) const {
    return from_ymd(date::year_month_day{floor<date::days>(to_local(m_zone, t))});
}

LocalTime TimeZone::time_of(TimePoint t) const {
    const auto local = to_local(m_zone, t);
    const date::hh_mm_ss hms{floor<minutes>(local - floor<date::days>(local))};
    return LocalTime{static_cast<int>(hms.hours().count()),
                     static_cast<int>(hms.minutes().count())};
}

TimePoint TimeZone::at(LocalDate d, LocalTime t) const {
    const auto local = date::local_days{to_ymd(d)} + hours{t.hour} + minutes{t.minute};
    if (m_zone == nullptr) {
        return TimePoint{local.time_since_epoch()};
    }
    // In a gap `first` is the period before the change, so subtracting its offset lands as far
    // past the change as the wall time was past it: 02:30 CET on a spring day is 03:30 CEST.
    // When ambiguous, `first` is also the earlier period, which gives the earlier instant.
    const auto info = tz_of(m_zone)->get_info(local);
    return TimePoint{local.time_since_epoch() - info.first.offset};
}

LocalMoment TimeZone::resolve(LocalDate d, LocalTime t) const {
    const TimePoint first = at(d, t);
    LocalMoment moment;
    moment.earlier = moment.later = first;
    if (m_zone == nullptr) {
        return moment;
    }
    const auto local = date::local_days{to_ymd(d)} + hours{t.hour} + minutes{t.minute};
    const auto info = tz_of(m_zone)->get_info(local);
    if (info.result == date::local_info::unique) {
        return moment;
    }
    // Either way the clocks change where the `first` period ends: in a gap the wall clock jumps
    // there from its reading in the old offset to its reading in the new one; in an overlap the
    // repeated readings run from the new offset's reading to the old one's.
    const auto change = info.first.end;
    const auto wall = [](date::sys_seconds at, std::chrono::seconds offset) {
        const auto minutes_of_day =
            floor<minutes>(at + offset - floor<date::days>(at + offset)).count();
        return LocalTime{static_cast<int>(minutes_of_day / 60),
                         static_cast<int>(minutes_of_day % 60)};
    };
    if (info.result == date::local_info::nonexistent) {
        moment.kind = LocalMoment::Kind::skipped;
        moment.change_from = wall(change, info.first.offset);
        moment.change_to = wall(change, info.second.offset);
        return moment;
    }
    moment.kind = LocalMoment::Kind::repeated;
    moment.later = TimePoint{local.time_since_epoch() - info.second.offset};
    // The repeated readings start where the clocks are set back to and end where they were.
    moment.change_from = wall(change, info.second.offset);
    moment.change_to = wall(change, info.first.offset);
    moment.earlier_offset_minutes = static_cast<int>(floor<minutes>(info.first.offset).count());
    moment.later_offset_minutes = static_cast<int>(floor<minutes>(info.second.offset).count());
    moment.earlier_abbreviation = info.first.abbrev;
    moment.later_abbreviation = info.second.abbrev;
    return moment;
}

TimePoint TimeZone::start_of_day(LocalDate d) const {
    return at(d, LocalTime{0, 0});
}

TimePoint TimeZone::next_daily(TimePoint after, LocalTime t) const {
    // Start a day early: a gap spanning midnight can push yesterday's time past `after`. The
    // candidates grow by about a day each, so the loop ends within a few rounds.
    LocalDate day = date_of(after).plus_days(-1);
    for (;;) {
        const TimePoint candidate = at(day, t);
        if (candidate > after) {
            return candidate;
        }
        day = day.plus_days(1);
    }
}

} // namespace onevoice::bot
