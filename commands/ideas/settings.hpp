#pragma once

#include "bot/model/model.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/config_value.hpp"

#include <span>
#include <string>

namespace onevoice::commands {

// Config [ideas]: when and where the weekly pipeline nudge goes.
struct NudgeSettings {
    // min_pipeline: approved-but-unscheduled ideas wanted (0..1000); 0 turns the nudge off.
    int min_pipeline = 5;
    // nudge_day ("monday".."sunday") and nudge_time ("HH:MM"), in the team's time zone.
    int weekday = 0; // 0 = Monday ... 6 = Sunday
    bot::LocalTime time{9, 0};
    // Set by the app, not the file: the team's conversation, or `channel` where one is set.
    bot::Place place;
    // channel: the conversation for the nudge (and for spike alerts); empty: the team's
    // (slack.team_channel, matrix.team_room or the console).
    std::string channel;
};

// The [ideas] keys of the config file, each filling its field of NudgeSettings.
std::span<const bot::ConfigKey<NudgeSettings>> ideas_config_keys();

} // namespace onevoice::commands
