#pragma once

#include "bot/runtime/availability.hpp"
#include "bot/runtime/users.hpp"
#include "storage/handover_store.hpp"
#include "storage/team_store.hpp"

#include <optional>
#include <set>
#include <string>

namespace onevoice::commands {

// Who gets a handover (issue #6, Routing). Reads only; the caller assigns.
class HandoverRouting {
public:
    HandoverRouting(storage::HandoverStore& handovers, storage::TeamStore& team,
                    bot::Availability& availability, bot::UserDirectory& users);

    // A named person: themselves when present, else their cover (following
    // chains) if that cover is still on the team, else a present manager;
    // nullopt when nobody is there.
    std::optional<bot::Availability::Assignee> for_person(const bot::UserRef& user,
                                                          bot::LocalDate date);

    // A topic: the present expert with the fewest open handovers (ties: the one
    // assigned longest ago, never assigned first); else an absent expert's
    // cover who is on the team; else a present manager or deputy. People in
    // `excluded` (decliners, the current assignee) are skipped at every step;
    // nullopt when nobody is left.
    std::optional<bot::Availability::Assignee>
    for_topic(const std::string& topic, bot::LocalDate date,
              const std::set<std::string>& excluded = {});

    // A present manager, else deputy, not in `excluded`.
    std::optional<bot::UserRef> manager(bot::LocalDate date, const std::set<std::string>& excluded);

private:
    std::optional<bot::UserRef> least_busy(const std::vector<bot::UserRef>& candidates);

    storage::HandoverStore& m_handovers;
    storage::TeamStore& m_team;
    bot::Availability& m_availability;
    bot::UserDirectory& m_users;
};

} // namespace onevoice::commands
