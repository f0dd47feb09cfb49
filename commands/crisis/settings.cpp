#include "commands/crisis/settings.hpp"

#include "bot/model/roles.hpp"

#include <algorithm>

namespace onevoice::commands {
namespace {

using bot::ConfigKey;
using bot::ConfigValue;

constexpr std::size_t k_max_steps = 30;
constexpr std::size_t k_max_step_text = 200;

// One entry of a playbook: "text" or { step = "text", owner = "role" }.
CrisisPlaybookStep step_of(const ConfigValue& item) {
    constexpr std::string_view k_not_a_step =
        "must be a string or a table { step = \"...\", owner = \"...\" }";
    CrisisPlaybookStep step;
    if (item.is_string()) {
        step.text = item.string();
    } else if (item.is_table()) {
        for (const auto& [name, value] : item.entries(k_not_a_step)) {
            if (name == "step") {
                step.text = value.string();
            } else if (name == "owner") {
                step.owner_role = value.string();
                if (!bot::parse_role(step.owner_role)) {
                    value.fail("must be a role: manager, deputy, community, expert or helper, "
                               "not \"" +
                               step.owner_role + "\"");
                }
            } else {
                value.fail("unknown key; a step has only step and owner");
            }
        }
    } else {
        item.fail(k_not_a_step);
    }
    if (step.text.empty() || step.text.size() > k_max_step_text) {
        item.fail("needs a step text of 1 to 200 characters");
    }
    return step;
}

// [crisis.playbooks] sevN: an array of steps. Errors name the entry
// ("crisis.playbooks.sev1[2].owner") so a long list is easy to fix.
std::vector<CrisisPlaybookStep> playbook_of(const ConfigValue& value) {
    constexpr std::string_view k_not_steps =
        "must be a non-empty array of steps, like [\"Assess the facts\", "
        "{ step = \"Inform management\", owner = \"manager\" }]";
    const std::vector<ConfigValue> items = value.items(k_not_steps);
    if (items.empty()) {
        value.fail(k_not_steps);
    }
    std::vector<CrisisPlaybookStep> steps;
    for (const ConfigValue& item : items) {
        steps.push_back(step_of(item));
    }
    if (steps.size() > k_max_steps) {
        value.fail("has more than 30 steps");
    }
    return steps;
}

// Up to how long a crisis may go without an update: 5 minutes to a week.
bot::Duration reminder_of(const ConfigValue& value) {
    return std::chrono::minutes(value.integer_in(5, 10080));
}

constexpr std::array<ConfigKey<CrisisSettings>, 12> k_keys{{
    {"crisis.channel",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.conversation = value.string();
     }},
    {"crisis.sev1_reminder_minutes",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.reminder_every[0] = reminder_of(value);
     }},
    {"crisis.sev2_reminder_minutes",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.reminder_every[1] = reminder_of(value);
     }},
    {"crisis.sev3_reminder_minutes",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.reminder_every[2] = reminder_of(value);
     }},
    {"crisis.team",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.team = value.user_names();
     }},
    {"crisis.confirm",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.needs_confirmation = value.boolean();
     }},
    {"crisis.four_eyes",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.four_eyes = value.boolean();
     }},
    {"crisis.open_channel",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.opens_conversation = value.boolean();
     }},
    {"crisis.playbooks.sev1",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.playbooks[0] = playbook_of(value);
     }},
    {"crisis.playbooks.sev2",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.playbooks[1] = playbook_of(value);
     }},
    {"crisis.playbooks.sev3",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.playbooks[2] = playbook_of(value);
     }},
    {"crisis.playbooks.default",
     [](const ConfigValue& value, CrisisSettings& settings) {
         settings.playbooks[3] = playbook_of(value);
     }},
}};

} // namespace

bot::Duration CrisisSettings::reminder_for(int severity) const {
    return reminder_every[static_cast<std::size_t>(std::clamp(severity, 1, 3) - 1)];
}

const std::vector<CrisisPlaybookStep>& CrisisSettings::playbook_for(int severity) const {
    const auto& own = playbooks[static_cast<std::size_t>(std::clamp(severity, 1, 3) - 1)];
    return own.empty() ? playbooks[3] : own;
}

std::span<const bot::ConfigKey<CrisisSettings>> crisis_config_keys() {
    return k_keys;
}

} // namespace onevoice::commands
