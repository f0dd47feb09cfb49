#include "bot/model/dates.hpp"

#include <doctest/doctest.h>

#include <chrono>

using onevoice::bot::format_date;
using onevoice::bot::format_date_time;
using onevoice::bot::format_time;
using onevoice::bot::LocalDate;
using onevoice::bot::Locale;
using onevoice::bot::LocalTime;
using onevoice::bot::parse_date;
using onevoice::bot::parse_time;
using onevoice::bot::TimePoint;
using onevoice::bot::TimeZone;
using onevoice::bot::weekday_name;

namespace {

// A Wednesday.
constexpr LocalDate k_today{2026, 11, 18};

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE("parse_date: ISO dates work in both locales") {
    CHECK(parse_date("2026-12-24", k_today, Locale::en) == LocalDate{2026, 12, 24});
    CHECK(parse_date("2026-12-24", k_today, Locale::de) == LocalDate{2026, 12, 24});
    CHECK(parse_date("2025-01-01", k_today, Locale::en) == LocalDate{2025, 1, 1});
    CHECK_FALSE(parse_date("2026-02-30", k_today, Locale::en));
}

TEST_CASE("parse_date: today and tomorrow, in any case") {
    CHECK(parse_date("today", k_today, Locale::en) == k_today);
    CHECK(parse_date("Tomorrow", k_today, Locale::en) == LocalDate{2026, 11, 19});
    CHECK(parse_date("TODAY", k_today, Locale::de) == k_today);
    CHECK(parse_date("tomorrow", LocalDate{2026, 12, 31}, Locale::en) == LocalDate{2027, 1, 1});
}

TEST_CASE("parse_date: a weekday means the next such day, today included") {
    SUBCASE("full English names") {
        CHECK(parse_date("wednesday", k_today, Locale::en) == k_today);
        CHECK(parse_date("thursday", k_today, Locale::en) == LocalDate{2026, 11, 19});
        CHECK(parse_date("Sunday", k_today, Locale::en) == LocalDate{2026, 11, 22});
        CHECK(parse_date("MONDAY", k_today, Locale::en) == LocalDate{2026, 11, 23});
        CHECK(parse_date("tuesday", k_today, Locale::en) == LocalDate{2026, 11, 24});
    }
    SUBCASE("three-letter English names") {
        CHECK(parse_date("wed", k_today, Locale::en) == k_today);
        CHECK(parse_date("Fri", k_today, Locale::en) == LocalDate{2026, 11, 20});
        CHECK(parse_date("sat", k_today, Locale::de) == LocalDate{2026, 11, 21});
    }
    SUBCASE("across the end of the year") {
        // 2026-12-31 is a Thursday.
        CHECK(parse_date("mon", LocalDate{2026, 12, 31}, Locale::en) == LocalDate{2027, 1, 4});
    }
}

TEST_CASE("parse_date: German words only with the German locale") {
    SUBCASE("Locale::de") {
        CHECK(parse_date("heute", k_today, Locale::de) == k_today);
        CHECK(parse_date("Morgen", k_today, Locale::de) == LocalDate{2026, 11, 19});
        CHECK(parse_date("mittwoch", k_today, Locale::de) == k_today);
        CHECK(parse_date("Donnerstag", k_today, Locale::de) == LocalDate{2026, 11, 19});
        CHECK(parse_date("freitag", k_today, Locale::de) == LocalDate{2026, 11, 20});
        CHECK(parse_date("SAMSTAG", k_today, Locale::de) == LocalDate{2026, 11, 21});
        CHECK(parse_date("sonntag", k_today, Locale::de) == LocalDate{2026, 11, 22});
        CHECK(parse_date("montag", k_today, Locale::de) == LocalDate{2026, 11, 23});
        CHECK(parse_date("dienstag", k_today, Locale::de) == LocalDate{2026, 11, 24});
    }
    SUBCASE("Locale::en") {
        CHECK_FALSE(parse_date("heute", k_today, Locale::en));
        CHECK_FALSE(parse_date("morgen", k_today, Locale::en));
        CHECK_FALSE(parse_date("montag", k_today, Locale::en));
    }
    SUBCASE("German abbreviations are not accepted") {
        CHECK_FALSE(parse_date("mo", k_today, Locale::de));
        CHECK_FALSE(parse_date("fr", k_today, Locale::de));
        CHECK_FALSE(parse_date("so", k_today, Locale::de));
    }
}

TEST_CASE("parse_date: anything else is rejected") {
    CHECK_FALSE(parse_date("", k_today, Locale::en));
    CHECK_FALSE(parse_date("next week", k_today, Locale::en));
    CHECK_FALSE(parse_date("22.11.2026", k_today, Locale::de));
    CHECK_FALSE(parse_date(" today", k_today, Locale::en));
    CHECK_FALSE(parse_date("mond", k_today, Locale::en));
    CHECK_FALSE(parse_date("yesterday", k_today, Locale::en));
}

TEST_CASE("parse_time: H:MM and HH:MM within a day") {
    CHECK(parse_time("08:30") == LocalTime{8, 30});
    CHECK(parse_time("8:30") == LocalTime{8, 30});
    CHECK(parse_time("0:00") == LocalTime{0, 0});
    CHECK(parse_time("23:59") == LocalTime{23, 59});

    CHECK_FALSE(parse_time("24:00"));
    CHECK_FALSE(parse_time("12:60"));
    CHECK_FALSE(parse_time("1230"));
    CHECK_FALSE(parse_time(""));
    CHECK_FALSE(parse_time(":30"));
    CHECK_FALSE(parse_time("8:5"));
    CHECK_FALSE(parse_time("008:30"));
    CHECK_FALSE(parse_time("08:300"));
    CHECK_FALSE(parse_time("08::3"));
    CHECK_FALSE(parse_time("-1:30"));
    CHECK_FALSE(parse_time("8:30 "));
    CHECK_FALSE(parse_time("ab:cd"));
}

TEST_CASE("format: dates and times follow the locale") {
    CHECK(format_date(LocalDate{2026, 11, 22}, Locale::en) == "2026-11-22");
    CHECK(format_date(LocalDate{2026, 11, 22}, Locale::de) == "22.11.2026");
    CHECK(format_date(LocalDate{2026, 1, 5}, Locale::de) == "05.01.2026");
    CHECK(format_time(LocalTime{8, 30}, Locale::en) == "08:30");
    CHECK(format_time(LocalTime{8, 30}, Locale::de) == "08:30 Uhr");
}

TEST_CASE("format: date and time of an instant on the team's wall clock") {
    const auto berlin = TimeZone::find("Europe/Berlin");
    REQUIRE(berlin.has_value());
    using namespace std::chrono;
    const TimePoint t{sys_days{2026y / November / 22} + 7h + 30min};
    CHECK(format_date_time(t, *berlin, Locale::en) == "2026-11-22 08:30");
    CHECK(format_date_time(t, *berlin, Locale::de) == "22.11.2026, 08:30 Uhr");
    CHECK(format_date_time(t, TimeZone::utc(), Locale::en) == "2026-11-22 07:30");
}

TEST_CASE("weekday_name: names follow the locale") {
    CHECK(weekday_name(LocalDate{2026, 11, 23}, Locale::en) == "Monday");
    CHECK(weekday_name(LocalDate{2026, 11, 23}, Locale::de) == "Montag");
    CHECK(weekday_name(LocalDate{2026, 11, 22}, Locale::en) == "Sunday");
    CHECK(weekday_name(LocalDate{2026, 11, 22}, Locale::de) == "Sonntag");
    CHECK(weekday_name(k_today, Locale::de) == "Mittwoch");
}

TEST_SUITE_END();
