#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/time_zone.hpp"
#include "commands/handover/settings.hpp"

#include <optional>
#include <string_view>

namespace onevoice::commands {

// `from` plus `work` of counted time: all time without business hours, else only
// the time inside them (DST-aware, by the local wall clock).
bot::TimePoint add_working_time(bot::TimePoint from, bot::Duration work, const bot::TimeZone& zone,
                                const std::optional<BusinessHours>& hours);

// When a handover created at `created` on `topic` is due, and when half of the
// time is gone (the reminder).
struct Deadline {
    bot::TimePoint half;
    bot::TimePoint due;
};
Deadline deadline_for(bot::TimePoint created, std::string_view topic,
                      const HandoverSettings& settings, const bot::TimeZone& zone);

} // namespace onevoice::commands
