#pragma once

#include "integrations/slack/payloads.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace onevoice::integrations::slack {

// What users.info says about a person (https://api.slack.com/types/user): how to show
// them, and what decides their circle (DESIGN.md, "Who may do what: the trust model").
struct SlackUser {
    std::string name;      // profile.display_name, else name (the handle)
    std::string time_zone; // tz, the IANA zone of the user's profile
    // team_id: the user's home workspace. Slack leaves it out for some Enterprise Grid
    // users, whose organisation is enterprise_user.enterprise_id.
    std::string team_id;
    std::string enterprise_id;
    // is_restricted (multi-channel guest) or is_ultra_restricted (single-channel guest).
    bool is_guest = false;
};

// The `user` object of a users.info answer; missing fields read as empty or false.
SlackUser parse_user(const nlohmann::json& user);

// Who besides the installing workspace counts as the organisation: config
// [slack] trusted_teams (workspace "T…" or organisation "E…" ids) and [slack] guests.
struct CirclePolicy {
    std::vector<std::string> trusted_teams;
    bool guests_are_colleagues = false;
};

// Whether the author of a payload is an outsider. `payload_team` is the author's workspace
// as the payload names it (SlashCommand::team_id, Event::author_team(), BlockActions::team_id;
// "" when the payload has none); `user` is users.info's answer, nullptr when none could be had.
//
// - No users.info answer: outsider. Only users.info tells a guest from a member, so without
//   it nobody can be let in safely (fail closed); the adapter keeps the last good answer for
//   exactly that reason, so this happens only for a first contact while Slack fails.
// - The team: the payload's; when a payload has none (shapes older than Slack Connect), the
//   users.info team_id, which is the user's home workspace. Trusted: the installing workspace,
//   its organisation's id, or a listed id. Neither source naming a team is an outsider: a
//   workspace that cannot be named cannot be checked.
// - Enterprise Grid: a user whose users.info organisation is the installing one (or a listed
//   id) is trusted whatever workspace of it they wrote from.
// - Guests are outsiders unless the policy makes them colleagues.
bool is_outsider(const BotIdentity& bot, const CirclePolicy& policy, std::string_view payload_team,
                 const SlackUser* user);

} // namespace onevoice::integrations::slack
