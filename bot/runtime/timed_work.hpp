#pragma once

#include "bot/model/clock.hpp"

#include <functional>
#include <optional>

namespace onevoice::bot {

// Work the runtime's one timer drives besides jobs and the outbox (the source
// poller): the runtime asks next_due() whenever it re-arms and calls
// run_due(now) when that time has come. Work that ends asynchronously calls
// the `on_change` it was given, so the runtime delivers what it queued and
// re-arms. Runs on the runtime's thread; run_due must not throw.
class TimedWork {
public:
    virtual ~TimedWork() = default;
    // nullopt: nothing to do until on_change is called.
    virtual std::optional<TimePoint> next_due() = 0;
    virtual void run_due(TimePoint now) = 0;
    virtual void set_on_change(std::function<void()> on_change) = 0;
};

} // namespace onevoice::bot
