#include "commands/handover/handover_card.hpp"

#include "bot/model/dates.hpp"
#include "bot/text/truncate.hpp"

namespace onevoice::commands {
namespace {

// The card quotes at most this much of the question in lists.
constexpr std::size_t k_summary_chars = 60;

} // namespace

bot::Span handover_person(std::string_view user_key, const bot::HandlerContext& context) {
    if (auto user = context.users.find(user_key)) {
        return bot::mention(*user);
    }
    return bot::plain(std::string(user_key));
}

std::string handover_time(std::int64_t millis, const bot::HandlerContext& context) {
    return bot::format_date_time(bot::from_millis(millis), context.zone, context.locale());
}

std::string handover_status_label(std::string_view status, const bot::Catalog& catalog) {
    return catalog.text("handover.status." + std::string(status));
}

std::string handover_topic(const storage::HandoverRow& handover, const bot::Catalog& catalog) {
    return handover.topic.empty() ? catalog.text("handover.no_topic") : handover.topic;
}

bot::Place handover_origin(const storage::HandoverRow& handover) {
    return bot::Place{handover.platform, handover.conversation, handover.thread,
                      handover.is_direct};
}

std::string handover_origin_text(const storage::HandoverRow& handover,
                                 const bot::Catalog& catalog) {
    if (handover.is_direct) {
        return catalog.text("handover.origin_direct");
    }
    return catalog.text(handover.thread.empty() ? "handover.origin" : "handover.origin_thread",
                        {handover.conversation});
}

bot::Reply handover_card(const storage::HandoverRow& handover, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    const std::string id = std::to_string(handover.id);
    bot::Reply card;
    card.heading(catalog.text("handover.card_heading", {id, handover_topic(handover, catalog)}));
    card.text(bot::Inline{bot::plain(handover.question)});
    card.fields({
        {catalog.text("handover.field.from"), {handover_person(handover.requester_key, context)}},
        {catalog.text("handover.field.where"),
         {bot::plain(handover_origin_text(handover, catalog))}},
        {catalog.text("handover.field.due"), {bot::plain(handover_time(handover.due_at, context))}},
    });
    card.buttons({
        {catalog.text("handover.button.accept"), "handover.accept", "handover accept " + id,
         bot::ButtonStyle::primary},
        {catalog.text("handover.button.decline"), "handover.decline", "handover decline " + id,
         bot::ButtonStyle::normal},
        {catalog.text("handover.button.answer"), "handover.answer", "handover answer " + id,
         bot::ButtonStyle::normal},
    });
    card.context(catalog.rich("handover.card_hint", {catalog.command("handover answer " + id)}));
    return card;
}

bot::Inline handover_summary(const storage::HandoverRow& handover, bot::TimePoint now,
                             const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    bot::Inline line{bot::strong("#" + std::to_string(handover.id)),
                     bot::plain(" " + handover_topic(handover, catalog) + " — "),
                     handover_person(handover.assignee_key, context),
                     bot::plain(" · " + handover_status_label(handover.status, catalog))};
    if (handover.is_active()) {
        line.push_back(bot::plain(
            " · " + catalog.text("handover.due_at", {handover_time(handover.due_at, context)})));
        if (handover.overdue_at ||
            (handover.status == "open" && bot::from_millis(handover.due_at) <= now)) {
            line.push_back(bot::plain(" · " + catalog.text("handover.overdue_mark")));
        }
    }
    line.push_back(bot::plain(" — " + bot::cut_text(handover.question, k_summary_chars)));
    return line;
}

} // namespace onevoice::commands
