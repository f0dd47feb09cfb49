#include "bot/model/roles.hpp"

#include "bot/text/tokenizer.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace onevoice::bot {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> k_roles = {{
    {Role::manager, "manager"},
    {Role::deputy, "deputy"},
    {Role::community, "community"},
    {Role::expert, "expert"},
    {Role::helper, "helper"},
}};

} // namespace

std::optional<Role> parse_role(std::string_view name) {
    const std::string lower = ascii_lower(name);
    for (const auto& [role, text] : k_roles) {
        if (lower == text) {
            return role;
        }
    }
    return std::nullopt;
}

std::string_view role_name(Role role) {
    for (const auto& [candidate, text] : k_roles) {
        if (candidate == role) {
            return text;
        }
    }
    return "helper";
}

std::string_view role_label_key(Role role) {
    switch (role) {
    case Role::manager:
        return "role.manager";
    case Role::deputy:
        return "role.deputy";
    case Role::community:
        return "role.community";
    case Role::expert:
        return "role.expert";
    case Role::helper:
        break;
    }
    return "role.helper";
}

bool is_lead(Role role) {
    return role == Role::manager || role == Role::deputy || role == Role::community;
}

bool has_lead_role(const std::vector<Role>& roles) {
    return std::any_of(roles.begin(), roles.end(), is_lead);
}

bool has_role(const std::vector<Role>& roles, Role role) {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

} // namespace onevoice::bot
