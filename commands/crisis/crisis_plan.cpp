// The subcommands that work an open crisis: steps, updates, lead, severity,
// statements, approval and the all-clear.
#include "bot/model/errors.hpp"
#include "bot/text/duration.hpp"
#include "bot/text/tokenizer.hpp"
#include "commands/crisis/crisis_commands.hpp"

#include <charconv>

namespace onevoice::commands {
namespace {

std::optional<int> small_number(std::string_view token) {
    if (!token.empty() && token.front() == '#') {
        token.remove_prefix(1);
    }
    int value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc{} || end != token.data() + token.size() || token.empty()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::vector<bot::Reply> CrisisCommands::check(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::CrisisRow crisis = require_active(invocation);
    const std::string id = std::to_string(crisis.id);
    const auto steps = m_crises.steps(crisis.id);
    if (invocation.args.size() < 2) {
        throw bot::UsageError(catalog.text("crisis.need_step"));
    }
    const auto number = small_number(invocation.args[1]);
    if (!number || *number < 1 || static_cast<std::size_t>(*number) > steps.size()) {
        throw bot::UsageError(catalog.text("crisis.bad_step",
                                           {invocation.args[1], id, std::to_string(steps.size())}));
    }
    const storage::CrisisStepRow& step = steps[static_cast<std::size_t>(*number - 1)];
    const bool tick = !step.is_ticked();
    if (tick) {
        m_crises.set_tick(crisis.id, step.position, invocation.user().key(), now_millis());
    } else {
        m_crises.set_tick(crisis.id, step.position, std::nullopt, std::nullopt);
    }
    record(crisis.id, invocation, tick ? "checked" : "unchecked",
           std::to_string(step.position) + ". " + step.text);
    bot::Reply done = bot::Reply::to_requester();
    done.text(catalog.rich(
        tick ? "crisis.ticked" : "crisis.unticked",
        {bot::plain(std::to_string(step.position)), bot::plain(step.text), bot::plain(id)}));
    return {notice_edit(crisis), std::move(done)};
}

std::vector<bot::Reply> CrisisCommands::update(const bot::Invocation& invocation) {
    storage::CrisisRow crisis = require_active(invocation);
    const std::string text = text_from(invocation, 1, k_max_text, "crisis.need_update");
    crisis.last_update_at = now_millis();
    m_crises.update(crisis);
    record(crisis.id, invocation, "update", text);
    // A fresh update restarts the reminder rhythm.
    m_jobs.schedule(crisis);
    bot::Reply post = to_crisis_place(crisis);
    post.text(m_context.catalog.rich("crisis.update_posted",
                                     {bot::plain(std::to_string(crisis.id)),
                                      bot::plain(crisis.title), bot::mention(invocation.user())}));
    post.text(bot::Inline{bot::plain(text)});
    // Also in the crisis's own conversation, when one was opened (else nothing is sent).
    bot::Reply beside = bot::Reply::beside_of(crisis_room_anchor(crisis.id));
    beside.blocks = post.blocks;
    return {std::move(post), std::move(beside)};
}

std::vector<bot::Reply> CrisisCommands::lead(const bot::Invocation& invocation) {
    storage::CrisisRow crisis = require_active(invocation);
    check_may_steer(crisis, invocation);
    if (invocation.args.size() < 2) {
        throw bot::UsageError(m_context.catalog.text("crisis.need_user"));
    }
    const bot::UserRef user =
        m_context.user_arg(invocation.args[1], invocation.command.place.platform);
    if (m_team.roles_of(user.key()).empty()) {
        throw bot::UsageError(m_context.catalog.text("crisis.not_member", {user.name()}));
    }
    crisis.lead_key = user.key();
    m_crises.update(crisis);
    record(crisis.id, invocation, "lead", bot::mention_text(user.name()));
    const std::string id = std::to_string(crisis.id);
    bot::Reply post = to_crisis_place(crisis);
    post.text(m_context.catalog.rich(
        "crisis.lead_changed", {bot::mention(user), bot::plain(id), bot::plain(crisis.title)}));
    std::vector<bot::Reply> replies{notice_edit(crisis), std::move(post)};
    if (!(user == invocation.user())) {
        replies.push_back(bot::Reply::direct_to(user).text(
            m_context.catalog.rich("crisis.lead_you", {bot::plain(id), bot::plain(crisis.title),
                                                       bot::mention(invocation.user())})));
    }
    return replies;
}

std::vector<bot::Reply> CrisisCommands::severity(const bot::Invocation& invocation) {
    storage::CrisisRow crisis = require_active(invocation);
    check_may_steer(crisis, invocation);
    if (invocation.args.size() < 2) {
        throw bot::UsageError(m_context.catalog.text("crisis.need_severity"));
    }
    const auto level = severity_arg(invocation, 1);
    if (!level) {
        throw bot::UsageError(m_context.catalog.text("crisis.bad_severity", {invocation.args[1]}));
    }
    const std::string before = crisis_severity_name(crisis.severity);
    crisis.severity = *level;
    m_crises.update(crisis);
    record(crisis.id, invocation, "severity", before + " -> " + crisis_severity_name(*level));
    // The reminder moves to the new rhythm, counted from the last update.
    m_jobs.schedule(crisis);
    bot::Reply post = to_crisis_place(crisis);
    post.text(m_context.catalog.rich("crisis.severity_changed",
                                     {bot::plain(std::to_string(crisis.id)), bot::plain(before),
                                      bot::plain(crisis_severity_name(*level)),
                                      bot::mention(invocation.user())}));
    return {notice_edit(crisis), std::move(post)};
}

std::vector<bot::Reply> CrisisCommands::statement(const bot::Invocation& invocation) {
    const storage::CrisisRow crisis = require_active(invocation);
    const auto& args = invocation.args;
    // `crisis statement <id> template <name>`: a prepared holding statement, filled in.
    const bool is_template = args.size() >= 2 && bot::ascii_lower(args[1]) == "template";
    if (is_template && args.size() != 3) {
        throw bot::UsageError(m_context.catalog.text("crisis.statement_need_template"));
    }
    const std::string text = is_template
                                 ? filled_template(crisis, args[2])
                                 : text_from(invocation, 1, k_max_text, "crisis.need_statement");
    const int number =
        m_crises.add_statement(crisis.id, text, invocation.user().key(), now_millis());
    record(crisis.id, invocation, "statement", "#" + std::to_string(number) + " " + text);
    const std::string id = std::to_string(crisis.id);
    bot::Reply post = to_crisis_place(crisis);
    post.text(m_context.catalog.rich(
        "crisis.statement_proposed",
        {bot::plain(std::to_string(number)), bot::plain(id), bot::mention(invocation.user())}));
    post.text(bot::Inline{bot::plain(text)});
    post.context(m_context.catalog.rich(
        "crisis.statement_hint",
        {m_context.catalog.command("crisis approve " + id + " " + std::to_string(number))}));
    return {std::move(post)};
}

std::vector<bot::Reply> CrisisCommands::approve(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const storage::CrisisRow crisis = require_active(invocation);
    const std::string id = std::to_string(crisis.id);
    // One voice: only the manager, a deputy or a crisis lead who holds a lead role decides.
    const bool may_approve = bot::has_role(invocation.roles, bot::Role::manager) ||
                             bot::has_role(invocation.roles, bot::Role::deputy) ||
                             (invocation.is_lead() && invocation.user().key() == crisis.lead_key);
    if (!may_approve) {
        throw bot::PermissionError(catalog.text("crisis.not_approver", {id}));
    }
    const auto statements = m_crises.statements(crisis.id);
    if (statements.empty()) {
        throw bot::UsageError(catalog.text("crisis.no_statement", {id}));
    }
    const storage::CrisisStatementRow* chosen = &statements.back();
    if (invocation.args.size() >= 2) {
        const auto number = small_number(invocation.args[1]);
        chosen = nullptr;
        for (const auto& s : statements) {
            chosen = number && s.number == *number ? &s : chosen;
        }
        if (!chosen) {
            throw bot::UsageError(
                catalog.text("crisis.unknown_statement",
                             {invocation.args[1], id, std::to_string(statements.back().number)}));
        }
    }
    if (m_settings.four_eyes && chosen->proposed_by == invocation.user().key()) {
        throw bot::PermissionError(
            catalog.text("crisis.four_eyes", {std::to_string(chosen->number), id}));
    }
    m_crises.approve(crisis.id, chosen->number, invocation.user().key(), now_millis());
    record(crisis.id, invocation, "approved", "#" + std::to_string(chosen->number));
    bot::Reply post = to_crisis_place(crisis);
    post.heading(catalog.text("crisis.approved_heading", {id}));
    post.text(catalog.rich("crisis.approved", {bot::plain(std::to_string(chosen->number)),
                                               bot::mention(invocation.user())}));
    post.text(bot::Inline{bot::plain(chosen->text)});
    return {notice_edit(crisis), std::move(post)};
}

std::vector<bot::Reply> CrisisCommands::resolve(const bot::Invocation& invocation) {
    storage::CrisisRow crisis = require(invocation);
    const std::string id = std::to_string(crisis.id);
    if (!crisis.is_active()) {
        throw bot::UsageError(m_context.catalog.text("crisis.already_resolved", {id}));
    }
    if (crisis.is_awaiting_declaration()) {
        throw bot::UsageError(m_context.catalog.text("crisis.is_awaiting", {id}));
    }
    if (crisis.pending == "resolve") {
        throw bot::UsageError(m_context.catalog.text("crisis.resolve_awaiting", {id}));
    }
    check_may_steer(crisis, invocation);
    const std::string summary = text_from(invocation, 1, k_max_text, "crisis.need_summary");
    if (m_settings.needs_confirmation) {
        // Two-person rule: the crisis stays active (and reminded) until confirmed.
        crisis.pending = "resolve";
        crisis.pending_by = invocation.user().key();
        crisis.pending_text = summary;
        m_crises.update(crisis);
        record(crisis.id, invocation, "resolve_requested", summary);
        return {confirmation_request(crisis)};
    }
    return all_clear(std::move(crisis), invocation.user().key(), summary);
}

std::vector<bot::Reply> CrisisCommands::all_clear(storage::CrisisRow crisis,
                                                  const std::string& by_key,
                                                  const std::string& summary) {
    const std::string id = std::to_string(crisis.id);
    crisis.summary = summary;
    crisis.status = "resolved";
    crisis.resolved_at = now_millis();
    crisis.pending.clear();
    crisis.pending_by.clear();
    crisis.pending_text.clear();
    m_crises.update(crisis);
    m_crises.add_entry(crisis.id, *crisis.resolved_at, by_key, "resolved", crisis.summary);
    m_jobs.cancel(crisis.id);
    bot::Reply post = to_crisis_place(crisis);
    post.heading(m_context.catalog.text("crisis.all_clear_heading", {id}));
    post.text(m_context.catalog.rich(
        "crisis.all_clear",
        {bot::plain(id), bot::plain(crisis.title), crisis_person(by_key, m_context),
         bot::plain(bot::duration_text(
             std::chrono::milliseconds(*crisis.resolved_at - crisis.declared_at)))}));
    post.text(bot::Inline{bot::plain(crisis.summary)});
    std::vector<bot::Reply> replies{
        notice_edit(crisis), bot::Reply::unpin_of(crisis_anchor(crisis.id)), std::move(post)};
    if (auto offer = resume_offer(crisis)) {
        replies.push_back(std::move(*offer));
    }
    return replies;
}

} // namespace onevoice::commands
