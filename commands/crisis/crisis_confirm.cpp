// The two-person rule (`crisis.confirm = true`): a declaration or an all-clear
// takes effect only when a second member of the crisis team confirms it.
#include "bot/model/errors.hpp"
#include "commands/crisis/crisis_commands.hpp"

namespace onevoice::commands {

bot::Reply CrisisCommands::confirmation_request(const storage::CrisisRow& crisis) {
    const auto& catalog = m_context.catalog;
    const std::string id = std::to_string(crisis.id);
    const bool is_declaration = crisis.is_awaiting_declaration();
    bot::Reply post = to_crisis_place(crisis);
    post.heading(catalog.text(is_declaration ? "crisis.confirm_declare_heading"
                                             : "crisis.confirm_resolve_heading",
                              {id}));
    post.text(
        catalog.rich(is_declaration ? "crisis.confirm_declare" : "crisis.confirm_resolve",
                     {bot::plain(id), bot::plain(crisis_severity_name(crisis.severity)),
                      bot::plain(crisis.title), crisis_person(crisis.pending_by, m_context)}));
    if (!is_declaration) {
        post.text(bot::Inline{bot::plain(crisis.pending_text)});
    }
    post.buttons({bot::Button{catalog.text("crisis.confirm_button"), "crisis.confirm",
                              "crisis confirm " + id, bot::ButtonStyle::danger}});
    post.context(catalog.rich("crisis.confirm_hint", {catalog.command("crisis confirm " + id)}));
    return post;
}

std::vector<bot::Reply> CrisisCommands::confirm(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::CrisisRow crisis = require(invocation);
    const std::string id = std::to_string(crisis.id);
    if (crisis.pending.empty() || !crisis.is_active()) {
        throw bot::UsageError(catalog.text("crisis.nothing_to_confirm", {id}));
    }
    // The point of the rule is a second pair of eyes: never the person who asked.
    if (invocation.user().key() == crisis.pending_by) {
        throw bot::PermissionError(catalog.text("crisis.confirm_self", {id}));
    }
    if (!is_on_crisis_team(invocation, crisis)) {
        throw bot::PermissionError(catalog.text("crisis.confirm_not_team", {id}));
    }
    const std::string requester = crisis.pending_by;
    if (crisis.pending == "resolve") {
        const std::string summary = crisis.pending_text;
        record(crisis.id, invocation, "confirmed", catalog.text("crisis.confirmed_resolve"));
        return all_clear(std::move(crisis), requester, summary);
    }
    crisis.pending.clear();
    crisis.pending_by.clear();
    // Reminders count from the moment the crisis stands, not from the request.
    crisis.last_update_at = now_millis();
    m_crises.update(crisis);
    record(crisis.id, invocation, "confirmed", catalog.text("crisis.confirmed_declare"));
    const auto declarer = m_context.users.find(requester);
    return announce(crisis, declarer.value_or(invocation.user()), invocation.command.place);
}

} // namespace onevoice::commands
