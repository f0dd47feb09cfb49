#include "commands/listening/digest/digest_commands.hpp"

#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"

namespace onevoice::commands {
namespace {

// A conversation as users type it: Slack's escaped <#C024BE91L|general> or
// <#C024BE91L>, a Matrix room id !abc:example.org or alias #team:example.org,
// or a plain #name (console, Slack channel names). Empty: not a channel.
std::string conversation_of(std::string_view token) {
    const auto is_clean = [](std::string_view s) {
        return !s.empty() && s.find_first_of(" \t<>|@") == std::string_view::npos;
    };
    if (token.starts_with("<#") && token.ends_with(">")) {
        std::string_view inner = token.substr(2, token.size() - 3);
        inner = inner.substr(0, inner.find('|'));
        return is_clean(inner) ? std::string(inner) : std::string();
    }
    if ((token.starts_with("#") || token.starts_with("!")) && is_clean(token.substr(1))) {
        return std::string(token);
    }
    return {};
}

} // namespace

std::string DigestSchedule::encode() const {
    return time.hhmm() + "\t" + place.platform + "\t" + place.conversation + "\t" + place.thread +
           "\t" + (place.is_direct ? "1" : "0");
}

std::optional<DigestSchedule> DigestSchedule::decode(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = text.find('\t', start);
        parts.emplace_back(text.substr(start, tab - start));
        if (tab == std::string_view::npos) {
            break;
        }
        start = tab + 1;
    }
    const auto time = parts.empty() ? std::nullopt : bot::parse_time(parts[0]);
    if (parts.size() != 5 || !time) {
        return std::nullopt;
    }
    return DigestSchedule{*time, bot::Place{parts[1], parts[2], parts[3], parts[4] == "1"}};
}

DigestCommands::DigestCommands(storage::DigestStore& store, storage::ListenStore& queries,
                               storage::Settings& settings, storage::JobStore& jobs,
                               const bot::HandlerContext& context)
    : m_settings(settings)
    , m_jobs(jobs)
    , m_context(context)
    , m_digest(store, queries, context)
    , m_spec{
          "digest",
          "digest.summary",
          {
              {"", "digest [today|yesterday|<date>]", "digest.usage.show", bot::Access::colleague},
              {"schedule", "digest schedule HH:MM [#channel]", "digest.usage.schedule",
               bot::Access::lead},
              {"off", "digest off", "digest.usage.off", bot::Access::lead},
          },
          {"digest", "digest yesterday", "digest 2026-11-20", "digest schedule 08:30 #social",
           "digest off"},
          bot::Fallback{"", ""}} {}

std::vector<bot::Reply> DigestCommands::handle(const bot::Invocation& invocation) {
    if (invocation.subcommand.name == "schedule") {
        return set_schedule(invocation);
    }
    if (invocation.subcommand.name == "off") {
        return off(invocation);
    }
    return show(invocation);
}

bot::LocalDate DigestCommands::date_arg(std::string_view token) const {
    const std::string word = bot::ascii_lower(token);
    const bot::LocalDate today = m_context.today();
    // German words in either locale, like every date (COMMANDS.md).
    if (word == "yesterday" || word == "gestern") {
        return today.plus_days(-1);
    }
    const bot::LocalDate date = m_context.date_arg(token);
    if (date > today) {
        throw bot::UsageError(m_context.catalog.text("digest.future_date", {token}));
    }
    return date;
}

bot::Place DigestCommands::place_arg(std::string_view token, const bot::Place& here) const {
    const std::string conversation = conversation_of(token);
    if (conversation.empty()) {
        throw bot::UsageError(m_context.catalog.text("digest.bad_channel", {token}));
    }
    return bot::Place{here.platform, conversation, "", false};
}

std::vector<bot::Reply> DigestCommands::show(const bot::Invocation& invocation) {
    const auto& args = invocation.args;
    if (args.size() > 1) {
        throw bot::UsageError(m_context.catalog.text("digest.too_many", {args[1]}));
    }
    const bot::LocalDate date = args.empty() ? m_context.today() : date_arg(args[0]);
    return m_digest.build(date, invocation.command.place);
}

std::vector<bot::Reply> DigestCommands::set_schedule(const bot::Invocation& invocation) {
    const auto& args = invocation.args;
    const auto& catalog = m_context.catalog;
    if (args.empty()) {
        throw bot::UsageError(catalog.text("digest.need_time"));
    }
    if (args.size() > 2) {
        throw bot::UsageError(catalog.text("digest.too_many", {args[2]}));
    }
    DigestSchedule schedule{m_context.time_arg(args[0]), invocation.command.place};
    if (args.size() == 2) {
        schedule.place = place_arg(args[1], invocation.command.place);
    }
    m_settings.put(k_setting, schedule.encode());
    const bot::TimePoint due = m_context.zone.next_daily(m_context.clock.now(), schedule.time);
    m_jobs.upsert(k_kind, k_kind, schedule.encode(), bot::to_millis(due));
    return {bot::Reply::to_place().text(catalog.rich(
        "digest.scheduled",
        {bot::plain(bot::format_time(schedule.time, m_context.locale())),
         bot::plain(schedule.place.conversation),
         bot::plain(bot::format_date_time(due, m_context.zone, m_context.locale()))}))};
}

std::vector<bot::Reply> DigestCommands::off(const bot::Invocation& invocation) {
    if (!invocation.args.empty()) {
        throw bot::UsageError(m_context.catalog.text("digest.too_many", {invocation.args[0]}));
    }
    // The settings table has no delete; an empty value means "off".
    m_settings.put(k_setting, "");
    m_jobs.remove_unique(k_kind);
    return {bot::Reply::to_place().text(m_context.catalog.rich("digest.turned_off"))};
}

void DigestCommands::register_with(bot::Scheduler& scheduler) {
    scheduler.register_kind(
        k_kind, [this](const storage::JobRow&, bot::TimePoint now) { return run(now); });
}

std::optional<DigestSchedule> DigestCommands::schedule() {
    const auto value = m_settings.get(k_setting);
    return value ? DigestSchedule::decode(*value) : std::nullopt;
}

std::optional<bot::TimePoint> DigestCommands::next_due(bot::TimePoint after) {
    const auto current = schedule();
    if (!current) {
        return std::nullopt;
    }
    return m_context.zone.next_daily(after, current->time);
}

bot::JobOutcome DigestCommands::run(bot::TimePoint now) {
    const auto current = schedule();
    if (!current) {
        return {};
    }
    const bot::LocalDate yesterday = m_context.zone.date_of(now).plus_days(-1);
    return bot::JobOutcome{m_digest.build(yesterday, current->place),
                           m_context.zone.next_daily(now, current->time)};
}

} // namespace onevoice::commands
