#include "bot/app/file_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace onevoice;

TEST_SUITE_BEGIN("bot");

TEST_CASE(
    "FileClock: ISO-8601 UTC or epoch milliseconds, and the last good time survives garbage") {
    CHECK(bot::parse_clock_text("1795000000000\n") == bot::from_millis(1'795'000'000'000));
    CHECK(bot::parse_clock_text(" 2026-11-18T11:06:40Z ") == bot::from_millis(1'795'000'000'000));
    CHECK(bot::parse_clock_text("2026-11-18T11:06Z") == bot::from_millis(1'794'999'960'000));
    CHECK_FALSE(bot::parse_clock_text("2026-11-18 11:06:40").has_value());
    CHECK_FALSE(bot::parse_clock_text("2026-11-18T11:06:61Z").has_value());
    CHECK_FALSE(bot::parse_clock_text("").has_value());

    tests::TempDir dir;
    const std::string path = dir.write("clock", "2026-11-18T11:06:40Z\n");
    const bot::FileClock clock(path);
    CHECK(clock.now() == bot::from_millis(1'795'000'000'000));
    dir.write("clock", "1795000060000");
    CHECK(clock.now() == bot::from_millis(1'795'000'060'000));
    dir.write("clock", "half-writ");
    CHECK(clock.now() == bot::from_millis(1'795'000'060'000));
}

TEST_SUITE_END();
