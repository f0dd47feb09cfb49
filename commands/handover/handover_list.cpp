// list and show: what is open, overdue or mine, and one handover with its history.
#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"
#include "commands/handover/handover_card.hpp"
#include "commands/handover/handover_commands.hpp"

namespace onevoice::commands {

std::vector<bot::Reply> HandoverCommands::list(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.size() > 1) {
        throw bot::UsageError(catalog.text("arg.unexpected", {args[1]}));
    }
    const std::string which = args.empty() ? "open" : bot::ascii_lower(args[0]);
    storage::HandoverFilter filter;
    if (which == "open" || which == "mine") {
        filter.statuses = {"open", "accepted", "answered"};
    }
    if (which == "mine") {
        filter.involving = invocation.user().key();
    } else if (which == "overdue") {
        filter.statuses = {"open"};
        filter.due_before = now_millis() + 1;
    } else if (which != "open" && which != "all") {
        throw bot::UsageError(catalog.text("handover.unknown_filter", {args[0]}));
    }
    const auto rows = m_handovers.list(filter, k_list_limit);
    bot::Reply reply = bot::Reply::to_requester();
    reply.heading(catalog.text("handover.list_heading." + which));
    if (rows.empty()) {
        reply.text(catalog.rich("handover.list_empty"));
        return {reply};
    }
    std::vector<bot::Inline> items;
    for (const storage::HandoverRow& row : rows) {
        items.push_back(handover_summary(row, m_context.clock.now(), m_context));
    }
    reply.list(std::move(items));
    if (static_cast<int>(rows.size()) == k_list_limit) {
        reply.context(
            catalog.rich("handover.list_limited", {bot::plain(std::to_string(k_list_limit))}));
    }
    return {reply};
}

std::vector<bot::Reply> HandoverCommands::show(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    if (invocation.args.size() > 1) {
        throw bot::UsageError(catalog.text("arg.unexpected", {invocation.args[1]}));
    }
    const storage::HandoverRow handover = require(invocation);
    bot::Reply reply = bot::Reply::to_requester();
    reply.heading(catalog.text("handover.card_heading",
                               {std::to_string(handover.id), handover_topic(handover, catalog)}));
    reply.text(bot::Inline{bot::plain(handover.question)});
    std::vector<bot::Field> fields{
        {catalog.text("handover.field.status"),
         {bot::plain(handover_status_label(handover.status, catalog))}},
        {catalog.text("handover.field.from"), {handover_person(handover.requester_key, m_context)}},
        {catalog.text("handover.field.assignee"), assignee_text(handover)},
        {catalog.text("handover.field.where"),
         {bot::plain(handover_origin_text(handover, catalog))}},
        {catalog.text("handover.field.due"),
         {bot::plain(handover_time(handover.due_at, m_context))}},
    };
    if (handover.overdue_at) {
        fields.push_back({catalog.text("handover.field.overdue"),
                          {bot::plain(handover_time(*handover.overdue_at, m_context))}});
    }
    if (!handover.answer.empty()) {
        fields.push_back({catalog.text("handover.field.answer"), {bot::plain(handover.answer)}});
    }
    if (!handover.reply_link.empty()) {
        fields.push_back({catalog.text("handover.field.reply"), {bot::plain(handover.reply_link)}});
    }
    reply.fields(std::move(fields));
    std::vector<bot::Inline> items;
    for (const storage::HandoverEventRow& event : m_handovers.events(handover.id)) {
        bot::Inline item{bot::plain(handover_time(event.at, m_context) + " "),
                         event.user_key == "bot" ? bot::plain("OneVoice")
                                                 : handover_person(event.user_key, m_context),
                         bot::plain(" " + catalog.text("handover.event." + event.action))};
        if (!event.detail.empty()) {
            item.push_back(bot::plain(": " + event.detail));
        }
        items.push_back(std::move(item));
    }
    reply.context(catalog.rich("handover.history_heading"));
    reply.list(std::move(items));
    return {reply};
}

} // namespace onevoice::commands
