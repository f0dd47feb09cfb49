#include "bot/text/duration.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace onevoice::bot;
using namespace std::chrono_literals;

TEST_SUITE_BEGIN("bot");

TEST_CASE("duration_text: the two largest units, a zero second unit left out") {
    CHECK(duration_text(0ms) == "0 min");
    CHECK(duration_text(59s) == "0 min");
    CHECK(duration_text(45min + 30s) == "45 min");
    CHECK(duration_text(60min) == "1 h");
    CHECK(duration_text(3h + 20min) == "3 h 20 min");
    CHECK(duration_text(23h + 59min) == "23 h 59 min");
    CHECK(duration_text(24h) == "1 d");
    CHECK(duration_text(2 * 24h + 5h + 30min) == "2 d 5 h");
}

TEST_CASE("duration_text: seconds under a minute when asked, never negative") {
    CHECK(duration_text(42s, DurationUnit::second) == "42 s");
    CHECK(duration_text(90s, DurationUnit::second) == "1 min");
    CHECK(duration_text(-5min) == "0 min");
    CHECK(duration_text(-5s, DurationUnit::second) == "0 s");
}

TEST_SUITE_END();
