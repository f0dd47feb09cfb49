#include "bot/model/dates.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using onevoice::bot::date_phrase_length;
using onevoice::bot::format_date;
using onevoice::bot::format_date_time;
using onevoice::bot::format_time;
using onevoice::bot::is_next_week;
using onevoice::bot::LocalDate;
using onevoice::bot::Locale;
using onevoice::bot::LocalTime;
using onevoice::bot::monday_of_next_week;
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

TEST_CASE("parse_date: German words in either locale") {
    // Before issue #20 German words needed Locale::de and the short forms were refused.
    for (const Locale locale : {Locale::de, Locale::en}) {
        CAPTURE(static_cast<int>(locale));
        CHECK(parse_date("heute", k_today, locale) == k_today);
        CHECK(parse_date("Morgen", k_today, locale) == LocalDate{2026, 11, 19});
        CHECK(parse_date("übermorgen", k_today, locale) == LocalDate{2026, 11, 20});
        CHECK(parse_date("Übermorgen", k_today, locale) == LocalDate{2026, 11, 20});
        CHECK(parse_date("uebermorgen", k_today, locale) == LocalDate{2026, 11, 20});
        CHECK(parse_date("mittwoch", k_today, locale) == k_today);
        CHECK(parse_date("Donnerstag", k_today, locale) == LocalDate{2026, 11, 19});
        CHECK(parse_date("freitag", k_today, locale) == LocalDate{2026, 11, 20});
        CHECK(parse_date("SAMSTAG", k_today, locale) == LocalDate{2026, 11, 21});
        CHECK(parse_date("sonntag", k_today, locale) == LocalDate{2026, 11, 22});
        CHECK(parse_date("montag", k_today, locale) == LocalDate{2026, 11, 23});
        CHECK(parse_date("dienstag", k_today, locale) == LocalDate{2026, 11, 24});
    }
}

TEST_CASE("parse_date: German short weekdays Mo..So, with or without the dot") {
    // Wednesday 2026-11-18: "Mi" is today.
    CHECK(parse_date("Mo", k_today, Locale::de) == LocalDate{2026, 11, 23});
    CHECK(parse_date("di", k_today, Locale::en) == LocalDate{2026, 11, 24});
    CHECK(parse_date("Mi", k_today, Locale::de) == k_today);
    CHECK(parse_date("Do.", k_today, Locale::de) == LocalDate{2026, 11, 19});
    CHECK(parse_date("FR", k_today, Locale::de) == LocalDate{2026, 11, 20});
    CHECK(parse_date("Sa", k_today, Locale::de) == LocalDate{2026, 11, 21});
    CHECK(parse_date("so", k_today, Locale::de) == LocalDate{2026, 11, 22});
    CHECK(parse_date("Mon", k_today, Locale::de) == LocalDate{2026, 11, 23});
    CHECK(parse_date("Tue", k_today, Locale::de) == LocalDate{2026, 11, 24});
    CHECK_FALSE(parse_date("m", k_today, Locale::de));
    CHECK_FALSE(parse_date("mo..", k_today, Locale::de));
    CHECK_FALSE(parse_date("mon.", k_today, Locale::de));
}

TEST_CASE("parse_date: German dates with and without the year") {
    CHECK(parse_date("22.11.2026", k_today, Locale::de) == LocalDate{2026, 11, 22});
    CHECK(parse_date("22.11.2026", k_today, Locale::en) == LocalDate{2026, 11, 22});
    CHECK(parse_date("1.2.2027", k_today, Locale::de) == LocalDate{2027, 2, 1});
    CHECK(parse_date("01.02.2027", k_today, Locale::de) == LocalDate{2027, 2, 1});
    SUBCASE("without the year: the next such date, today included") {
        CHECK(parse_date("22.11.", k_today, Locale::de) == LocalDate{2026, 11, 22});
        CHECK(parse_date("18.11.", k_today, Locale::de) == k_today);
        CHECK(parse_date("17.11.", k_today, Locale::de) == LocalDate{2027, 11, 17});
        CHECK(parse_date("1.1.", k_today, Locale::en) == LocalDate{2027, 1, 1});
        // 29 February: this year's does not exist, so the next one if it is next year.
        CHECK(parse_date("29.02.", LocalDate{2027, 3, 1}, Locale::de) == LocalDate{2028, 2, 29});
        CHECK_FALSE(parse_date("29.02.", k_today, Locale::de));
    }
    SUBCASE("dates that do not exist or are not written so") {
        CHECK_FALSE(parse_date("31.11.2026", k_today, Locale::de));
        CHECK_FALSE(parse_date("30.02.", k_today, Locale::de));
        CHECK_FALSE(parse_date("22.13.2026", k_today, Locale::de));
        CHECK_FALSE(parse_date("22.11.26", k_today, Locale::de));
        CHECK_FALSE(parse_date("22.11", k_today, Locale::de));
        CHECK_FALSE(parse_date("221.1.2026", k_today, Locale::de));
        CHECK_FALSE(parse_date("22.11.2026.", k_today, Locale::de));
        CHECK_FALSE(parse_date("a.11.2026", k_today, Locale::de));
        CHECK_FALSE(parse_date("..", k_today, Locale::de));
    }
}

TEST_CASE("parse_date: nächste Woche is the Monday of next week") {
    CHECK(parse_date("nächste Woche", k_today, Locale::de) == LocalDate{2026, 11, 23});
    CHECK(parse_date("NÄCHSTE  WOCHE", k_today, Locale::en) == LocalDate{2026, 11, 23});
    CHECK(parse_date("naechste woche", k_today, Locale::de) == LocalDate{2026, 11, 23});
    CHECK(parse_date("next week", k_today, Locale::en) == LocalDate{2026, 11, 23});
    // On a Monday, next week's Monday is a week later; on a Sunday, tomorrow.
    CHECK(monday_of_next_week(LocalDate{2026, 11, 23}) == LocalDate{2026, 11, 30});
    CHECK(monday_of_next_week(LocalDate{2026, 11, 22}) == LocalDate{2026, 11, 23});
    CHECK_FALSE(parse_date("nächste", k_today, Locale::de));
    CHECK_FALSE(parse_date("Woche", k_today, Locale::de));
}

TEST_CASE("date_phrase_length: nächste Woche typed unquoted spans two words") {
    using Words = std::vector<std::string>;
    CHECK(date_phrase_length(Words{"nächste", "Woche", "10:00"}) == 2);
    CHECK(date_phrase_length(Words{"next", "week"}) == 2);
    CHECK(date_phrase_length(Words{"nächste"}) == 1);
    CHECK(date_phrase_length(Words{"morgen", "Woche"}) == 1);
    CHECK(date_phrase_length(Words{}) == 1);
    CHECK(is_next_week("Nächste Woche"));
    CHECK_FALSE(is_next_week("diese Woche"));
}

TEST_CASE("parse_date: anything else is rejected") {
    CHECK_FALSE(parse_date("", k_today, Locale::en));
    CHECK_FALSE(parse_date(" today", k_today, Locale::en));
    CHECK_FALSE(parse_date("mond", k_today, Locale::en));
    CHECK_FALSE(parse_date("yesterday", k_today, Locale::en));
    CHECK_FALSE(parse_date("überübermorgen", k_today, Locale::de));
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
