#include "commands/handover/handover_recap.hpp"

#include "commands/handover/handover_card.hpp"

#include <algorithm>
#include <set>

namespace onevoice::commands {

HandoverRecap::HandoverRecap(storage::HandoverStore& handovers, const bot::HandlerContext& context)
    : m_handovers(handovers)
    , m_context(context) {}

std::optional<bot::Reply> HandoverRecap::recap(const bot::UserRef& user, bot::LocalDate since) {
    const auto& catalog = m_context.catalog;
    const bot::TimePoint now = m_context.clock.now();
    const auto covered =
        m_handovers.covered_for(user.key(), bot::to_millis(m_context.zone.start_of_day(since)));
    storage::HandoverFilter mine;
    mine.statuses = {"open", "accepted", "answered"};
    mine.involving = user.key();
    const auto open = m_handovers.list(mine, 50);
    if (covered.empty() && open.empty()) {
        return std::nullopt;
    }
    bot::Reply reply = bot::Reply::direct_to(user);
    reply.heading(catalog.text("handover.recap_heading"));
    if (!covered.empty()) {
        std::vector<bot::Inline> items;
        for (const storage::HandoverRow& row : covered) {
            items.push_back(handover_summary(row, now, m_context));
        }
        reply.text(catalog.plural_rich("handover.recap_covered",
                                       static_cast<std::int64_t>(covered.size()),
                                       {bot::plain(std::to_string(covered.size()))}));
        reply.list(std::move(items));
    }
    if (open.empty()) {
        reply.text(catalog.rich("handover.recap_nothing_open"));
    } else {
        std::vector<bot::Inline> items;
        for (const storage::HandoverRow& row : open) {
            items.push_back(handover_summary(row, now, m_context));
        }
        reply.text(catalog.rich("handover.recap_open", {bot::plain(std::to_string(open.size()))}));
        reply.list(std::move(items));
    }
    return reply;
}

bot::TimePoint HandoverRecap::next_due(bot::TimePoint after) const {
    return m_context.zone.next_daily(after, k_time);
}

bot::JobOutcome HandoverRecap::run(bot::TimePoint due, bot::TimePoint now) {
    bot::JobOutcome outcome{{}, next_due(now)};
    const bot::LocalDate yesterday = m_context.zone.date_of(now).plus_days(-1);
    // Normally only yesterday. After the bot was not running at 08:00 (the
    // console runs only while someone uses it) also the days it missed since
    // the run that was due, else whoever came back then never hears; not more
    // than a week back, when the recap is no news any more.
    const bot::LocalDate first = std::max(m_context.zone.date_of(due).plus_days(-1),
                                          yesterday.plus_days(1 - k_catch_up_days));
    std::set<std::string> told;
    for (bot::LocalDate day = first; day <= yesterday; day = day.plus_days(1)) {
        for (const auto& [user_key, starts_on] : m_handovers.absences_ended_on(day.iso())) {
            const auto user = m_context.users.find(user_key);
            const auto since = bot::LocalDate::from_iso(starts_on);
            // Two absences ended in the days missed: one recap, from the earlier.
            if (!user || !since || !told.insert(user_key).second) {
                continue;
            }
            if (auto reply = recap(*user, *since)) {
                outcome.replies.push_back(std::move(*reply));
            }
        }
    }
    return outcome;
}

} // namespace onevoice::commands
