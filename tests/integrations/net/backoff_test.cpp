#include "integrations/net/backoff.hpp"

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using onevoice::integrations::net::Backoff;

TEST_SUITE_BEGIN("net");

TEST_CASE("Backoff: doubles from base to cap, with equal jitter") {
    SUBCASE("no jitter drawn: the lower bound, half the ceiling") {
        Backoff backoff(1000ms, 30s, [] { return 0.0; });
        CHECK(backoff.next() == 500ms);
        CHECK(backoff.next() == 1000ms);
        CHECK(backoff.next() == 2000ms);
        CHECK(backoff.next() == 4000ms);
        CHECK(backoff.next() == 8000ms);
        CHECK(backoff.next() == 15000ms); // ceiling capped at 30 s
        CHECK(backoff.next() == 15000ms);
    }
    SUBCASE("full jitter drawn: just below the ceiling") {
        Backoff backoff(1000ms, 30s, [] { return 0.999999; });
        CHECK(backoff.next() == 999ms);
        CHECK(backoff.next() == 1999ms);
        for (int i = 0; i < 100; ++i) {
            CHECK(backoff.next() <= 30s);
        }
        CHECK(backoff.next() >= 29s);
    }
}

TEST_CASE("Backoff: reset starts over, random delays stay within bounds") {
    Backoff backoff(200ms, 5s);
    for (int round = 0; round < 3; ++round) {
        for (int n = 0; n < 40; ++n) {
            const auto ceiling =
                std::min<std::chrono::milliseconds>(5s, 200ms * (1LL << std::min(n, 20)));
            const auto delay = backoff.next();
            CAPTURE(n);
            CHECK(delay >= ceiling / 2);
            CHECK(delay <= ceiling);
        }
        CHECK(backoff.attempts() == 40);
        backoff.reset();
        CHECK(backoff.attempts() == 0);
    }
}

TEST_CASE("Backoff: a cap below base and a huge attempt count are safe") {
    Backoff small(10s, 1s, [] { return 0.5; });
    CHECK(small.next() == 7500ms); // cap raised to base: [5 s, 10 s]
    Backoff many(1ms, 1h, [] { return 1.0; });
    for (int i = 0; i < 1000; ++i) {
        many.next();
    }
    CHECK(many.next() == 1h);
}

TEST_SUITE_END();
