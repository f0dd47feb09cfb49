#include "bot/runtime/availability.hpp"

#include <set>

namespace onevoice::bot {

Availability::Availability(storage::TeamStore& team, UserDirectory& users)
    : m_team(team)
    , m_users(users) {}

std::optional<storage::AbsenceRow> Availability::absence_on(const std::string& user_key,
                                                            LocalDate date) {
    const std::string day = date.iso();
    for (storage::AbsenceRow& absence : m_team.absences_from(user_key, day)) {
        if (absence.starts_on <= day) {
            return std::move(absence);
        }
    }
    return std::nullopt;
}

bool Availability::is_away(const std::string& user_key, LocalDate date) {
    return absence_on(user_key, date).has_value();
}

std::optional<UserRef> Availability::manager_on(LocalDate date) {
    for (const char* role : {"manager", "deputy"}) {
        for (const storage::UserRow& row : m_team.with_role(role)) {
            if (!is_away(row.user_key, date)) {
                return UserRef{row.platform, row.platform_id, row.display_name, row.time_zone};
            }
        }
    }
    return std::nullopt;
}

std::optional<Availability::Assignee> Availability::stand_in(const UserRef& user, LocalDate date) {
    std::optional<storage::AbsenceRow> absence = absence_on(user.key(), date);
    if (!absence) {
        return Assignee{user, Via::self, std::nullopt};
    }
    // Covers can be away too; follow the chain, but never in a circle.
    std::set<std::string> seen{user.key()};
    while (absence && absence->cover_key && seen.insert(*absence->cover_key).second) {
        const auto cover = m_users.find(*absence->cover_key);
        // An absence keeps naming its cover after `team remove`: someone who left the team
        // takes over nothing (no customer question, no crisis alarm), a manager does.
        if (!cover || m_team.roles_of(cover->key()).empty()) {
            break;
        }
        absence = absence_on(cover->key(), date);
        if (!absence) {
            return Assignee{*cover, Via::cover, user};
        }
    }
    if (auto manager = manager_on(date)) {
        return Assignee{*manager, Via::manager, user};
    }
    return std::nullopt;
}

std::vector<UserRef> Availability::present_experts(const std::string& topic, LocalDate date) {
    std::vector<UserRef> present;
    for (const std::string& key : m_team.experts_for(topic)) {
        if (!is_away(key, date)) {
            if (auto user = m_users.find(key)) {
                present.push_back(std::move(*user));
            }
        }
    }
    return present;
}

std::optional<Availability::Assignee> Availability::for_topic(const std::string& topic,
                                                              LocalDate date) {
    if (auto present = present_experts(topic, date); !present.empty()) {
        return Assignee{present.front(), Via::self, std::nullopt};
    }
    for (const std::string& key : m_team.experts_for(topic)) {
        const auto expert = m_users.find(key);
        if (!expert) {
            continue;
        }
        if (auto assignee = stand_in(*expert, date); assignee && assignee->via == Via::cover) {
            return assignee;
        }
    }
    if (auto manager = manager_on(date)) {
        return Assignee{*manager, Via::manager, std::nullopt};
    }
    return std::nullopt;
}

} // namespace onevoice::bot
