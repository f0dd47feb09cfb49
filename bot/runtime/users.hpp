#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/model.hpp"
#include "bot/model/roles.hpp"

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace onevoice::storage {
class TeamStore;
}

namespace onevoice::bot {

// A person's id as the platform writes it, for text that must name them
// beyond doubt: "U024BE7LH" (Slack), "@alice:example.org" (Matrix), "@alice"
// (console).
std::string full_id(const UserRef& user);

// Who a typed user token names: one person, or the candidates when a name
// fits several (none: nobody of the organisation has that name).
struct UserLookup {
    std::optional<UserRef> user;
    std::vector<UserRef> candidates;
};

// Tells whether a platform id that was never seen belongs to an outsider
// (Matrix: a user of an untrusted server); unset: nobody is, by id alone.
using OutsiderCheck = std::function<bool(const UserRef& user)>;

// Turns users named in commands into UserRefs and remembers everyone of the
// organisation seen, so `@name` can be resolved on platforms whose ids are
// opaque. Identity is exact (DESIGN.md, the trust model): a name resolves only
// among people of the trusted circles, never to an outsider.
class UserDirectory {
public:
    UserDirectory(storage::TeamStore& team, const Clock& clock);

    void set_outsider_check(OutsiderCheck check);

    // Records the user (their current display name, and whether the platform
    // says they are an outsider: then no name resolves to them, and naming
    // their id gives them nothing).
    void remember(const UserRef& user);
    // Resolves a user token on `platform`: platform ids exactly, `@name` among
    // the people of the organisation (team members first). On the console a
    // name is the id.
    UserLookup lookup(std::string_view token, std::string_view platform);
    // The same, nullopt unless exactly one person matches.
    std::optional<UserRef> resolve(std::string_view token, std::string_view platform);
    std::optional<UserRef> find(std::string_view user_key);
    std::vector<Role> roles_of(const UserRef& user);
    // The requester's circle: an outsider whatever their roles, a team member
    // when on the roster, else a colleague.
    Circle circle_of(const UserRef& user, const std::vector<Role>& roles) const;
    // Whether anybody is the team's manager (config `admins` or the roster).
    bool has_manager();

private:
    storage::TeamStore& m_team;
    const Clock& m_clock;
    OutsiderCheck m_is_outsider;
};

} // namespace onevoice::bot
