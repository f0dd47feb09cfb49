#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/time_zone.hpp"

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::commands {

// Working hours in the team's time zone: the first-response clock only runs
// inside them, so a question on Friday evening is due on Monday morning.
struct BusinessHours {
    bot::LocalTime start{9, 0};
    bot::LocalTime end{17, 0};
    // Index 0 = Monday ... 6 = Sunday (LocalDate::weekday()).
    std::array<bool, 7> days{true, true, true, true, true, false, false};
};

// Config [handover] (README.md): first-response targets and reminders.
struct HandoverSettings {
    bot::Duration default_target = std::chrono::hours(4);
    // Per topic, overriding the default.
    std::map<std::string, bot::Duration, std::less<>> topic_targets;
    // Unset: the clock runs around the clock, every day.
    std::optional<BusinessHours> business_hours;
    // How often the requester is reminded of an answered, not yet replied handover.
    bot::Duration replied_reminder = std::chrono::hours(2);

    bot::Duration target_for(std::string_view topic) const;
};

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
