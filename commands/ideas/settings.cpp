#include "commands/ideas/settings.hpp"

#include "bot/model/dates.hpp"

#include <array>

namespace onevoice::commands {
namespace {

using bot::ConfigKey;
using bot::ConfigValue;

constexpr std::array<ConfigKey<NudgeSettings>, 4> k_keys{{
    {"ideas.min_pipeline",
     [](const ConfigValue& value, NudgeSettings& settings) {
         settings.min_pipeline = value.integer_in(0, 1000);
     }},
    {"ideas.nudge_day",
     [](const ConfigValue& value, NudgeSettings& settings) {
         settings.weekday = value.pick(bot::k_weekdays);
     }},
    {"ideas.nudge_time",
     [](const ConfigValue& value, NudgeSettings& settings) {
         const auto time = bot::parse_time(value.string());
         if (!time) {
             value.fail("must be a time like \"09:00\", not \"" + value.string() + "\"");
         }
         settings.time = *time;
     }},
    {"ideas.channel",
     [](const ConfigValue& value, NudgeSettings& settings) {
         settings.channel = value.string();
     }},
}};

} // namespace

std::span<const bot::ConfigKey<NudgeSettings>> ideas_config_keys() {
    return k_keys;
}

} // namespace onevoice::commands
