#pragma once

#include "bot/model/model.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/users.hpp"
#include "storage/team_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace onevoice::bot {

// Who is here, and who does the work of whoever is not (COMMANDS.md, team).
class Availability {
public:
    // How a responsible person was found.
    enum class Via { self, cover, manager };
    struct Assignee {
        UserRef user;
        Via via = Via::self;
        std::optional<UserRef> instead_of; // the absent person, when via cover or manager
    };

    Availability(storage::TeamStore& team, UserDirectory& users);

    // The absence covering `date`, if the user is away then.
    std::optional<storage::AbsenceRow> absence_on(const std::string& user_key, LocalDate date);
    bool is_away(const std::string& user_key, LocalDate date);

    // Who handles `user`'s work on `date`: the user when present; else their
    // cover (following covers who are away themselves) while the cover is on the
    // team; else a present manager.
    std::optional<Assignee> stand_in(const UserRef& user, LocalDate date);
    // A manager who is present, else a present deputy; nullopt when neither is.
    std::optional<UserRef> manager_on(LocalDate date);
    // The experts for `topic` who are present on `date`, in the order they were added.
    std::vector<UserRef> present_experts(const std::string& topic, LocalDate date);
    // Who handles topic X right now: a present expert, else an absent expert's
    // cover, else a manager; nullopt when nobody is there at all.
    std::optional<Assignee> for_topic(const std::string& topic, LocalDate date);

private:
    storage::TeamStore& m_team;
    UserDirectory& m_users;
};

} // namespace onevoice::bot
