#pragma once

#include "bot/model/clock.hpp"
#include "bot/runtime/config_value.hpp"

#include <array>
#include <chrono>
#include <span>
#include <string>
#include <vector>

namespace onevoice::commands {

// One step of a configured crisis playbook; `owner_role` is a role name or empty.
struct CrisisPlaybookStep {
    std::string text;
    std::string owner_role;
    bool operator==(const CrisisPlaybookStep&) const = default;
};

// Config [crisis] as the crisis module wants it.
struct CrisisSettings {
    // channel: the conversation of crisis notices on the team's platform; empty: the
    // conversation where the crisis was declared.
    std::string conversation;
    // sev1_reminder_minutes..sev3_reminder_minutes (5..10080): how long a crisis may go without
    // an update before its lead is reminded, by severity (COMMANDS.md: 30 min, 2 h, daily).
    std::array<bot::Duration, 3> reminder_every{std::chrono::minutes(30), std::chrono::hours(2),
                                                std::chrono::hours(24)};

    // [crisis.playbooks] sev1, sev2, sev3 and default (for a severity without its own): ordered
    // steps, each "text" or { step = "text", owner = "<role>" }; all empty: the built-in one.
    std::array<std::vector<CrisisPlaybookStep>, 4> playbooks;
    // team: more crisis-team members, written as admins are ("@someone", "<@U024BE7LH>").
    std::vector<std::string> team;
    // confirm, the two-person rule: a declaration or all-clear waits for a second member to
    // confirm it.
    bool needs_confirmation = false;
    // four_eyes: whoever proposed a statement never approves it alone.
    bool four_eyes = false;
    // open_channel: a conversation of its own per real crisis (not a drill), with the crisis team
    // in it, where the platform can open one (Slack: a private channel; Matrix: a private room).
    bool opens_conversation = false;

    // The rhythm for severity 1..3 (clamped).
    bot::Duration reminder_for(int severity) const;
    // The configured steps for severity 1..3, else the default ones; empty: use the built-in.
    const std::vector<CrisisPlaybookStep>& playbook_for(int severity) const;
};

// The [crisis] and [crisis.playbooks] keys of the config file, each filling its field of
// CrisisSettings.
std::span<const bot::ConfigKey<CrisisSettings>> crisis_config_keys();

} // namespace onevoice::commands
