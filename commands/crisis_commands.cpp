#include "commands/crisis_commands.hpp"

#include "bot/errors.hpp"
#include "bot/tokenizer.hpp"

#include <array>

namespace onevoice::commands {
namespace {

// The built-in playbook (issue #7): the catalog key of each step and the role
// that owns it. Every severity uses it until playbooks come from the config.
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

// "Crisis team: @boss @bob (cover for @dana)" for the notice.
bot::Inline team_text(const std::vector<Availability::Assignee>& members,
                      const bot::Catalog& catalog) {
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

// The direct message that calls one member of the crisis team.
bot::Reply alert_for(const Availability::Assignee& member, const storage::CrisisRow& crisis,
                     const bot::UserRef& declarer, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    bot::Reply alert = bot::Reply::direct_to(member.user);
    alert.text(catalog.rich("crisis.alert", {bot::plain(std::to_string(crisis.id)),
                                             bot::plain(crisis_severity_name(crisis.severity)),
                                             bot::plain(crisis.title), bot::mention(declarer),
                                             crisis_person(crisis.lead_key, context),
                                             bot::plain(crisis.conversation)}));
    if (member.instead_of) {
        alert.text(catalog.rich("crisis.alert_cover", {bot::mention(*member.instead_of)}));
    }
    return alert;
}

} // namespace

CrisisCommands::CrisisCommands(storage::CrisisStore& crises, storage::TeamStore& team,
                               Availability& availability, CrisisJobs& jobs,
                               const CrisisSettings& settings, const bot::HandlerContext& context)
    : m_crises(crises)
    , m_team(team)
    , m_availability(availability)
    , m_jobs(jobs)
    , m_settings(settings)
    , m_context(context)
    , m_spec{"crisis",
             "crisis.summary",
             {
                 {"", "crisis", "crisis.usage.list", bot::Access::anyone},
                 {"declare", "crisis declare [sev1|sev2|sev3] <title...>", "crisis.usage.declare",
                  bot::Access::anyone},
                 {"list", "crisis list", "crisis.usage.list", bot::Access::anyone},
                 {"show", "crisis show <id>", "crisis.usage.show", bot::Access::anyone},
                 {"check", "crisis check <id> <step-number>", "crisis.usage.check",
                  bot::Access::anyone},
                 {"update", "crisis update <id> <text...>", "crisis.usage.update",
                  bot::Access::anyone},
                 {"lead", "crisis lead <id> @user", "crisis.usage.lead", bot::Access::anyone},
                 {"severity", "crisis severity <id> sev1|sev2|sev3", "crisis.usage.severity",
                  bot::Access::anyone},
                 {"statement", "crisis statement <id> <text...>", "crisis.usage.statement",
                  bot::Access::anyone},
                 {"approve", "crisis approve <id> [<statement-number>]", "crisis.usage.approve",
                  bot::Access::anyone},
                 {"resolve", "crisis resolve <id> <summary...>", "crisis.usage.resolve",
                  bot::Access::anyone},
             },
             {"crisis declare sev1 Outrage about the new ad", "crisis check 1 2",
              "crisis update 1 Statement is being drafted", "crisis statement 1 We are on it.",
              "crisis approve 1", "crisis resolve 1 Calm again"},
             std::nullopt} {}

std::vector<bot::Reply> CrisisCommands::handle(const bot::Invocation& invocation) {
    using Handler = std::vector<bot::Reply> (CrisisCommands::*)(const bot::Invocation&);
    static const std::pair<std::string_view, Handler> k_table[] = {
        {"declare", &CrisisCommands::declare},     {"show", &CrisisCommands::show},
        {"check", &CrisisCommands::check},         {"update", &CrisisCommands::update},
        {"lead", &CrisisCommands::lead},           {"severity", &CrisisCommands::severity},
        {"statement", &CrisisCommands::statement}, {"approve", &CrisisCommands::approve},
        {"resolve", &CrisisCommands::resolve},
    };
    for (const auto& [name, function] : k_table) {
        if (name == invocation.subcommand.name) {
            return (this->*function)(invocation);
        }
    }
    return list(invocation);
}

std::int64_t CrisisCommands::now_millis() const {
    return bot::to_millis(m_context.clock.now());
}

storage::CrisisRow CrisisCommands::require(const bot::Invocation& invocation) {
    if (invocation.args.empty()) {
        throw bot::UsageError(m_context.catalog.text("crisis.need_id"));
    }
    const std::int64_t id = m_context.id_arg(invocation.args[0]);
    auto crisis = m_crises.find(id);
    if (!crisis) {
        throw bot::UsageError(m_context.catalog.text("crisis.unknown_id", {std::to_string(id)}));
    }
    return std::move(*crisis);
}

storage::CrisisRow CrisisCommands::require_active(const bot::Invocation& invocation) {
    storage::CrisisRow crisis = require(invocation);
    if (!crisis.is_active()) {
        throw bot::UsageError(
            m_context.catalog.text("crisis.is_resolved", {std::to_string(crisis.id)}));
    }
    return crisis;
}

void CrisisCommands::check_may_steer(const storage::CrisisRow& crisis,
                                     const bot::Invocation& invocation) const {
    if (!invocation.is_lead() && invocation.user().key() != crisis.lead_key) {
        throw bot::PermissionError(
            m_context.catalog.text("crisis.not_steering", {std::to_string(crisis.id)}));
    }
}

std::optional<int> CrisisCommands::severity_arg(std::string_view token) const {
    const std::string word = bot::ascii_lower(token);
    // Only "sev" plus digits looks like a severity: a title may start with "several".
    const bool is_level = word.size() > 3 && word.rfind("sev", 0) == 0 &&
                          word.find_first_not_of("0123456789", 3) == std::string::npos;
    if (!is_level) {
        return std::nullopt;
    }
    if (word == "sev1" || word == "sev2" || word == "sev3") {
        return word[3] - '0';
    }
    throw bot::UsageError(m_context.catalog.text("crisis.bad_severity", {token}));
}

std::string CrisisCommands::text_from(const bot::Invocation& invocation, std::size_t first,
                                      std::size_t max_length, std::string_view missing_key) const {
    const auto& args = invocation.args;
    std::string text;
    if (first < args.size()) {
        text = m_context.text_arg(std::span<const std::string>(args).subspan(first), max_length);
    }
    if (text.empty()) {
        throw bot::UsageError(m_context.catalog.text(missing_key));
    }
    return text;
}

void CrisisCommands::record(std::int64_t id, const bot::Invocation& invocation,
                            std::string_view kind, std::string_view text) {
    m_crises.add_entry(id, now_millis(), invocation.user().key(), kind, text);
}

CrisisView CrisisCommands::view_of(const storage::CrisisRow& crisis) {
    return CrisisView{crisis, m_crises.steps(crisis.id), m_crises.approved_statement(crisis.id)};
}

bot::Reply CrisisCommands::notice_edit(const storage::CrisisRow& crisis) {
    bot::Reply edit = crisis_notice(view_of(crisis), m_context);
    edit.edits = crisis_anchor(crisis.id);
    return edit;
}

bot::Reply CrisisCommands::to_crisis_place(const storage::CrisisRow& crisis) {
    bot::Reply reply = bot::Reply::to_place();
    reply.place = crisis_place(crisis);
    return reply;
}

std::vector<Availability::Assignee> CrisisCommands::crisis_team(bot::LocalDate today) {
    std::vector<Availability::Assignee> members;
    const auto is_in = [&members](const std::string& key) {
        for (const auto& member : members) {
            if (member.user.key() == key) {
                return true;
            }
        }
        return false;
    };
    for (const std::string_view role : k_team_roles) {
        for (const storage::UserRow& row : m_team.with_role(role)) {
            const auto user = m_context.users.find(row.user_key);
            if (!user) {
                continue;
            }
            auto stand_in = m_availability.stand_in(*user, today);
            if (stand_in && !is_in(stand_in->user.key())) {
                members.push_back(std::move(*stand_in));
            }
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
    return m_availability.manager_on(today);
}

std::vector<bot::Reply> CrisisCommands::declare(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    storage::CrisisRow crisis;
    std::size_t first = 0;
    if (!args.empty()) {
        if (const auto level = severity_arg(args[0])) {
            crisis.severity = *level;
            first = 1;
        }
    }
    crisis.title = text_from(invocation, first, k_max_title, "crisis.need_title");
    const bot::LocalDate today = m_context.today();
    const bot::Place& here = invocation.command.place;
    const bot::Place place = m_settings.conversation.empty()
                                 ? here
                                 : bot::Place{here.platform, m_settings.conversation, "", false};
    crisis.lead_key = first_lead(today).value_or(invocation.user()).key();
    crisis.declared_by = invocation.user().key();
    crisis.declared_at = now_millis();
    crisis.last_update_at = crisis.declared_at;
    crisis.platform = place.platform;
    crisis.conversation = place.conversation;
    crisis.thread = place.thread;
    crisis.is_direct = place.is_direct;
    crisis.id = m_crises.add(crisis);
    int position = 0;
    for (const PlaybookStep& step : k_default_playbook) {
        m_crises.add_step(crisis.id, ++position, catalog.text(step.key), step.owner_role);
    }
    record(crisis.id, invocation, "declared",
           crisis_severity_name(crisis.severity) + " " + crisis.title);
    m_jobs.schedule(crisis);

    const std::string id = std::to_string(crisis.id);
    const std::vector<Availability::Assignee> members = crisis_team(today);
    bot::Reply notice = crisis_notice(view_of(crisis), m_context);
    notice.place = place;
    notice.anchor = crisis_anchor(crisis.id);
    notice.is_pinned = true;
    notice.text(team_text(members, catalog));
    std::vector<bot::Reply> replies{std::move(notice)};
    if (place.conversation != here.conversation || place.platform != here.platform) {
        replies.push_back(bot::Reply::to_requester().text(catalog.rich(
            "crisis.declared_elsewhere", {bot::plain(id), bot::plain(place.conversation)})));
    }
    for (const auto& member : members) {
        if (member.user == invocation.user()) {
            continue;
        }
        replies.push_back(alert_for(member, crisis, invocation.user(), m_context));
    }
    return replies;
}

std::vector<bot::Reply> CrisisCommands::list(const bot::Invocation&) {
    const auto crises = m_crises.active();
    bot::Reply reply = bot::Reply::to_requester();
    if (crises.empty()) {
        return {reply.text(m_context.catalog.rich("crisis.none_active"))};
    }
    reply.heading(m_context.catalog.text("crisis.list_heading", {std::to_string(crises.size())}));
    std::vector<bot::Inline> lines;
    for (const auto& crisis : crises) {
        lines.push_back(crisis_summary(view_of(crisis), m_context));
    }
    return {reply.list(std::move(lines))};
}

std::vector<bot::Reply> CrisisCommands::show(const bot::Invocation& invocation) {
    const storage::CrisisRow crisis = require(invocation);
    const auto& catalog = m_context.catalog;
    bot::Reply reply = crisis_notice(view_of(crisis), m_context);
    reply.audience = bot::Audience::requester;
    const auto statements = m_crises.statements(crisis.id);
    if (!statements.empty()) {
        std::vector<bot::Inline> lines;
        for (const auto& s : statements) {
            bot::Inline line{bot::plain("#" + std::to_string(s.number) + " "), bot::plain(s.text),
                             bot::plain(" — "), crisis_person(s.proposed_by, m_context)};
            if (s.approved_at) {
                const bot::Inline approved =
                    catalog.rich("crisis.statement_approved_by",
                                 {crisis_person(s.approved_by.value_or(""), m_context)});
                line.insert(line.end(), approved.begin(), approved.end());
            }
            lines.push_back(std::move(line));
        }
        reply.text(catalog.rich("crisis.show_statements"));
        reply.list(std::move(lines));
    }
    std::vector<bot::Inline> timeline;
    for (const auto& entry : m_crises.timeline(crisis.id)) {
        timeline.push_back(bot::Inline{bot::plain(crisis_time(entry.at, m_context) + " "),
                                       crisis_person(entry.user_key, m_context),
                                       bot::plain(" " + catalog.text("crisis.kind." + entry.kind) +
                                                  (entry.text.empty() ? "" : ": ")),
                                       bot::plain(entry.text)});
    }
    reply.text(catalog.rich("crisis.show_timeline"));
    reply.list(std::move(timeline));
    return {std::move(reply)};
}

} // namespace onevoice::commands
