// What a new crisis starts with: its crisis team (covers for the absent), its
// first lead, the playbook of its severity and the alerts to the team.
#include "commands/crisis/crisis_commands.hpp"

#include <array>

namespace onevoice::commands {
namespace {

// The built-in playbook (issue #7): the catalog key of each step and the role
// that owns it. Used for every severity the config gives no playbook for.
struct PlaybookStep {
    std::string_view key;
    std::string_view owner_role;
};
constexpr std::array k_default_playbook{
    PlaybookStep{"crisis.step.assess", "community"},
    PlaybookStep{"crisis.step.inform", "manager"},
    PlaybookStep{"crisis.step.holding", "manager"},
    PlaybookStep{"crisis.step.monitor", "community"},
    PlaybookStep{"crisis.step.answer", "community"},
    PlaybookStep{"crisis.step.all_clear", "manager"},
    PlaybookStep{"crisis.step.debrief", "manager"},
};

constexpr std::array<std::string_view, 3> k_team_roles{"manager", "deputy", "community"};

// Configured members are written for one platform: "<@U024BE7LH>" is Slack's,
// "@alice:example.org" Matrix's, "@alice" any platform's. An entry for another
// platform names nobody here.
bool is_for_platform(std::string_view entry, std::string_view platform) {
    if (entry.starts_with("<@")) {
        return platform == "slack";
    }
    if (entry.find(':') != std::string_view::npos) {
        return platform == "matrix";
    }
    return true;
}

} // namespace

void CrisisCommands::open_playbook(const storage::CrisisRow& crisis) {
    int position = 0;
    const auto& configured = m_settings.playbook_for(crisis.severity);
    if (!configured.empty()) {
        for (const CrisisPlaybookStep& step : configured) {
            m_crises.add_step(crisis.id, ++position, step.text, step.owner_role);
        }
        return;
    }
    for (const PlaybookStep& step : k_default_playbook) {
        m_crises.add_step(crisis.id, ++position, m_context.catalog.text(step.key), step.owner_role);
    }
}

std::vector<bot::Availability::Assignee> CrisisCommands::crisis_team(bot::LocalDate today,
                                                                     std::string_view platform) {
    std::vector<bot::Availability::Assignee> members;
    const auto add = [&](const bot::UserRef& user) {
        auto stand_in = m_availability.stand_in(user, today);
        if (!stand_in) {
            return;
        }
        for (const auto& member : members) {
            if (member.user.key() == stand_in->user.key()) {
                return;
            }
        }
        members.push_back(std::move(*stand_in));
    };
    for (const std::string_view role : k_team_roles) {
        for (const storage::UserRow& row : m_team.with_role(role)) {
            if (const auto user = m_context.users.find(row.user_key)) {
                add(*user);
            }
        }
    }
    for (const std::string& entry : m_settings.team) {
        if (!is_for_platform(entry, platform)) {
            continue;
        }
        if (const auto user = m_context.users.resolve(entry, platform)) {
            add(*user);
        }
    }
    return members;
}

std::optional<bot::UserRef> CrisisCommands::first_lead(bot::LocalDate today) {
    for (const storage::UserRow& row : m_team.with_role("manager")) {
        if (const auto manager = m_context.users.find(row.user_key)) {
            if (auto stand_in = m_availability.stand_in(*manager, today)) {
                return stand_in->user;
            }
        }
    }
    if (auto lead = m_availability.manager_on(today)) {
        return lead;
    }
    // Nobody approves their own alarm: without a manager, cover or deputy the
    // lead is a present community manager, never the one who raised it.
    for (const storage::UserRow& row : m_team.with_role("community")) {
        if (!m_availability.is_away(row.user_key, today)) {
            return m_context.users.find(row.user_key);
        }
    }
    return std::nullopt;
}

bool CrisisCommands::is_on_crisis_team(const bot::Invocation& invocation,
                                       const storage::CrisisRow& crisis) const {
    const bot::UserRef& user = invocation.user();
    if (invocation.is_lead() || user.key() == crisis.lead_key) {
        return true;
    }
    for (const std::string& entry : m_settings.team) {
        if (!is_for_platform(entry, user.platform)) {
            continue;
        }
        if (const auto member = m_context.users.resolve(entry, user.platform)) {
            if (*member == user) {
                return true;
            }
        }
    }
    return false;
}

bot::Inline
CrisisCommands::team_line(const std::vector<bot::Availability::Assignee>& members) const {
    const auto& catalog = m_context.catalog;
    bot::Inline team = catalog.rich("crisis.team_label");
    for (const auto& member : members) {
        team.push_back(bot::plain(" "));
        team.push_back(bot::mention(member.user));
        if (member.instead_of) {
            const bot::Inline cover =
                catalog.rich("crisis.instead_of", {bot::mention(*member.instead_of)});
            team.insert(team.end(), cover.begin(), cover.end());
        }
    }
    return team;
}

bot::Reply CrisisCommands::alert(const bot::Availability::Assignee& member,
                                 const storage::CrisisRow& crisis,
                                 const bot::UserRef& declarer) const {
    const auto& catalog = m_context.catalog;
    bot::Reply alert = bot::Reply::direct_to(member.user);
    alert.text(catalog.rich("crisis.alert", {bot::plain(std::to_string(crisis.id)),
                                             bot::plain(crisis_severity_name(crisis.severity)),
                                             bot::plain(crisis.title), bot::mention(declarer),
                                             crisis_person(crisis.lead_key, m_context),
                                             bot::plain(crisis.conversation)}));
    if (member.instead_of) {
        alert.text(catalog.rich("crisis.alert_cover", {bot::mention(*member.instead_of)}));
    }
    crisis_mark_drill(alert, crisis, m_context);
    return alert;
}

} // namespace onevoice::commands
