#pragma once

#include "tests/security/full_bot.hpp"

#include <array>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace onevoice::tests {

// Who runs the rows: boss (manager), dina (deputy), dana (community manager),
// erik (expert for billing), bob (helper), lena (a helper who leads crisis #1
// in the crisis rows), tina (a helper on the configured crisis team), cole (a
// colleague not on the roster) and mallory (an outsider: another workspace).
inline const std::array<std::string, 9> k_actors = {"boss", "dina", "dana", "erik",   "bob",
                                                    "lena", "tina", "cole", "mallory"};
inline const std::string k_outsider = "mallory";

// One privileged command line and who may run it (COMMANDS.md; where the
// contract is silent, the rule the code documents is named in the comment).
struct PermissionRow {
    PermissionRow(std::string command_line, std::vector<std::string> allowed_actors,
                  std::string refusal_key = "router.lead_only", std::string refusal_argument = "",
                  std::function<void(FullBot&)> setup_steps = {})
        : line(std::move(command_line))
        , allowed(std::move(allowed_actors))
        , refusal(std::move(refusal_key))
        , refusal_arg(std::move(refusal_argument))
        , setup(std::move(setup_steps)) {}

    std::string line;
    std::vector<std::string> allowed;
    // The catalog key (and its one argument) of the handler's refusal. A
    // non-lead refused by the router for a lead-only subcommand gets
    // router.lead_only instead, worked out from the registry.
    std::string refusal;
    std::string refusal_arg;
    std::function<void(FullBot&)> setup;             // runs as boss before the row
    bool changes_state = true;                       // an allowed run must change the database
    bool needs_confirmation = false;                 // the crisis two-person rule is on
    std::map<std::string, std::string> refused_with; // actor -> another refusal key
};

namespace permission_setup {

inline void crisis(FullBot& bot) {
    bot.run("crisis declare sev2 Outrage about the ad");
    bot.run("crisis lead 1 @lena");
}
inline void crisis_with_statement(FullBot& bot) {
    crisis(bot);
    bot.run("crisis statement 1 We are on it.");
}
inline void crisis_with_plan(FullBot& bot) {
    bot.run("idea add Autumn teaser", "zoe");
    bot.run("idea status 1 approved");
    bot.run("idea schedule 1 tomorrow 10:00 facebook");
    crisis(bot);
}
inline void handover(FullBot& bot) {
    bot.run("handover billing Where is my invoice?", "zoe");
}
// A spike in mentions of acme from one site (as tests/commands/listening/listen_spikes_test.cpp).
inline void spike(FullBot& bot) {
    constexpr std::int64_t hour = 3'600'000;
    constexpr std::int64_t minute = 60'000;
    const std::int64_t now = bot::to_millis(bot.clock.now());
    const auto acme = bot.seed.query("acme");
    for (int ago = 1; ago <= 168; ++ago) {
        bot.seed.many(acme, now - ago * hour - 50 * minute, 40 * minute, 2);
    }
    for (int i = 0; i < 30; ++i) {
        ListenSeed::Spec spec;
        spec.domain = "spam.example";
        spec.title = "Acme " + std::to_string(i);
        spec.text = spec.title;
        bot.seed.mention(acme, now - 55 * minute + i * minute, spec);
    }
    bot.spikes.check(bot.clock.now());
}

} // namespace permission_setup

// The subcommands COMMANDS.md opens to every colleague (or that only read), so
// that a new subcommand must be classified here or in the table. Outsiders get
// `help` only; customer data has rows of its own (team members only).
inline const std::vector<std::string> k_open_to_everyone = {
    "help",
    "team",
    "team list",
    "team back",
    "experts",
    "idea add",
    "idea list",
    "idea show",
    "idea vote",
    "idea assign",
    "idea schedule",
    "idea plan",
    "handover create",
    "crisis",
    "crisis declare",
    "crisis list",
    "crisis check",
    "crisis update",
    "crisis statement",
    "crisis drill",
    "crisis template list",
    "listen",
    "listen list",
    "listen sources",
    "listen poll",
    "listen mute",
    "listen sensitivity",
    "listen alert declare",
    "listen alert irrelevant",
    "digest",
};

// A row whose allowed runs only read.
inline PermissionRow reading(PermissionRow row) {
    row.changes_state = false;
    return row;
}

// The two-person rule: a second member of the crisis team confirms a
// declaration, never the person who asked (lena).
inline PermissionRow confirm_row() {
    PermissionRow row(
        "crisis confirm 1", {"boss", "dina", "dana", "tina"}, "crisis.confirm_not_team", "1",
        [](FullBot& bot) { bot.run("crisis declare sev2 Outrage about the ad", "lena"); });
    row.needs_confirmation = true;
    row.refused_with = {{"lena", "crisis.confirm_self"}};
    return row;
}

inline std::vector<PermissionRow> permission_rows() {
    namespace setup = permission_setup;
    const std::vector<std::string> lead = {"boss", "dina", "dana"};
    const std::vector<std::string> steer = {"boss", "dina", "dana", "lena"};
    // Everyone of the organisation on the roster: customer data is for them.
    const std::vector<std::string> members = {"boss", "dina", "dana", "erik",
                                              "bob",  "lena", "tina"};
    std::vector<std::string> everyone = members;
    everyone.push_back("cole");
    const auto add_zoe_away = [](FullBot& bot) {
        bot.run("team away @zoe today 2026-11-22");
    };
    return {
        // team
        {"team add @zed helper", lead},
        {"team add @zed manager", {"boss"}, "team.manager_only"},
        {"team remove @zoe", lead},
        {"team remove @mona",
         {"boss"},
         "team.manager_only",
         "",
         [](FullBot& bot) {
             bot.run("team add @mona manager");
         }},
        {"team away @zoe 2026-11-20 2026-11-22", lead, "team.others_lead_only"},
        {"team away 2026-12-07 2026-12-09", everyone},
        {"team back @zoe", lead, "team.others_lead_only", "", add_zoe_away},
        {"experts add @zoe billing", lead},
        {"experts remove @erik billing", lead},
        // idea: approving and rejecting are for lead roles
        {"idea status 1 approved", lead, "idea.lead_decides", "",
         [](FullBot& bot) {
             bot.run("idea add Behind the scenes", "zoe");
         }},
        {"idea status 1 rejected", lead, "idea.lead_decides", "",
         [](FullBot& bot) {
             bot.run("idea add Behind the scenes", "zoe");
         }},
        {"idea status 1 drafting", everyone, "idea.lead_decides", "",
         [](FullBot& bot) {
             bot.run("idea add Behind the scenes", "zoe");
             bot.run("idea status 1 approved");
         }},
        // crisis: approving is for the manager, a deputy or the crisis lead;
        // steering (lead, severity, pause, resume, resolve) for lead roles or
        // the crisis lead (crisis_commands.cpp); templates are policy: lead roles.
        // lena leads crisis #1 but holds no lead role: she steers, she does not approve.
        {"crisis approve 1",
         {"boss", "dina"},
         "crisis.not_approver",
         "1",
         setup::crisis_with_statement},
        {"crisis lead 1 @bob", steer, "crisis.not_steering", "1", setup::crisis},
        {"crisis severity 1 sev1", steer, "crisis.not_steering", "1", setup::crisis},
        {"crisis pause 1", steer, "crisis.not_steering", "1", setup::crisis_with_plan},
        {"crisis resume 1", steer, "crisis.not_steering", "1",
         [](FullBot& bot) {
             setup::crisis_with_plan(bot);
             bot.run("crisis pause 1");
         }},
        {"crisis resolve 1 Calm again", steer, "crisis.not_steering", "1", setup::crisis},
        {"crisis template add apology We are sorry.", lead, "crisis.template_lead_only"},
        {"crisis template remove apology", lead, "crisis.template_lead_only", "",
         [](FullBot& bot) {
             bot.run("crisis template add apology We are sorry.");
         }},
        // The two-person rule: a second member of the crisis team confirms.
        confirm_row(),
        // Customer data and reports: team members only (DESIGN.md, the trust model).
        reading(PermissionRow("crisis show 1", members, "router.members_only", "", setup::crisis)),
        reading(
            PermissionRow("crisis report 1", members, "router.members_only", "", setup::crisis)),
        reading(PermissionRow("handover list all", members, "router.members_only", "",
                              setup::handover)),
        reading(
            PermissionRow("handover show 1", members, "router.members_only", "", setup::handover)),
        reading(
            PermissionRow("handover stats", members, "router.members_only", "", setup::handover)),
        reading(PermissionRow("idea export csv", members, "router.members_only")),
        // listen and digest: queries, sources and the daily digest are lead roles.
        {"listen add brand acme", lead},
        {"listen remove brand", lead, "router.lead_only", "",
         [](FullBot& bot) {
             bot.run("listen add brand acme");
         }},
        {"listen source add rss https://example.org/feed.xml", lead},
        {"listen source remove 1", lead, "router.lead_only", "",
         [](FullBot& bot) {
             bot.run("listen source add rss https://example.org/feed.xml");
         }},
        {"listen alert 1 exclude site:spam.example", lead, "spike.lead_only", "", setup::spike},
        {"digest schedule 09:00", lead},
        {"digest off", lead, "router.lead_only", "",
         [](FullBot& bot) {
             bot.run("digest schedule 09:00");
         }},
        // handover: accept and decline are for the assignee (erik); changing a
        // handover for its assignee, its requester (zoe) or lead roles.
        {"handover accept 1", {"erik"}, "handover.accept_not_yours", "1", setup::handover},
        {"handover decline 1 On leave",
         {"erik"},
         "handover.decline_not_yours",
         "1",
         setup::handover},
        {"handover answer 1 It is in the mail.",
         {"boss", "dina", "dana", "erik"},
         "handover.not_yours",
         "1",
         setup::handover},
        {"handover reassign 1 @carl",
         {"boss", "dina", "dana", "erik"},
         "handover.not_yours",
         "1",
         setup::handover},
        {"handover close 1",
         {"boss", "dina", "dana", "erik"},
         "handover.not_yours",
         "1",
         setup::handover},
        {"handover replied 1",
         {"boss", "dina", "dana", "erik"},
         "handover.not_yours",
         "1",
         [](FullBot& bot) {
             setup::handover(bot);
             bot.run("handover answer 1 It is in the mail.", "erik");
         }},
    };
}

} // namespace onevoice::tests
