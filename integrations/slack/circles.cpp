#include "integrations/slack/circles.hpp"

#include "integrations/slack/web_api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace onevoice::integrations::slack {
namespace {

bool is_true(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

// The installing workspace, its organisation, or a listed workspace or organisation.
bool is_trusted_id(const BotIdentity& bot, const CirclePolicy& policy, std::string_view id) {
    if (id.empty()) {
        return false;
    }
    return id == bot.team_id || (!bot.enterprise_id.empty() && id == bot.enterprise_id) ||
           std::find(policy.trusted_teams.begin(), policy.trusted_teams.end(), id) !=
               policy.trusted_teams.end();
}

} // namespace

SlackUser parse_user(const nlohmann::json& user) {
    SlackUser out;
    if (!user.is_object()) {
        return out;
    }
    const auto profile = user.find("profile");
    if (profile != user.end()) {
        out.name = string_field(*profile, "display_name");
    }
    if (out.name.empty()) {
        out.name = string_field(user, "name");
    }
    out.time_zone = string_field(user, "tz");
    out.team_id = string_field(user, "team_id");
    const auto enterprise = user.find("enterprise_user");
    if (enterprise != user.end()) {
        out.enterprise_id = string_field(*enterprise, "enterprise_id");
    }
    out.is_guest = is_true(user, "is_restricted") || is_true(user, "is_ultra_restricted");
    return out;
}

bool is_outsider(const BotIdentity& bot, const CirclePolicy& policy, std::string_view payload_team,
                 const SlackUser* user) {
    if (user == nullptr) {
        return true;
    }
    const std::string_view team = payload_team.empty() ? user->team_id : payload_team;
    const bool is_organisation =
        is_trusted_id(bot, policy, team) ||
        (!user->enterprise_id.empty() && is_trusted_id(bot, policy, user->enterprise_id));
    if (!is_organisation) {
        return true;
    }
    return user->is_guest && !policy.guests_are_colleagues;
}

} // namespace onevoice::integrations::slack
