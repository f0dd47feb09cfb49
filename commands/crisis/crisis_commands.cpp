#include "commands/crisis/crisis_commands.hpp"

#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/truncate.hpp"
#include "bot/text/typo.hpp"

#include <algorithm>
#include <array>

namespace onevoice::commands {

CrisisCommands::CrisisCommands(storage::CrisisStore& crises,
                               storage::CrisisTemplateStore& templates,
                               storage::CalendarFreezeStore& freeze, storage::TeamStore& team,
                               bot::Availability& availability, CrisisJobs& jobs,
                               const CrisisSettings& settings, const bot::HandlerContext& context)
    : m_crises(crises)
    , m_templates(templates)
    , m_freeze(freeze)
    , m_team(team)
    , m_availability(availability)
    , m_jobs(jobs)
    , m_settings(settings)
    , m_context(context)
    , m_spec{"crisis",
             "crisis.summary",
             {
                 {"", "crisis", "crisis.usage.list", bot::Access::colleague},
                 {"declare", "crisis declare [sev1|sev2|sev3] <title...>", "crisis.usage.declare",
                  bot::Access::colleague},
                 {"list", "crisis list", "crisis.usage.list", bot::Access::colleague},
                 {"show", "crisis show <id>", "crisis.usage.show", bot::Access::member},
                 {"check", "crisis check <id> <step-number>", "crisis.usage.check",
                  bot::Access::colleague},
                 {"update", "crisis update <id> <text...>", "crisis.usage.update",
                  bot::Access::colleague},
                 {"lead", "crisis lead <id> @user", "crisis.usage.lead", bot::Access::colleague},
                 {"severity", "crisis severity <id> sev1|sev2|sev3", "crisis.usage.severity",
                  bot::Access::colleague},
                 {"statement", "crisis statement <id> <text...> | template <name>",
                  "crisis.usage.statement", bot::Access::colleague},
                 {"approve", "crisis approve <id> [<statement-number>]", "crisis.usage.approve",
                  bot::Access::colleague},
                 {"resolve", "crisis resolve <id> <summary...>", "crisis.usage.resolve",
                  bot::Access::colleague},
                 {"confirm", "crisis confirm <id>", "crisis.usage.confirm", bot::Access::colleague},
                 {"pause", "crisis pause <id> [<idea-id>...]", "crisis.usage.pause",
                  bot::Access::colleague},
                 {"resume", "crisis resume <id> [<idea-id>...]", "crisis.usage.resume",
                  bot::Access::colleague},
                 {"template",
                  "crisis template add <name> <text...> | template list | template remove <name>",
                  "crisis.usage.template",
                  bot::Access::colleague,
                  {{"add", bot::Access::lead}, {"list"}, {"remove", bot::Access::lead}}},
                 {"drill", "crisis drill [sev1|sev2|sev3] <title...>", "crisis.usage.drill",
                  bot::Access::colleague},
                 {"report", "crisis report <id>", "crisis.usage.report", bot::Access::member},
             },
             {"crisis declare sev1 Outrage about the new ad", "crisis check 1 2",
              "crisis update 1 Statement is being drafted", "crisis statement 1 We are on it.",
              "crisis statement 1 template apology", "crisis approve 1", "crisis pause 1",
              "crisis resolve 1 Calm again", "crisis report 1"},
             std::nullopt} {}

std::vector<bot::Reply> CrisisCommands::handle(const bot::Invocation& invocation) {
    using Handler = std::vector<bot::Reply> (CrisisCommands::*)(const bot::Invocation&);
    static const std::pair<std::string_view, Handler> k_table[] = {
        {"declare", &CrisisCommands::declare},
        {"show", &CrisisCommands::show},
        {"check", &CrisisCommands::check},
        {"update", &CrisisCommands::update},
        {"lead", &CrisisCommands::lead},
        {"severity", &CrisisCommands::severity},
        {"statement", &CrisisCommands::statement},
        {"approve", &CrisisCommands::approve},
        {"resolve", &CrisisCommands::resolve},
        {"confirm", &CrisisCommands::confirm},
        {"pause", &CrisisCommands::pause},
        {"resume", &CrisisCommands::resume},
        {"drill", &CrisisCommands::declare},
        {"report", &CrisisCommands::report},
        {"template", &CrisisCommands::template_command},
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
    if (crisis.is_awaiting_declaration()) {
        throw bot::UsageError(
            m_context.catalog.text("crisis.is_awaiting", {std::to_string(crisis.id)}));
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

std::optional<int> CrisisCommands::severity_arg(const bot::Invocation& invocation,
                                                std::size_t index) const {
    const std::string& token = invocation.args[index];
    const std::string word = bot::ascii_lower(token);
    // "stufe1".."stufe3" are the German names (COMMANDS.md, "Dates and words in German").
    const std::size_t prefix = word.starts_with("stufe") ? 5 : word.starts_with("sev") ? 3 : 0;
    // Only "sev" or "stufe" plus digits is a severity: a title may start with "several".
    const bool is_level = prefix > 0 && word.size() > prefix &&
                          word.find_first_not_of("0123456789", prefix) == std::string::npos;
    if (is_level) {
        if (word.size() == prefix + 1 && word[prefix] >= '1' && word[prefix] <= '3') {
            return word[prefix] - '0';
        }
        throw bot::UsageError(m_context.catalog.text("crisis.bad_severity", {token}));
    }
    // A near miss ("sevv1", "stufe") is asked about: declared as a title, it would call the
    // whole crisis team with the wrong severity, which nobody can take back.
    static constexpr std::array<std::string_view, 6> k_names{"sev1",   "sev2",   "sev3",
                                                             "stufe1", "stufe2", "stufe3"};
    if (const std::string_view name = bot::closest_typo(word, k_names); !name.empty()) {
        const bool is_title_next = invocation.subcommand.name != "severity";
        throw bot::UsageError(m_context.catalog.text(
            is_title_next ? "crisis.severity_typo" : "crisis.severity_typo_change",
            {invocation.corrected(index, 1, name), token}));
    }
    return std::nullopt;
}

std::string CrisisCommands::text_from(const bot::Invocation& invocation, std::size_t first,
                                      std::size_t max_length, std::string_view missing_key) const {
    // As typed: a statement's quotes and line breaks are part of its wording.
    const std::string text = m_context.raw_text_arg(invocation, first, max_length);
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
    edit.intent = bot::Edit{.anchor = crisis_anchor(crisis.id)};
    return edit;
}

bot::Reply CrisisCommands::to_crisis_place(const storage::CrisisRow& crisis) const {
    bot::Reply reply = bot::Reply::to_place();
    reply.place = crisis_place(crisis);
    crisis_mark_drill(reply, crisis, m_context);
    return reply;
}

// `crisis declare` and `crisis drill`: the same plan, a drill marked as one.
std::vector<bot::Reply> CrisisCommands::declare_with_entry(const bot::Invocation& by,
                                                           const std::string& title,
                                                           const std::string& first_entry) {
    const auto sub = std::ranges::find_if(
        m_spec.subcommands, [](const bot::SubcommandSpec& s) { return s.name == "declare"; });
    const bot::Invocation declare_invocation{
        by.command, *sub, {"sev2", bot::cut_text(title, k_max_title)}, by.roles};
    std::vector<bot::Reply> replies = handle(declare_invocation);
    const auto active = m_crises.active();
    const auto newest = std::ranges::max_element(
        active, {}, [](const storage::CrisisRow& crisis) { return crisis.id; });
    if (newest != active.end()) {
        m_crises.add_entry(newest->id, now_millis(), by.user().key(), "update",
                           bot::cut_text(first_entry, k_max_text));
    }
    return replies;
}

std::vector<bot::Reply> CrisisCommands::declare(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    storage::CrisisRow crisis;
    crisis.is_drill = invocation.subcommand.name == "drill";
    std::size_t first = 0;
    if (!args.empty()) {
        if (const auto level = severity_arg(invocation, 0)) {
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
    // Empty: no lead yet; the notice says so and the reminders ask lead roles to take it.
    const std::optional<bot::UserRef> lead = first_lead(today);
    crisis.lead_key = lead ? lead->key() : std::string();
    crisis.declared_by = invocation.user().key();
    crisis.declared_at = now_millis();
    crisis.last_update_at = crisis.declared_at;
    crisis.platform = place.platform;
    crisis.conversation = place.conversation;
    crisis.thread = place.thread;
    crisis.is_direct = place.is_direct;
    if (m_settings.needs_confirmation) {
        crisis.pending = "declare";
        crisis.pending_by = invocation.user().key();
    }
    crisis.id = m_crises.add(crisis);
    open_playbook(crisis);
    record(crisis.id, invocation, crisis.is_drill ? "drill" : "declared",
           crisis_severity_name(crisis.severity) + " " + crisis.title);
    if (crisis.is_awaiting_declaration()) {
        // Two-person rule: nobody is alerted until a second person confirms.
        std::vector<bot::Reply> replies{confirmation_request(crisis)};
        if (place.conversation != here.conversation || place.platform != here.platform) {
            replies.push_back(bot::Reply::to_requester().text(
                catalog.rich("crisis.awaiting_elsewhere", {bot::plain(std::to_string(crisis.id)),
                                                           bot::plain(place.conversation)})));
        }
        return replies;
    }
    return announce(crisis, invocation.user(), here);
}

std::vector<bot::Reply> CrisisCommands::announce(const storage::CrisisRow& crisis,
                                                 const bot::UserRef& declarer,
                                                 const bot::Place& here) {
    const auto& catalog = m_context.catalog;
    m_jobs.schedule(crisis);
    const std::string id = std::to_string(crisis.id);
    const bot::Place place = crisis_place(crisis);
    const std::vector<bot::Availability::Assignee> members =
        crisis_team(m_context.today(), crisis.platform);
    bot::Reply notice = crisis_notice(view_of(crisis), m_context);
    notice.place = place;
    notice.intent = bot::Post{.anchor = crisis_anchor(crisis.id), .is_pinned = true};
    notice.text(team_line(members));
    std::vector<bot::Reply> replies{std::move(notice)};
    if (m_settings.opens_conversation && !crisis.is_drill) {
        // crisis.open_channel: the team's own conversation, with a copy of the notice.
        bot::Reply room = crisis_notice(view_of(crisis), m_context);
        room.place = place;
        std::vector<bot::UserRef> people{declarer};
        for (const auto& member : members) {
            people.push_back(member.user);
        }
        room.intent = bot::OpenConversation{catalog.text("crisis.room_name", {id, crisis.title}),
                                            std::move(people), crisis_room_anchor(crisis.id)};
        replies.push_back(std::move(room));
    }
    if (place.conversation != here.conversation || place.platform != here.platform) {
        replies.push_back(bot::Reply::to_requester().text(catalog.rich(
            "crisis.declared_elsewhere", {bot::plain(id), bot::plain(place.conversation)})));
    }
    for (const auto& member : members) {
        if (member.user == declarer) {
            continue;
        }
        replies.push_back(alert(member, crisis, declarer));
    }
    if (auto offer = freeze_offer(crisis)) {
        replies.push_back(std::move(*offer));
    }
    return replies;
}

} // namespace onevoice::commands
