#pragma once

#include "bot/clock.hpp"
#include "bot/model.hpp"
#include "bot/roles.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace onevoice::storage {
class TeamStore;
}

namespace onevoice::bot {

// Turns users named in commands into UserRefs and remembers everyone seen, so
// `@name` can be resolved on platforms whose ids are opaque.
class UserDirectory {
public:
    UserDirectory(storage::TeamStore& team, const Clock& clock);

    // Records the user (and their current display name).
    void remember(const UserRef& user);
    // Resolves a user token on `platform`: platform ids directly, `@name` by
    // display name. On the console a name is the id. nullopt when nobody (or
    // more than one person) matches.
    std::optional<UserRef> resolve(std::string_view token, std::string_view platform);
    std::optional<UserRef> find(std::string_view user_key);
    std::vector<Role> roles_of(const UserRef& user);

private:
    storage::TeamStore& m_team;
    const Clock& m_clock;
};

} // namespace onevoice::bot
