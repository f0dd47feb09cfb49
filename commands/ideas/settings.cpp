#include "commands/ideas/settings.hpp"

#include "bot/model/dates.hpp"

#include <array>
#include <string_view>

namespace onevoice::commands {
namespace {

using bot::ConfigKey;
using bot::ConfigValue;

// local@domain with nothing a mailto: URI or an iCalendar line would have to escape.
bool is_plain_address(std::string_view address) {
    const std::size_t at = address.find('@');
    if (at == 0 || at == std::string_view::npos || at + 1 >= address.size() ||
        address.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    for (const char c : address) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F ||
            std::string_view("\"\\,;:<>()[]%?#/").find(c) != std::string_view::npos) {
            return false;
        }
    }
    return true;
}

constexpr std::array<ConfigKey<NudgeSettings>, 5> k_keys{{
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
    {"ideas.calendar_organizer",
     [](const ConfigValue& value, NudgeSettings& settings) {
         const std::string& address = value.string();
         if (!is_plain_address(address)) {
             value.fail("must be an e-mail address like \"social@example.org\", not \"" + address +
                        "\"");
         }
         settings.calendar_organizer = address;
     }},
}};

} // namespace

std::span<const bot::ConfigKey<NudgeSettings>> ideas_config_keys() {
    return k_keys;
}

} // namespace onevoice::commands
