#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/config_value.hpp"

#include <array>
#include <functional>
#include <map>
#include <span>
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

    // No hours at all (an end not after the start, as 00:00-00:00): the clock runs around the
    // clock, every day.
    bool is_none() const { return end <= start; }
};

// Config [handover] (README.md): first-response targets and reminders.
struct HandoverSettings {
    // first_response_hours (1..720).
    bot::Duration default_target = std::chrono::hours(4);
    // topic_hours, a table of topic = hours ({ legal = 24 }): per topic, overriding the default.
    std::map<std::string, bot::Duration, std::less<>> topic_targets;
    // business_hours ("09:00-17:00"; "" for none) and business_days (default monday..friday).
    // None by default (00:00-00:00). The two are separate keys of the file, read in any order, so
    // the days are kept here also while there are no hours (and then do not count).
    BusinessHours business_hours{{0, 0}, {0, 0}};
    // replied_reminder_hours (1..168): how often the requester is reminded of an answered, not
    // yet replied handover.
    bot::Duration replied_reminder = std::chrono::hours(2);

    bot::Duration target_for(std::string_view topic) const;
};

// The [handover] keys of the config file, each filling its field of HandoverSettings.
std::span<const bot::ConfigKey<HandoverSettings>> handover_config_keys();

} // namespace onevoice::commands
