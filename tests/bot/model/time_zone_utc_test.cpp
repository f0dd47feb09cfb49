// TimeZone::find("UTC") answers without the tz database: it must behave
// exactly like the zone file it replaces (no offset, no transitions).
#include "bot/model/time_zone.hpp"

#include <doctest/doctest.h>

#include <chrono>

using onevoice::bot::LocalDate;
using onevoice::bot::LocalTime;
using onevoice::bot::TimePoint;
using onevoice::bot::TimeZone;

TEST_SUITE_BEGIN("bot");

TEST_CASE("TimeZone: UTC by name is the identity") {
    const auto zone = TimeZone::find("UTC");
    REQUIRE(zone.has_value());
    CHECK(zone->name() == "UTC");
    using namespace std::chrono;
    // 2026-03-29 01:30 UTC: the hour Europe changes to summer time, nothing happens in UTC.
    const TimePoint t{sys_days{year{2026} / March / 29} + hours{1} + minutes{30} + seconds{42}};
    CHECK(zone->date_of(t) == LocalDate{2026, 3, 29});
    CHECK(zone->time_of(t) == LocalTime{1, 30});
    CHECK(zone->at(LocalDate{2026, 3, 29}, LocalTime{2, 30}) ==
          TimePoint{sys_days{year{2026} / March / 29} + hours{2} + minutes{30}});
    CHECK(zone->next_daily(t, LocalTime{1, 0}) ==
          TimePoint{sys_days{year{2026} / March / 30} + hours{1}});
    CHECK(zone->start_of_day(LocalDate{2026, 10, 25}) ==
          TimePoint{sys_days{year{2026} / October / 25}});
}

TEST_CASE("TimeZone: names close to UTC still go through the tz database") {
    CHECK_FALSE(TimeZone::find("utc ").has_value());
    CHECK_FALSE(TimeZone::find("UTC+1").has_value());
    const auto etc = TimeZone::find("Etc/UTC");
    REQUIRE(etc.has_value());
    CHECK(etc->name() == "Etc/UTC");
}

TEST_SUITE_END();
