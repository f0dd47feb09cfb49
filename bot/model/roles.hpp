#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace onevoice::bot {

// The circles of DESIGN.md's trust model, checked before anything else.
enum class Circle {
    outsider,  // not of the organisation: `help` only
    colleague, // of the organisation, not on the roster: what helpers may do
    member,    // on the roster, with roles
};

// The roles of COMMANDS.md. Stored and typed by their English names.
enum class Role { manager, deputy, community, expert, helper };

std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);
// The catalog key of the role's localized display name ("role.manager").
std::string_view role_label_key(Role role);
// Manager, deputy and community manager: the "lead roles".
bool is_lead(Role role);
bool has_lead_role(const std::vector<Role>& roles);
bool has_role(const std::vector<Role>& roles, Role role);

} // namespace onevoice::bot
