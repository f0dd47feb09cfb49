#include "commands/handover/settings.hpp"

#include "bot/model/dates.hpp"
#include "bot/text/fold.hpp"

namespace onevoice::commands {
namespace {

using bot::ConfigKey;
using bot::ConfigValue;

constexpr int k_max_hours = 720;

// [handover] topic_hours: a table of topic = hours (1..720).
std::map<std::string, bot::Duration, std::less<>> topic_targets_of(const ConfigValue& value) {
    std::map<std::string, bot::Duration, std::less<>> targets;
    for (const auto& [topic, hours] :
         value.entries("must be a table of topic = hours, like { legal = 24 }")) {
        // Keyed as topics are stored and looked up (bot::fold), so `Lösungen = 8` or
        // `LEGAL = 24` apply to `handover lösungen …` and `handover legal …`.
        targets[bot::fold(topic)] = std::chrono::hours(hours.integer_in(1, k_max_hours));
    }
    return targets;
}

// [handover] business_hours: "HH:MM-HH:MM", start before end, or "" for none.
void set_business_hours(const ConfigValue& value, BusinessHours& hours) {
    const std::string& text = value.string();
    if (text.empty()) {
        hours.start = hours.end = bot::LocalTime{};
        return;
    }
    const auto dash = text.find('-');
    const auto start =
        dash == std::string::npos ? std::nullopt : bot::parse_time(text.substr(0, dash));
    const auto end =
        dash == std::string::npos ? std::nullopt : bot::parse_time(text.substr(dash + 1));
    if (!start || !end || !(*start < *end)) {
        value.fail("must be like \"09:00-17:00\" (start before end), not \"" + text + "\"");
    }
    hours.start = *start;
    hours.end = *end;
}

// [handover] business_days: at least one weekday.
std::array<bool, 7> business_days_of(const ConfigValue& value) {
    std::array<bool, 7> days{};
    const auto names = value.names("weekdays like \"monday\"");
    for (const std::string& day : names) {
        days[static_cast<std::size_t>(bot::pick(bot::k_weekdays, value.key(), day))] = true;
    }
    if (names.empty()) {
        value.fail("must name at least one day");
    }
    return days;
}

constexpr std::array<ConfigKey<HandoverSettings>, 5> k_keys{{
    {"handover.first_response_hours",
     [](const ConfigValue& value, HandoverSettings& settings) {
         settings.default_target = std::chrono::hours(value.integer_in(1, k_max_hours));
     }},
    {"handover.topic_hours",
     [](const ConfigValue& value, HandoverSettings& settings) {
         settings.topic_targets = topic_targets_of(value);
     }},
    {"handover.business_hours",
     [](const ConfigValue& value, HandoverSettings& settings) {
         set_business_hours(value, settings.business_hours);
     }},
    {"handover.business_days",
     [](const ConfigValue& value, HandoverSettings& settings) {
         settings.business_hours.days = business_days_of(value);
     }},
    {"handover.replied_reminder_hours",
     [](const ConfigValue& value, HandoverSettings& settings) {
         settings.replied_reminder = std::chrono::hours(value.integer_in(1, 168));
     }},
}};

} // namespace

bot::Duration HandoverSettings::target_for(std::string_view topic) const {
    const auto found = topic_targets.find(topic);
    return found == topic_targets.end() ? default_target : found->second;
}

std::span<const bot::ConfigKey<HandoverSettings>> handover_config_keys() {
    return k_keys;
}

} // namespace onevoice::commands
