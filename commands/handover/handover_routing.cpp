#include "commands/handover/handover_routing.hpp"

#include <limits>
#include <tuple>

namespace onevoice::commands {

HandoverRouting::HandoverRouting(storage::HandoverStore& handovers, storage::TeamStore& team,
                                 bot::Availability& availability, bot::UserDirectory& users)
    : m_handovers(handovers)
    , m_team(team)
    , m_availability(availability)
    , m_users(users) {}

std::optional<bot::Availability::Assignee> HandoverRouting::for_person(const bot::UserRef& user,
                                                                       bot::LocalDate date) {
    return m_availability.stand_in(user, date);
}

std::optional<bot::UserRef>
HandoverRouting::least_busy(const std::vector<bot::UserRef>& candidates) {
    std::optional<bot::UserRef> best;
    // (open handovers, last assignment); never assigned sorts first as the minimum.
    std::tuple<int, std::int64_t> best_key{std::numeric_limits<int>::max(), 0};
    for (const bot::UserRef& user : candidates) {
        const std::tuple<int, std::int64_t> key{
            m_handovers.active_count(user.key()),
            m_handovers.last_assigned_at(user.key())
                .value_or(std::numeric_limits<std::int64_t>::min())};
        // Strictly less: on a full tie the expert added first keeps it (stable order).
        if (!best || key < best_key) {
            best = user;
            best_key = key;
        }
    }
    return best;
}

std::optional<bot::UserRef> HandoverRouting::manager(bot::LocalDate date,
                                                     const std::set<std::string>& excluded) {
    for (const char* role : {"manager", "deputy"}) {
        for (const storage::UserRow& row : m_team.with_role(role)) {
            if (!excluded.contains(row.user_key) && !m_availability.is_away(row.user_key, date)) {
                return bot::UserRef{row.platform, row.platform_id, row.display_name, row.time_zone};
            }
        }
    }
    return std::nullopt;
}

std::optional<bot::Availability::Assignee>
HandoverRouting::for_topic(const std::string& topic, bot::LocalDate date,
                           const std::set<std::string>& excluded) {
    std::vector<bot::UserRef> present;
    for (bot::UserRef& user : m_availability.present_experts(topic, date)) {
        if (!excluded.contains(user.key())) {
            present.push_back(std::move(user));
        }
    }
    if (auto best = least_busy(present)) {
        return bot::Availability::Assignee{*best, bot::Availability::Via::self, std::nullopt};
    }
    for (const std::string& key : m_team.experts_for(topic)) {
        const auto expert = m_users.find(key);
        if (!expert || !m_availability.is_away(key, date)) {
            continue;
        }
        auto stand_in = for_person(*expert, date);
        if (stand_in && stand_in->via == bot::Availability::Via::cover &&
            !excluded.contains(stand_in->user.key())) {
            return stand_in;
        }
    }
    if (auto boss = manager(date, excluded)) {
        return bot::Availability::Assignee{*boss, bot::Availability::Via::manager, std::nullopt};
    }
    return std::nullopt;
}

} // namespace onevoice::commands
