// `idea schedule` and `idea plan`: the editorial plan.
#include "commands/ideas/idea_plan.hpp"

#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/truncate.hpp"
#include "commands/ideas/idea_card.hpp"
#include "commands/ideas/idea_commands.hpp"
#include "commands/ideas/idea_text.hpp"

#include <algorithm>
#include <map>

namespace onevoice::commands {
namespace {

std::string channel_list() {
    std::string out;
    for (const std::string_view name : channel_names()) {
        out += (out.empty() ? "" : ", ") + std::string(name);
    }
    return out;
}

std::optional<int> digits(std::string_view text) {
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

bot::LocalDate month_start(int year, unsigned month) {
    return bot::LocalDate{year, month, 1};
}

// Channels from the words after date and time, as names or comma lists; known ones only.
std::vector<std::string> channels_of(std::span<const std::string> words,
                                     const bot::Catalog& catalog) {
    std::vector<std::string> channels;
    for (const std::string& item : bot::split_list(words)) {
        const std::string name = bot::ascii_lower(item);
        if (!is_channel(name)) {
            throw bot::UsageError(catalog.text("idea.unknown_channel", {item, channel_list()}));
        }
        if (std::find(channels.begin(), channels.end(), name) == channels.end()) {
            channels.push_back(name);
        }
    }
    std::sort(channels.begin(), channels.end());
    return channels;
}

} // namespace

std::optional<PlanPeriod> parse_period(std::string_view word, bot::LocalDate today) {
    if (word == "week") {
        const bot::LocalDate monday = today.plus_days(-today.weekday());
        return PlanPeriod{monday, monday.plus_days(6), true};
    }
    if (bot::is_next_week(word)) {
        const bot::LocalDate monday = bot::monday_of_next_week(today);
        return PlanPeriod{monday, monday.plus_days(6), true};
    }
    int year = today.year;
    unsigned month = today.month;
    if (word != "month") {
        const auto y =
            word.size() == 7 && word[4] == '-' ? digits(word.substr(0, 4)) : std::nullopt;
        const auto m = y ? digits(word.substr(5, 2)) : std::nullopt;
        if (!m || *y < 1970 || *m < 1 || *m > 12) {
            return std::nullopt;
        }
        year = *y;
        month = static_cast<unsigned>(*m);
    }
    const bot::LocalDate first = month_start(year, month);
    const bot::LocalDate next =
        month == 12 ? month_start(year + 1, 1) : month_start(year, month + 1);
    return PlanPeriod{first, next.plus_days(-1), false};
}

std::vector<bot::Reply> IdeaCommands::schedule(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    std::span<const std::string> args(invocation.args);
    if (args.size() < 2) {
        throw bot::UsageError(catalog.text("idea.need_id_date"));
    }
    const storage::IdeaRow idea = require(args[0]);
    args = args.subspan(1);
    const bot::LocalDate date = m_context.date_arg(args);
    std::optional<bot::LocalTime> time;
    if (!args.empty() && args.front().find(':') != std::string::npos) {
        time = m_context.time_arg(args.front());
        args = args.subspan(1);
    }
    const std::vector<std::string> channels = channels_of(args, catalog);
    const std::string id = std::to_string(idea.id);
    if (idea.status != "approved" && idea.status != "drafting" && idea.status != "scheduled") {
        throw bot::UsageError(
            catalog.text("idea.cannot_schedule", {id, status_label(idea.status, catalog)}));
    }
    const bool is_past = date < m_context.today() ||
                         (time && m_context.moment_arg(date, *time) <= m_context.clock.now());
    if (is_past) {
        throw bot::UsageError(catalog.text("idea.schedule_past"));
    }
    m_ideas.set_schedule(idea.id, date.iso(),
                         time ? std::optional<std::string>(time->hhmm()) : std::nullopt, channels,
                         bot::to_millis(m_context.clock.now()));
    const storage::IdeaRow updated = *m_ideas.find(idea.id);
    const std::string when = schedule_text(updated, m_context);
    record(idea.id, invocation, "scheduled", when);
    return {
        bot::Reply::to_place().text(catalog.rich(
            "idea.scheduled", {bot::plain(id), bot::plain(weekday_name(date, m_context.locale())),
                               bot::plain(when)})),
        card_edit(idea.id)};
}

std::vector<bot::Reply> IdeaCommands::plan(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    // "nächste Woche" unquoted is one period in two words.
    const std::size_t length = bot::date_phrase_length(args);
    if (args.size() > length) {
        throw bot::UsageError(catalog.text("arg.unexpected", {args[length]}));
    }
    const std::string word = length == 2 ? args[0] + " " + args[1] : args.empty() ? "" : args[0];
    const auto period =
        parse_period(args.empty() ? "week" : bot::ascii_lower(word), m_context.today());
    if (!period) {
        throw bot::UsageError(catalog.text("idea.bad_period", {word}));
    }
    std::map<bot::LocalDate, std::vector<bot::Inline>> days;
    for (const storage::IdeaRow& idea : m_ideas.planned(period->first.iso(), period->last.iso())) {
        const auto time = bot::parse_time(idea.scheduled_time.value_or(""));
        bot::Inline item{bot::plain(time ? bot::format_time(*time, m_context.locale())
                                         : catalog.text("idea.all_day"))};
        if (!idea.channels.empty()) {
            std::string channels;
            for (const std::string& channel : idea.channels) {
                channels += (channels.empty() ? "" : ", ") + channel;
            }
            item.push_back(bot::plain(" · " + channels));
        }
        item.push_back(bot::plain(" · " + bot::title_line(idea.text, 60) + " "));
        item.push_back(bot::strong("#" + std::to_string(idea.id)));
        item.push_back(bot::plain(" · "));
        item.push_back(person(idea.assignee_key.value_or(idea.author_key), m_context));
        item.push_back(bot::plain(" · " + status_label(idea.status, catalog)));
        if (idea.paused_by_crisis) {
            item.push_back(bot::plain(" · "));
            item.push_back(
                bot::strong(catalog.text("idea.paused", {std::to_string(*idea.paused_by_crisis)})));
        }
        days[*bot::LocalDate::from_iso(*idea.scheduled_on)].push_back(std::move(item));
    }
    bot::Reply reply = bot::Reply::to_place();
    reply.heading(catalog.text("idea.plan_heading", {m_context.date_text(period->first),
                                                     m_context.date_text(period->last)}));
    for (bot::LocalDate day = period->first; day <= period->last; day = day.plus_days(1)) {
        const auto entries = days.find(day);
        if (entries == days.end() && !period->is_week) {
            continue;
        }
        reply.text(
            {bot::strong(weekday_name(day, m_context.locale()) + " " + m_context.date_text(day))});
        if (entries == days.end()) {
            reply.context(catalog.rich("idea.plan_day_empty"));
        } else {
            reply.list(std::move(entries->second));
        }
    }
    if (days.empty() && !period->is_week) {
        reply.text(catalog.rich("idea.plan_empty"));
    }
    return {reply};
}

} // namespace onevoice::commands
