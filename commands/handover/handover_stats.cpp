#include "commands/handover/handover_stats.hpp"

#include "bot/model/errors.hpp"
#include "bot/text/duration.hpp"
#include "bot/text/tokenizer.hpp"
#include "commands/handover/handover_card.hpp"
#include "commands/handover/handover_commands.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace onevoice::commands {
namespace {

struct Samples {
    int count = 0;
    int overdue = 0;
    std::vector<bot::Duration> first_response;
    std::vector<bot::Duration> answer;
};

void add_sample(Samples& samples, const storage::HandoverRow& h, bot::TimePoint now) {
    ++samples.count;
    const bool is_late = h.status == "open" && bot::from_millis(h.due_at) <= now;
    if (h.overdue_at || is_late) {
        ++samples.overdue;
    }
    if (h.first_response_at) {
        samples.first_response.push_back(bot::Duration{*h.first_response_at - h.created_at});
    }
    if (h.answered_at) {
        samples.answer.push_back(bot::Duration{*h.answered_at - h.created_at});
    }
}

TimingSummary summarize(const std::vector<bot::Duration>& values) {
    return TimingSummary{static_cast<int>(values.size()), percentile(values, 0.5),
                         percentile(values, 0.9)};
}

StatsGroup group_of(std::string name, const Samples& samples) {
    return StatsGroup{std::move(name), samples.count, samples.overdue,
                      summarize(samples.first_response), summarize(samples.answer)};
}

std::vector<StatsGroup> groups_of(const std::map<std::string, Samples>& samples) {
    std::vector<StatsGroup> out;
    for (const auto& [name, group] : samples) {
        out.push_back(group_of(name, group));
    }
    return out;
}

std::string timing_text(const TimingSummary& timing) {
    if (timing.count == 0) {
        return "–";
    }
    return bot::duration_text(*timing.median) + " / " + bot::duration_text(*timing.p90);
}

bot::Inline group_line(const StatsGroup& group, bot::Inline name, const bot::Catalog& catalog) {
    bot::Inline line = std::move(name);
    const bot::Inline figures = catalog.plural_rich(
        "handover.stats_line", group.count,
        {bot::plain(std::to_string(group.count)), bot::plain(timing_text(group.first_response)),
         bot::plain(timing_text(group.answer)),
         bot::plain(std::to_string(group.overdue_percent()))});
    line.insert(line.end(), figures.begin(), figures.end());
    return line;
}

} // namespace

std::optional<bot::Duration> percentile(std::vector<bot::Duration> values, double p) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

HandoverStats compute_stats(const std::vector<storage::HandoverRow>& handovers,
                            bot::TimePoint now) {
    Samples total;
    std::map<std::string, Samples> topics;
    std::map<std::string, Samples> experts;
    for (const storage::HandoverRow& h : handovers) {
        add_sample(total, h, now);
        add_sample(topics[h.topic], h, now);
        add_sample(experts[h.assignee_key], h, now);
    }
    return HandoverStats{group_of("", total), groups_of(topics), groups_of(experts)};
}

std::vector<bot::Reply> HandoverCommands::stats(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.size() > 1) {
        throw bot::UsageError(catalog.text("arg.unexpected", {args[1]}));
    }
    const std::string period = args.empty() ? "7d" : bot::ascii_lower(args[0]);
    if (period != "7d" && period != "30d") {
        throw bot::UsageError(catalog.text("handover.bad_period", {args[0]}));
    }
    const int days = period == "7d" ? 7 : 30;
    const bot::TimePoint now = m_context.clock.now();
    storage::HandoverFilter filter;
    filter.created_since = bot::to_millis(now - std::chrono::hours(24 * days));
    const HandoverStats stats = compute_stats(m_handovers.list(filter, 100000), now);

    bot::Reply reply = bot::Reply::to_place();
    reply.heading(catalog.text("handover.stats_heading", {std::to_string(days)}));
    if (stats.total.count == 0) {
        reply.text(catalog.rich("handover.stats_none"));
        return {reply};
    }
    reply.text(group_line(stats.total, catalog.rich("handover.stats_all"), catalog));
    reply.context(catalog.rich("handover.stats_legend"));
    std::vector<bot::Inline> topics;
    for (const StatsGroup& group : stats.by_topic) {
        const std::string name =
            group.name.empty() ? catalog.text("handover.no_topic") : group.name;
        topics.push_back(group_line(group, {bot::strong(name), bot::plain(": ")}, catalog));
    }
    reply.context(catalog.rich("handover.stats_by_topic"));
    reply.list(std::move(topics));
    std::vector<bot::Inline> experts;
    for (const StatsGroup& group : stats.by_expert) {
        experts.push_back(
            group_line(group, {handover_person(group.name, m_context), bot::plain(": ")}, catalog));
    }
    reply.context(catalog.rich("handover.stats_by_expert"));
    reply.list(std::move(experts));
    return {reply};
}

} // namespace onevoice::commands
