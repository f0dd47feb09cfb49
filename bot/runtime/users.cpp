#include "bot/runtime/users.hpp"

#include "bot/text/arguments.hpp"
#include "storage/team_store.hpp"

namespace onevoice::bot {
namespace {

UserRef to_ref(const storage::UserRow& row) {
    UserRef user{row.platform, row.platform_id, row.display_name, row.time_zone};
    user.is_outsider = row.is_outsider;
    return user;
}

} // namespace

std::string full_id(const UserRef& user) {
    return user.platform == "console" ? "@" + user.id : user.id;
}

UserDirectory::UserDirectory(storage::TeamStore& team, const Clock& clock)
    : m_team(team)
    , m_clock(clock) {}

void UserDirectory::set_outsider_check(OutsiderCheck check) {
    m_is_outsider = std::move(check);
}

void UserDirectory::remember(const UserRef& user) {
    m_team.upsert_user(storage::UserRow{user.key(), user.platform, user.id, user.display_name,
                                        user.time_zone, user.is_outsider},
                       to_millis(m_clock.now()));
}

UserLookup UserDirectory::lookup(std::string_view token, std::string_view platform) {
    const auto parsed = parse_user_token(token, platform);
    if (!parsed) {
        return {};
    }
    const std::string p(platform);
    if (parsed->is_platform_id || platform == "console") {
        if (auto known = find(p + ":" + parsed->value)) {
            return {std::move(known), {}};
        }
        UserRef user{p, parsed->value, platform == "console" ? parsed->value : "", ""};
        user.is_outsider = m_is_outsider && m_is_outsider(user);
        remember(user);
        return {std::move(user), {}};
    }
    const auto matches = m_team.find_users_by_name(platform, parsed->value);
    UserLookup result;
    for (const storage::UserRow& row : matches) {
        result.candidates.push_back(to_ref(row));
    }
    // Team members come first: one of them with the name wins over namesakes
    // who are only colleagues; two of them are ambiguous.
    const auto is_member = [this](const UserRef& user) {
        return !m_team.roles_of(user.key()).empty();
    };
    const bool member_first = !result.candidates.empty() && is_member(result.candidates.front());
    const bool member_second = result.candidates.size() > 1 && is_member(result.candidates[1]);
    if (result.candidates.size() == 1 || (member_first && !member_second)) {
        result.user = result.candidates.front();
        result.candidates.clear();
    }
    return result;
}

std::optional<UserRef> UserDirectory::resolve(std::string_view token, std::string_view platform) {
    return lookup(token, platform).user;
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

Circle UserDirectory::circle_of(const UserRef& user, const std::vector<Role>& roles) const {
    if (user.is_outsider) {
        return Circle::outsider;
    }
    return roles.empty() ? Circle::colleague : Circle::member;
}

bool UserDirectory::has_manager() {
    return m_team.has_role_holder(role_name(Role::manager));
}

} // namespace onevoice::bot
