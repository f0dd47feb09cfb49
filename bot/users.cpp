#include "bot/users.hpp"

#include "bot/arguments.hpp"
#include "storage/team_store.hpp"

namespace onevoice::bot {
namespace {

UserRef to_ref(const storage::UserRow& row) {
    return UserRef{row.platform, row.platform_id, row.display_name, row.time_zone};
}

} // namespace

UserDirectory::UserDirectory(storage::TeamStore& team, const Clock& clock)
    : m_team(team)
    , m_clock(clock) {}

void UserDirectory::remember(const UserRef& user) {
    m_team.upsert_user(
        storage::UserRow{user.key(), user.platform, user.id, user.display_name, user.time_zone},
        to_millis(m_clock.now()));
}

std::optional<UserRef> UserDirectory::resolve(std::string_view token, std::string_view platform) {
    const auto parsed = parse_user_token(token, platform);
    if (!parsed) {
        return std::nullopt;
    }
    const std::string p(platform);
    if (parsed->is_platform_id || platform == "console") {
        if (auto known = find(p + ":" + parsed->value)) {
            return known;
        }
        UserRef user{p, parsed->value, platform == "console" ? parsed->value : "", ""};
        remember(user);
        return user;
    }
    const auto matches = m_team.find_users_by_name(platform, parsed->value);
    if (matches.size() != 1) {
        return std::nullopt;
    }
    return to_ref(matches.front());
}

std::optional<UserRef> UserDirectory::find(std::string_view user_key) {
    if (auto row = m_team.find_user(user_key)) {
        return to_ref(*row);
    }
    return std::nullopt;
}

std::vector<Role> UserDirectory::roles_of(const UserRef& user) {
    std::vector<Role> roles;
    for (const std::string& name : m_team.roles_of(user.key())) {
        if (auto role = parse_role(name)) {
            roles.push_back(*role);
        }
    }
    return roles;
}

} // namespace onevoice::bot
