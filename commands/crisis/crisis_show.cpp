// `crisis`, `crisis list` and `crisis show`: reading crises without changing them.
#include "commands/crisis/crisis_commands.hpp"

namespace onevoice::commands {

// Real crises first; declarations awaiting their second person and drills are
// listed apart, so a drill is never mistaken for the real thing.
std::vector<bot::Reply> CrisisCommands::list(const bot::Invocation&) {
    const auto& catalog = m_context.catalog;
    std::vector<bot::Inline> real;
    std::vector<bot::Inline> awaiting;
    std::vector<bot::Inline> drills;
    for (const auto& crisis : m_crises.active()) {
        auto& group = crisis.is_awaiting_declaration() ? awaiting : crisis.is_drill ? drills : real;
        group.push_back(crisis_summary(view_of(crisis), m_context));
    }
    bot::Reply reply = bot::Reply::to_requester();
    if (real.empty()) {
        reply.text(catalog.rich("crisis.none_active"));
    } else {
        reply.heading(catalog.text("crisis.list_heading", {std::to_string(real.size())}));
        reply.list(std::move(real));
    }
    if (!awaiting.empty()) {
        reply.text(
            catalog.rich("crisis.list_awaiting", {bot::plain(std::to_string(awaiting.size()))}));
        reply.list(std::move(awaiting));
    }
    if (!drills.empty()) {
        reply.text(catalog.rich("crisis.list_drills", {bot::plain(std::to_string(drills.size()))}));
        reply.list(std::move(drills));
    }
    return {std::move(reply)};
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
