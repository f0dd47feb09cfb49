#include "bot/model/time_zone.hpp"

#include <doctest/doctest.h>

#include <chrono>

using onevoice::bot::LocalDate;
using onevoice::bot::LocalMoment;
using onevoice::bot::LocalTime;
using onevoice::bot::TimePoint;
using onevoice::bot::TimeZone;

namespace {

// Built with std::chrono alone, so expectations do not depend on the code under test.
TimePoint utc(int year, unsigned month, unsigned day, int hour, int minute) {
    using namespace std::chrono;
    const sys_days date{std::chrono::year{year} / std::chrono::month{month} /
                        std::chrono::day{day}};
    return TimePoint{date + hours{hour} + minutes{minute}};
}

TimeZone berlin() {
    const auto zone = TimeZone::find("Europe/Berlin");
    REQUIRE(zone.has_value());
    return *zone;
}

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE("LocalDate: from_iso accepts real calendar dates only") {
    CHECK(LocalDate::from_iso("2026-11-22") == LocalDate{2026, 11, 22});
    CHECK(LocalDate::from_iso("1970-01-01") == LocalDate{1970, 1, 1});
    CHECK(LocalDate::from_iso("9999-12-31") == LocalDate{9999, 12, 31});

    SUBCASE("leap years") {
        CHECK(LocalDate::from_iso("2024-02-29") == LocalDate{2024, 2, 29});
        CHECK(LocalDate::from_iso("2000-02-29") == LocalDate{2000, 2, 29});
        CHECK_FALSE(LocalDate::from_iso("2026-02-29"));
        CHECK_FALSE(LocalDate::from_iso("2100-02-29"));
    }
    SUBCASE("days and months that do not exist") {
        CHECK_FALSE(LocalDate::from_iso("2026-02-30"));
        CHECK_FALSE(LocalDate::from_iso("2026-04-31"));
        CHECK_FALSE(LocalDate::from_iso("2026-13-01"));
        CHECK_FALSE(LocalDate::from_iso("2026-00-10"));
        CHECK_FALSE(LocalDate::from_iso("2026-01-00"));
    }
    SUBCASE("malformed text") {
        CHECK_FALSE(LocalDate::from_iso("2026-1-5"));
        CHECK_FALSE(LocalDate::from_iso("26-01-05"));
        CHECK_FALSE(LocalDate::from_iso("2026/01/05"));
        CHECK_FALSE(LocalDate::from_iso("2026-01-05 "));
        CHECK_FALSE(LocalDate::from_iso("+026-01-05"));
        CHECK_FALSE(LocalDate::from_iso("2026-0a-05"));
        CHECK_FALSE(LocalDate::from_iso("tomorrow"));
        CHECK_FALSE(LocalDate::from_iso(""));
    }
    SUBCASE("years before 1970") {
        CHECK_FALSE(LocalDate::from_iso("1969-12-31"));
        CHECK_FALSE(LocalDate::from_iso("0000-01-01"));
    }
}

TEST_CASE("LocalDate: iso pads every field") {
    CHECK(LocalDate{2026, 1, 5}.iso() == "2026-01-05");
    CHECK(LocalDate{2026, 11, 22}.iso() == "2026-11-22");
}

TEST_CASE("LocalDate: weekday counts from Monday") {
    CHECK(LocalDate{2026, 11, 23}.weekday() == 0); // Monday
    CHECK(LocalDate{2026, 1, 1}.weekday() == 3);   // Thursday
    CHECK(LocalDate{2026, 11, 22}.weekday() == 6); // Sunday
    CHECK(LocalDate{2000, 2, 29}.weekday() == 1);  // Tuesday
    CHECK(LocalDate{1970, 1, 1}.weekday() == 3);   // Thursday
}

TEST_CASE("LocalDate: plus_days crosses months, years and leap days") {
    CHECK(LocalDate{2026, 1, 31}.plus_days(1) == LocalDate{2026, 2, 1});
    CHECK(LocalDate{2026, 12, 31}.plus_days(1) == LocalDate{2027, 1, 1});
    CHECK(LocalDate{2024, 2, 28}.plus_days(1) == LocalDate{2024, 2, 29});
    CHECK(LocalDate{2026, 2, 28}.plus_days(1) == LocalDate{2026, 3, 1});
    CHECK(LocalDate{2027, 1, 1}.plus_days(-1) == LocalDate{2026, 12, 31});
    CHECK(LocalDate{2026, 11, 22}.plus_days(0) == LocalDate{2026, 11, 22});
    CHECK(LocalDate{2026, 1, 1}.plus_days(365) == LocalDate{2027, 1, 1});
}

TEST_CASE("LocalDate: days_until is signed and ordering follows the calendar") {
    CHECK(LocalDate{2026, 12, 31}.days_until(LocalDate{2027, 1, 1}) == 1);
    CHECK(LocalDate{2027, 1, 1}.days_until(LocalDate{2026, 12, 31}) == -1);
    CHECK(LocalDate{2024, 1, 1}.days_until(LocalDate{2025, 1, 1}) == 366);
    CHECK(LocalDate{2026, 11, 22}.days_until(LocalDate{2026, 11, 22}) == 0);
    CHECK(LocalDate{2026, 1, 31} < LocalDate{2026, 2, 1});
    CHECK(LocalDate{2025, 12, 31} < LocalDate{2026, 1, 1});
}

TEST_CASE("LocalTime: hhmm pads hours and minutes") {
    CHECK(LocalTime{8, 5}.hhmm() == "08:05");
    CHECK(LocalTime{23, 59}.hhmm() == "23:59");
    CHECK(LocalTime{0, 0}.hhmm() == "00:00");
}

TEST_CASE("TimeZone: unknown names are not found") {
    CHECK_FALSE(TimeZone::find("Mars/Base"));
    CHECK_FALSE(TimeZone::find(""));
    CHECK_FALSE(TimeZone::find("../../etc/passwd"));
    CHECK(berlin().name() == "Europe/Berlin");
    CHECK(TimeZone::utc().name() == "UTC");
}

TEST_CASE("TimeZone: date_of and time_of read the Berlin wall clock") {
    const TimeZone zone = berlin();
    SUBCASE("winter is UTC+1") {
        CHECK(zone.date_of(utc(2026, 1, 15, 7, 30)) == LocalDate{2026, 1, 15});
        CHECK(zone.time_of(utc(2026, 1, 15, 7, 30)) == LocalTime{8, 30});
    }
    SUBCASE("summer is UTC+2") {
        CHECK(zone.time_of(utc(2026, 7, 1, 6, 30)) == LocalTime{8, 30});
    }
    SUBCASE("late UTC evening is already tomorrow in Berlin") {
        CHECK(zone.date_of(utc(2026, 12, 31, 23, 30)) == LocalDate{2027, 1, 1});
        CHECK(zone.time_of(utc(2026, 12, 31, 23, 30)) == LocalTime{0, 30});
    }
    SUBCASE("seconds are dropped, not rounded") {
        const TimePoint t = utc(2026, 1, 15, 7, 30) + std::chrono::seconds{59};
        CHECK(zone.time_of(t) == LocalTime{8, 30});
    }
    SUBCASE("UTC is the identity") {
        CHECK(TimeZone::utc().date_of(utc(2026, 12, 31, 23, 30)) == LocalDate{2026, 12, 31});
        CHECK(TimeZone::utc().time_of(utc(2026, 12, 31, 23, 30)) == LocalTime{23, 30});
    }
}

TEST_CASE("TimeZone: at turns ordinary local times into instants") {
    const TimeZone zone = berlin();
    CHECK(zone.at(LocalDate{2026, 1, 15}, LocalTime{8, 30}) == utc(2026, 1, 15, 7, 30));
    CHECK(zone.at(LocalDate{2026, 7, 1}, LocalTime{8, 30}) == utc(2026, 7, 1, 6, 30));
    CHECK(zone.start_of_day(LocalDate{2026, 11, 22}) == utc(2026, 11, 21, 23, 0));
    CHECK(TimeZone::utc().at(LocalDate{2026, 11, 22}, LocalTime{8, 30}) ==
          utc(2026, 11, 22, 8, 30));
}

TEST_CASE("TimeZone: resolve tells a skipped and a repeated wall time from a unique one") {
    const TimeZone zone = berlin();
    SUBCASE("unique") {
        const LocalMoment moment = zone.resolve(LocalDate{2027, 3, 28}, LocalTime{1, 59});
        CHECK(moment.kind == LocalMoment::Kind::unique);
        CHECK(moment.earlier == utc(2027, 3, 28, 0, 59));
        CHECK(moment.later == moment.earlier);
    }
    SUBCASE("spring gap: 02:00 to 03:00 on 2027-03-28") {
        const LocalMoment moment = zone.resolve(LocalDate{2027, 3, 28}, LocalTime{2, 30});
        CHECK(moment.kind == LocalMoment::Kind::skipped);
        CHECK(moment.change_from == LocalTime{2, 0});
        CHECK(moment.change_to == LocalTime{3, 0});
        CHECK(zone.resolve(LocalDate{2027, 3, 28}, LocalTime{3, 0}).kind ==
              LocalMoment::Kind::unique);
        CHECK(zone.resolve(LocalDate{2027, 3, 28}, LocalTime{2, 0}).kind ==
              LocalMoment::Kind::skipped);
    }
    SUBCASE("autumn overlap: 02:00 to 03:00 twice on 2026-10-25") {
        const LocalMoment moment = zone.resolve(LocalDate{2026, 10, 25}, LocalTime{2, 30});
        CHECK(moment.kind == LocalMoment::Kind::repeated);
        CHECK(moment.earlier == utc(2026, 10, 25, 0, 30));
        CHECK(moment.later == utc(2026, 10, 25, 1, 30));
        CHECK(moment.change_from == LocalTime{2, 0});
        CHECK(moment.change_to == LocalTime{3, 0});
        CHECK(moment.earlier_offset_minutes == 120);
        CHECK(moment.later_offset_minutes == 60);
        CHECK(moment.earlier_abbreviation == "CEST");
        CHECK(moment.later_abbreviation == "CET");
        CHECK(zone.resolve(LocalDate{2026, 10, 25}, LocalTime{1, 59}).kind ==
              LocalMoment::Kind::unique);
        CHECK(zone.resolve(LocalDate{2026, 10, 25}, LocalTime{3, 0}).kind ==
              LocalMoment::Kind::unique);
    }
    SUBCASE("UTC never changes its clocks") {
        CHECK(TimeZone::utc().resolve(LocalDate{2027, 3, 28}, LocalTime{2, 30}).kind ==
              LocalMoment::Kind::unique);
    }
}

TEST_CASE("TimeZone: a time in the spring gap moves forward by the gap") {
    const TimeZone zone = berlin();
    // 02:00 CET jumps to 03:00 CEST on 2026-03-29, so 02:30 never appears on the wall clock.
    const TimePoint t = zone.at(LocalDate{2026, 3, 29}, LocalTime{2, 30});
    CHECK(t == utc(2026, 3, 29, 1, 30));
    CHECK(zone.time_of(t) == LocalTime{3, 30});
    CHECK(zone.at(LocalDate{2026, 3, 29}, LocalTime{3, 0}) == utc(2026, 3, 29, 1, 0));
}

TEST_CASE("TimeZone: an ambiguous autumn time takes the earlier instant") {
    const TimeZone zone = berlin();
    // 03:00 CEST falls back to 02:00 CET on 2026-10-25, so 02:30 happens twice.
    const TimePoint t = zone.at(LocalDate{2026, 10, 25}, LocalTime{2, 30});
    CHECK(t == utc(2026, 10, 25, 0, 30));
    CHECK(zone.time_of(t) == LocalTime{2, 30});
    CHECK(zone.time_of(utc(2026, 10, 25, 1, 30)) == LocalTime{2, 30});
}

TEST_CASE("TimeZone: a daily 08:30 Berlin schedule follows the spring DST change") {
    const TimeZone zone = berlin();
    const LocalTime t{8, 30};
    TimePoint next = zone.next_daily(utc(2026, 3, 27, 12, 0), t);
    CHECK(next == utc(2026, 3, 28, 7, 30));
    next = zone.next_daily(next, t);
    CHECK(next == utc(2026, 3, 29, 6, 30));
    next = zone.next_daily(next, t);
    CHECK(next == utc(2026, 3, 30, 6, 30));
}

TEST_CASE("TimeZone: a daily 08:30 Berlin schedule follows the autumn DST change") {
    const TimeZone zone = berlin();
    const LocalTime t{8, 30};
    TimePoint next = zone.next_daily(utc(2026, 10, 24, 12, 0), t);
    CHECK(next == utc(2026, 10, 25, 7, 30));
    next = zone.next_daily(next, t);
    CHECK(next == utc(2026, 10, 26, 7, 30));
}

TEST_CASE("TimeZone: next_daily is strictly after its start") {
    const TimeZone zone = berlin();
    const LocalTime t{8, 30};
    SUBCASE("before today's time it is today") {
        CHECK(zone.next_daily(utc(2026, 1, 15, 7, 29), t) == utc(2026, 1, 15, 7, 30));
    }
    SUBCASE("exactly at today's time it is tomorrow") {
        CHECK(zone.next_daily(utc(2026, 1, 15, 7, 30), t) == utc(2026, 1, 16, 7, 30));
    }
    SUBCASE("a time in the gap fires once, at the moved time") {
        const LocalTime in_gap{2, 30};
        const TimePoint first = zone.next_daily(utc(2026, 3, 28, 12, 0), in_gap);
        CHECK(first == utc(2026, 3, 29, 1, 30));
        CHECK(zone.next_daily(first, in_gap) == utc(2026, 3, 30, 0, 30));
    }
    SUBCASE("an ambiguous time fires once, at the earlier instant") {
        const LocalTime twice{2, 30};
        const TimePoint first = zone.next_daily(utc(2026, 10, 24, 12, 0), twice);
        CHECK(first == utc(2026, 10, 25, 0, 30));
        CHECK(zone.next_daily(first, twice) == utc(2026, 10, 26, 1, 30));
    }
}

TEST_SUITE_END();
