#include "commands/listening/listen_commands.hpp"

#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/utf8.hpp"
#include "commands/listening/query/listen_query.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace onevoice::commands {
namespace {

// Query names are single words people type again (`listen remove acme`):
// letters (also non-ASCII), digits, '-' and '_', not starting with '-'.
bool is_query_name(std::string_view name) {
    if (name.empty() || name.front() == '-') {
        return false;
    }
    return std::ranges::all_of(name, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x80 || std::isalnum(byte) != 0 || c == '-' || c == '_';
    });
}

constexpr std::array<std::string_view, 3> k_sensitivities{"low", "normal", "high"};

} // namespace

ListenCommands::ListenCommands(storage::ListenStore& store, const ListenSettings& settings,
                               const bot::HandlerContext& context)
    : m_store(store)
    , m_settings(settings)
    , m_context(context)
    , m_spec{
          "listen",
          "listen.summary",
          {
              {"", "listen", "listen.usage.list", bot::Access::colleague},
              {"list", "listen list", "listen.usage.list", bot::Access::colleague},
              {"add", "listen add <name> [competitor] <query...>", "listen.usage.add",
               bot::Access::lead},
              {"remove", "listen remove <name>", "listen.usage.remove", bot::Access::lead},
              {"sources", "listen sources", "listen.usage.sources", bot::Access::colleague},
              {"source",
               "listen source add rss <url> | mastodon <instance> <#hashtag> | reddit <query> "
               "| hackernews <query> · listen source remove <id>",
               "listen.usage.source",
               bot::Access::lead,
               {{"add", bot::Access::lead}, {"remove", bot::Access::lead}}},
              {"poll", "listen poll [<source-id>]", "listen.usage.poll", bot::Access::colleague},
              {"mute", "listen mute <name> <hours>", "listen.usage.mute", bot::Access::colleague},
              // Anyone: the spike alert's "Mute 24 h" and "Less sensitive" buttons
              // run these for whoever on the team presses them.
              {"sensitivity", "listen sensitivity <name> low|normal|high",
               "listen.usage.sensitivity", bot::Access::colleague},
              {"alert",
               "listen alert <id> declare|irrelevant|exclude <term>",
               "listen.usage.alert",
               bot::Access::colleague,
               // Raising the alarm is anyone's; changing a query is for lead roles.
               {{"declare"}, {"irrelevant"}, {"exclude", bot::Access::lead}},
               1},
          },
          {"listen add acme \"Acme Corp\" OR #acme -job",
           "listen add rival competitor \"Rival Inc\"",
           "listen source add rss https://www.google.com/alerts/feeds/123/456",
           "listen source add mastodon mastodon.social #acme", "listen poll",
           "listen mute acme 24"},
          std::nullopt} {}

std::vector<bot::Reply> ListenCommands::handle(const bot::Invocation& invocation) {
    using Handler = std::vector<bot::Reply> (ListenCommands::*)(const bot::Invocation&);
    static const std::pair<std::string_view, Handler> k_table[] = {
        {"add", &ListenCommands::add},
        {"remove", &ListenCommands::remove},
        {"sources", &ListenCommands::sources},
        {"source", &ListenCommands::source},
        {"poll", &ListenCommands::poll},
        {"mute", &ListenCommands::mute},
        {"sensitivity", &ListenCommands::sensitivity},
    };
    for (const auto& [name, function] : k_table) {
        if (name == invocation.subcommand.name) {
            return (this->*function)(invocation);
        }
    }
    if (invocation.subcommand.name == "alert") {
        if (!m_on_alert) {
            throw bot::UsageError(m_context.catalog.text("listen.alerts_off"));
        }
        return m_on_alert(invocation);
    }
    return list(invocation);
}

std::int64_t ListenCommands::now_millis() const {
    return bot::to_millis(m_context.clock.now());
}

storage::ListenQueryRow ListenCommands::require_query(const bot::Invocation& invocation) {
    if (invocation.args.empty()) {
        throw bot::UsageError(m_context.catalog.text("listen.need_name"));
    }
    auto query = m_store.find_query(invocation.args[0]);
    if (!query) {
        throw bot::UsageError(m_context.catalog.text("listen.unknown_query", {invocation.args[0]}));
    }
    return std::move(*query);
}

std::vector<bot::Reply> ListenCommands::list(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    if (!invocation.args.empty()) {
        throw bot::UsageError(catalog.text("listen.unexpected", {invocation.args[0]}));
    }
    const std::int64_t now = now_millis();
    bot::Reply reply = bot::Reply::to_place();
    reply.heading(catalog.text("listen.list_heading"));
    const auto queries = m_store.list_queries(now);
    if (queries.empty()) {
        reply.text(
            catalog.rich("listen.list_empty", {catalog.command("listen add <name> <query...>")}));
        return {std::move(reply)};
    }
    std::vector<bot::Inline> items;
    for (const storage::ListenQueryRow& query : queries) {
        bot::Inline item{bot::strong(query.name)};
        if (query.is_competitor) {
            item.push_back(bot::plain(" " + catalog.text("listen.competitor_mark")));
        }
        item.push_back(bot::plain(" "));
        item.push_back(bot::code(query.query));
        const bot::Inline counts =
            catalog.rich("listen.counts", {bot::plain(std::to_string(query.count_24h)),
                                           bot::plain(std::to_string(query.count_7d))});
        item.insert(item.end(), counts.begin(), counts.end());
        if (query.muted_until && *query.muted_until > now) {
            const bot::Inline muted = catalog.rich(
                "listen.muted_mark",
                {bot::plain(bot::format_date_time(bot::from_millis(*query.muted_until),
                                                  m_context.zone, m_context.locale()))});
            item.insert(item.end(), muted.begin(), muted.end());
        }
        if (query.sensitivity != "normal") {
            const bot::Inline level =
                catalog.rich("listen.sensitivity_mark",
                             {bot::plain(catalog.text("listen.sensitivity." + query.sensitivity))});
            item.insert(item.end(), level.begin(), level.end());
        }
        items.push_back(std::move(item));
    }
    reply.list(std::move(items));
    return {std::move(reply)};
}

std::vector<bot::Reply> ListenCommands::add(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.empty()) {
        throw bot::UsageError(catalog.text("listen.need_name"));
    }
    const std::string& name = args[0];
    if (!is_query_name(name) || bot::utf8_length(name) > k_max_name) {
        throw bot::UsageError(catalog.text("listen.bad_name", {name, std::to_string(k_max_name)}));
    }
    const bool is_competitor = args.size() > 1 && bot::ascii_lower(args[1]) == "competitor";
    const std::size_t first = is_competitor ? 2 : 1;
    if (args.size() <= first) {
        throw bot::UsageError(catalog.text("listen.need_query"));
    }
    if (m_store.find_query(name)) {
        throw bot::UsageError(catalog.text("listen.name_taken", {name}));
    }
    const std::string typed = invocation.typed_from(first);
    Query query;
    try {
        query = Query::parse(typed);
    } catch (const QueryError& e) {
        throw bot::UsageError(catalog.text(e.key(), {std::to_string(e.position())}));
    }
    storage::ListenQueryRow row;
    row.name = name;
    row.query = query.text();
    row.is_competitor = is_competitor;
    row.created_by = invocation.user().key();
    row.created_at = now_millis();
    m_store.add_query(row);

    bot::Reply reply = bot::Reply::to_place();
    reply.text(catalog.rich(is_competitor ? "listen.added_competitor" : "listen.added",
                            {bot::strong(name), bot::code(row.query)}));
    if (m_store.list_sources().empty()) {
        reply.context(
            catalog.rich("listen.hint_sources", {catalog.command("listen source add rss <url>")}));
    }
    return {std::move(reply)};
}

std::vector<bot::Reply> ListenCommands::remove(const bot::Invocation& invocation) {
    const storage::ListenQueryRow query = require_query(invocation);
    if (invocation.args.size() > 1) {
        throw bot::UsageError(m_context.catalog.text("listen.unexpected", {invocation.args[1]}));
    }
    m_store.remove_query(query.name);
    bot::Reply reply = bot::Reply::to_place();
    reply.text(m_context.catalog.rich("listen.removed", {bot::strong(query.name)}));
    return {std::move(reply)};
}

std::vector<bot::Reply> ListenCommands::mute(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const storage::ListenQueryRow query = require_query(invocation);
    if (invocation.args.size() < 2) {
        throw bot::UsageError(catalog.text("listen.need_hours"));
    }
    if (invocation.args.size() > 2) {
        throw bot::UsageError(catalog.text("listen.unexpected", {invocation.args[2]}));
    }
    const std::string& text = invocation.args[1];
    int hours = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), hours);
    if (error != std::errc{} || end != text.data() + text.size() || hours < 0 ||
        hours > k_max_mute_hours) {
        throw bot::UsageError(
            catalog.text("listen.bad_hours", {text, std::to_string(k_max_mute_hours)}));
    }
    bot::Reply reply = bot::Reply::to_place();
    if (hours == 0) {
        m_store.set_muted_until(query.id, std::nullopt);
        reply.text(catalog.rich("listen.unmuted", {bot::strong(query.name)}));
        return {std::move(reply)};
    }
    const bot::TimePoint until = m_context.clock.now() + std::chrono::hours(hours);
    m_store.set_muted_until(query.id, bot::to_millis(until));
    reply.text(catalog.rich("listen.muted", {bot::strong(query.name),
                                             bot::plain(bot::format_date_time(
                                                 until, m_context.zone, m_context.locale()))}));
    return {std::move(reply)};
}

std::vector<bot::Reply> ListenCommands::sensitivity(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const storage::ListenQueryRow query = require_query(invocation);
    if (invocation.args.size() < 2) {
        throw bot::UsageError(catalog.text("listen.need_sensitivity"));
    }
    if (invocation.args.size() > 2) {
        throw bot::UsageError(catalog.text("listen.unexpected", {invocation.args[2]}));
    }
    const std::string level = bot::ascii_lower(invocation.args[1]);
    if (std::ranges::find(k_sensitivities, level) == k_sensitivities.end()) {
        throw bot::UsageError(catalog.text("listen.bad_sensitivity", {invocation.args[1]}));
    }
    m_store.set_sensitivity(query.id, level);
    bot::Reply reply = bot::Reply::to_place();
    reply.text(catalog.rich(
        "listen.sensitivity_set",
        {bot::strong(query.name), bot::plain(catalog.text("listen.sensitivity." + level))}));
    return {std::move(reply)};
}

} // namespace onevoice::commands
