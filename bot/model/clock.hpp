#pragma once

#include <chrono>

namespace onevoice::bot {

// Instants are UTC milliseconds; local dates and times exist only at the edges
// (parsing and rendering), through TimeZone.
using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

// Injected time (LevelDB Env::NowMicros): everything that waits, schedules or
// stamps asks a Clock, so tests move a FakeClock instead of sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override {
        return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
    }
};

inline std::int64_t to_millis(TimePoint t) {
    return t.time_since_epoch().count();
}
inline TimePoint from_millis(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

} // namespace onevoice::bot
