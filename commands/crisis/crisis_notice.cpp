#include "commands/crisis/crisis_notice.hpp"

#include "bot/model/dates.hpp"

#include <algorithm>

namespace onevoice::commands {
namespace {

int ticked_count(const std::vector<storage::CrisisStepRow>& steps) {
    int count = 0;
    for (const auto& step : steps) {
        count += step.is_ticked() ? 1 : 0;
    }
    return count;
}

// "[x] Inform management (manager) — @boss, 12:30": the number comes from the ordered list.
bot::Inline step_line(const storage::CrisisStepRow& step, const bot::HandlerContext& context) {
    bot::Inline line{bot::plain((step.is_ticked() ? "[x] " : "[ ] ") + step.text)};
    if (!step.owner_role.empty()) {
        line.push_back(bot::plain(" (" + context.catalog.text("role." + step.owner_role) + ")"));
    }
    if (step.is_ticked()) {
        line.push_back(bot::plain(" — "));
        line.push_back(crisis_person(step.ticked_by.value_or(""), context));
        line.push_back(bot::plain(", " + crisis_time(*step.ticked_at, context)));
    }
    return line;
}

} // namespace

std::string crisis_anchor(std::int64_t id) {
    return "crisis:" + std::to_string(id);
}

std::string crisis_room_anchor(std::int64_t id) {
    return crisis_anchor(id) + ":room";
}

std::string crisis_severity_name(int severity) {
    return "sev" + std::to_string(severity);
}

bot::Place crisis_place(const storage::CrisisRow& crisis) {
    return bot::Place{crisis.platform, crisis.conversation, crisis.thread, crisis.is_direct};
}

bot::Span crisis_person(std::string_view user_key, const bot::HandlerContext& context) {
    if (auto user = context.users.find(user_key)) {
        return bot::mention(*user);
    }
    return bot::plain(std::string(user_key));
}

bot::Span crisis_lead(const storage::CrisisRow& crisis, const bot::HandlerContext& context) {
    if (crisis.lead_key.empty()) {
        return bot::emphasis(context.catalog.text("crisis.no_lead"));
    }
    return crisis_person(crisis.lead_key, context);
}

std::string crisis_time(std::int64_t millis, const bot::HandlerContext& context) {
    return bot::format_date_time(bot::from_millis(millis), context.zone, context.locale());
}

void crisis_mark_drill(bot::Reply& reply, const storage::CrisisRow& crisis,
                       const bot::HandlerContext& context) {
    if (!crisis.is_drill) {
        return;
    }
    // Built anew rather than inserted at the front: g++ 12 warns falsely about
    // shifting variants in place (-Wmaybe-uninitialized).
    bot::Reply marked;
    marked.text(context.catalog.rich("crisis.drill_marker"));
    for (bot::Block& block : reply.blocks) {
        marked.blocks.push_back(std::move(block));
    }
    reply.blocks = std::move(marked.blocks);
}

bot::Reply crisis_notice(const CrisisView& view, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    const storage::CrisisRow& crisis = view.crisis;
    const std::string id = std::to_string(crisis.id);
    bot::Reply notice;
    notice.heading(catalog.text(crisis.is_active() ? "crisis.notice_heading"
                                                   : "crisis.notice_heading_resolved",
                                {id, crisis_severity_name(crisis.severity)}));
    notice.text(bot::Inline{bot::strong(crisis.title)});
    std::vector<bot::Field> fields{
        {catalog.text("crisis.field.status"),
         {bot::plain(catalog.text("crisis.status." + crisis.status))}},
        {catalog.text("crisis.field.lead"), {crisis_lead(crisis, context)}},
        {catalog.text("crisis.field.declared"),
         catalog.rich("crisis.declared_value",
                      {crisis_person(crisis.declared_by, context),
                       bot::plain(crisis_time(crisis.declared_at, context))})},
    };
    if (crisis.resolved_at) {
        fields.push_back({catalog.text("crisis.field.resolved"),
                          {bot::plain(crisis_time(*crisis.resolved_at, context))}});
    }
    notice.fields(std::move(fields));
    if (view.approved) {
        notice.text(catalog.rich("crisis.notice_statement",
                                 {bot::plain(std::to_string(view.approved->number))}));
        notice.text(bot::Inline{bot::plain(view.approved->text)});
    }
    notice.text(
        catalog.rich("crisis.notice_steps", {bot::plain(std::to_string(ticked_count(view.steps))),
                                             bot::plain(std::to_string(view.steps.size()))}));
    std::vector<bot::Inline> items;
    for (const auto& step : view.steps) {
        items.push_back(step_line(step, context));
    }
    notice.list(std::move(items), true);
    if (crisis.is_active()) {
        notice.context(catalog.rich("crisis.notice_hint",
                                    {catalog.command("crisis check " + id + " <n>"),
                                     catalog.command("crisis update " + id + " <text>")}));
    } else {
        notice.text(catalog.rich("crisis.notice_summary", {bot::plain(crisis.summary)}));
    }
    crisis_mark_drill(notice, crisis, context);
    return notice;
}

bot::Inline crisis_summary(const CrisisView& view, const bot::HandlerContext& context) {
    const storage::CrisisRow& crisis = view.crisis;
    return context.catalog.rich("crisis.list_line",
                                {bot::plain(std::to_string(crisis.id)),
                                 bot::plain(crisis_severity_name(crisis.severity)),
                                 bot::plain(crisis.title), crisis_lead(crisis, context),
                                 bot::plain(crisis_time(crisis.declared_at, context)),
                                 bot::plain(std::to_string(ticked_count(view.steps))),
                                 bot::plain(std::to_string(view.steps.size()))});
}

} // namespace onevoice::commands
