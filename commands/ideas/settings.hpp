#pragma once

#include "bot/model/model.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/config_value.hpp"

#include <span>
#include <string>
#include <string_view>

namespace onevoice::commands {

// The calendar organizer when none is configured: `.invalid` is reserved (RFC 2606), so no mail
// to it reaches anyone by mistake.
inline constexpr std::string_view k_no_reply_organizer = "noreply@onevoice.invalid";

// Config [ideas]: when and where the weekly pipeline nudge goes, and who the exported calendar's
// organizer is.
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
    // calendar_organizer: the e-mail address in the ORGANIZER of `idea export ics`, which
    // RFC 5546 requires with METHOD:PUBLISH. The default is an address no mail reaches.
    std::string calendar_organizer{k_no_reply_organizer};
};

// The [ideas] keys of the config file, each filling its field of NudgeSettings.
std::span<const bot::ConfigKey<NudgeSettings>> ideas_config_keys();

} // namespace onevoice::commands
