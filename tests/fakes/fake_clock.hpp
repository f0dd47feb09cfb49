#pragma once

#include "bot/model/clock.hpp"

namespace onevoice::tests {

// A clock that moves only when told to (LevelDB EnvWrapper style).
class FakeClock final : public bot::Clock {
public:
    // Starts at 2026-11-18T11:06:40Z, a Wednesday.
    explicit FakeClock(bot::TimePoint start = bot::from_millis(1'795'000'000'000))
        : m_now(start) {}
    bot::TimePoint now() const override { return m_now; }
    void advance(bot::Duration by) { m_now += by; }
    void set(bot::TimePoint to) { m_now = to; }

private:
    bot::TimePoint m_now;
};

} // namespace onevoice::tests
