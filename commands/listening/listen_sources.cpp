// `listen sources`, `listen source add|remove` and `listen poll`.
#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/model/fetch_error.hpp"
#include "bot/text/private_address.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/url.hpp"
#include "bot/text/utf8.hpp"
#include "commands/listening/listen_commands.hpp"
#include "commands/listening/source_poller.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace onevoice::commands {
namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// `text` as an http(s) URL the source fetcher can call; nullopt for anything
// else, a password in the user info too (it would stay in chat history).
std::optional<bot::Url> http_url(std::string_view text) {
    auto url = bot::Url::parse(text);
    return url && !url->websocket() ? url : std::nullopt;
}

// Mastodon hashtags: letters (also non-ASCII), digits and '_'.
bool is_hashtag(std::string_view tag) {
    return !tag.empty() && std::ranges::all_of(tag, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x80 || std::isalnum(byte) != 0 || c == '_';
    });
}

constexpr std::array<std::string_view, 4> k_kinds{"rss", "mastodon", "reddit", "hackernews"};

} // namespace

void ListenCommands::request_poll(const bot::Invocation& invocation,
                                  const std::vector<std::int64_t>& ids) {
    const bot::Command& command = invocation.command;
    storage::PollRequestRow request;
    request.user_platform = command.user.platform;
    request.user_id = command.user.id;
    request.user_name = command.user.display_name;
    request.conversation = command.place.conversation;
    request.thread = command.place.thread;
    request.is_direct = command.place.is_direct;
    request.created_at = now_millis();
    m_store.add_poll_request(request, ids);
}

std::vector<bot::Reply> ListenCommands::sources(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    if (!invocation.args.empty()) {
        throw bot::UsageError(catalog.text("listen.unexpected", {invocation.args[0]}));
    }
    bot::Reply reply = bot::Reply::to_place();
    reply.heading(catalog.text("listen.sources_heading"));
    const auto rows = m_store.list_sources();
    if (rows.empty()) {
        reply.text(
            catalog.rich("listen.sources_empty", {catalog.command("listen source add rss <url>")}));
        return {std::move(reply)};
    }
    const auto when = [this](std::int64_t at) {
        return bot::plain(
            bot::format_date_time(bot::from_millis(at), m_context.zone, m_context.locale()));
    };
    std::vector<bot::Inline> items;
    for (const storage::ListenSourceRow& source : rows) {
        bot::Inline item{bot::plain(bot::source_label(source))};
        const auto add = [&item](const bot::Inline& more) {
            item.insert(item.end(), more.begin(), more.end());
        };
        add(catalog.rich(
            "listen.source_every",
            {bot::plain(std::to_string(std::max<std::int64_t>(1, source.interval_seconds / 60)))}));
        if (source.last_poll_at) {
            add(catalog.plural_rich(
                "listen.source_polled", source.item_count,
                {when(*source.last_poll_at), bot::plain(std::to_string(source.item_count))}));
        } else {
            add(catalog.rich("listen.source_never"));
        }
        if (!source.last_error.empty()) {
            add(catalog.rich("listen.source_error",
                             {bot::plain(bot::describe_fetch_error(catalog, source.last_error)),
                              bot::plain(std::to_string(source.consecutive_failures)),
                              when(source.failing_since.value_or(0))}));
        }
        items.push_back(std::move(item));
    }
    reply.list(std::move(items));
    return {std::move(reply)};
}

std::vector<bot::Reply> ListenCommands::source(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    if (invocation.args.empty()) {
        throw bot::UsageError(catalog.text("listen.need_source_action"));
    }
    const std::string action = bot::ascii_lower(invocation.args[0]);
    if (action == "add") {
        return add_source(invocation);
    }
    if (action == "remove") {
        return remove_source(invocation);
    }
    throw bot::UsageError(catalog.text("listen.bad_source_action", {invocation.args[0]}));
}

std::vector<bot::Reply> ListenCommands::add_source(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args; // "add", kind, ...
    if (args.size() < 2) {
        throw bot::UsageError(catalog.text("listen.need_kind"));
    }
    storage::ListenSourceRow row;
    row.kind = bot::ascii_lower(args[1]);
    if (std::ranges::find(k_kinds, row.kind) == k_kinds.end()) {
        throw bot::UsageError(catalog.text("listen.bad_kind", {args[1]}));
    }
    const auto rest = std::span<const std::string>(args).subspan(2);
    std::optional<bot::Url> endpoint; // of an rss feed or a Mastodon instance
    if (row.kind == "rss") {
        if (rest.empty()) {
            throw bot::UsageError(catalog.text("listen.need_url"));
        }
        if (rest.size() > 1) {
            throw bot::UsageError(catalog.text("listen.unexpected", {rest[1]}));
        }
        endpoint = http_url(rest[0]);
        if (!endpoint) {
            throw bot::UsageError(catalog.text("listen.bad_url", {rest[0]}));
        }
        row.target = endpoint->str();
    } else if (row.kind == "mastodon") {
        if (rest.size() < 2) {
            throw bot::UsageError(catalog.text("listen.need_instance"));
        }
        if (rest.size() > 2) {
            throw bot::UsageError(catalog.text("listen.unexpected", {rest[2]}));
        }
        // A bare host name ("mastodon.social") means https.
        const std::string& instance = rest[0];
        endpoint =
            http_url(instance.find("://") == std::string::npos ? "https://" + instance : instance);
        if (!endpoint || endpoint->target != "/") {
            throw bot::UsageError(catalog.text("listen.bad_instance", {instance}));
        }
        // The instance is a base URL, without the trailing '/'.
        row.target = endpoint->scheme + "://" + endpoint->host_header();
        std::string tag = rest[1].starts_with('#') ? rest[1].substr(1) : rest[1];
        if (!is_hashtag(tag)) {
            throw bot::UsageError(catalog.text("listen.bad_hashtag", {rest[1]}));
        }
        std::ranges::transform(tag, tag.begin(), lower);
        row.term = tag;
    } else {
        if (rest.empty()) {
            throw bot::UsageError(catalog.text("listen.need_search"));
        }
        row.term = invocation.typed_from(2);
        if (const std::size_t length = bot::utf8_length(row.term); length > k_max_search) {
            throw bot::UsageError(catalog.text(
                "arg.too_long", {std::to_string(length), std::to_string(k_max_search)}));
        }
    }
    // Only the literal host can be checked here; the fetcher checks the address
    // a name resolves to at every poll.
    if (endpoint && !m_settings.allow_private_addresses && bot::is_private_host(endpoint->host)) {
        const std::string& host = endpoint->host;
        throw bot::UsageError(
            catalog.text("listen.private_address",
                         {host.find(':') == std::string::npos ? host : "[" + host + "]"}));
    }
    if (const auto existing = m_store.find_source(row.kind, row.target, row.term)) {
        throw bot::UsageError(catalog.text("listen.source_exists", {std::to_string(existing->id)}));
    }
    const std::int64_t now = now_millis();
    row.interval_seconds = m_settings.poll_interval.count();
    row.next_poll_at = now; // polled at once: the poller wakes after this command
    row.created_by = invocation.user().key();
    row.created_at = now;
    row.id = m_store.add_source(row);
    request_poll(invocation, {row.id});
    bot::Reply reply = bot::Reply::to_place();
    reply.text(catalog.rich(
        "listen.source_added",
        {bot::plain(bot::source_label(row)),
         bot::plain(std::to_string(std::max<std::int64_t>(1, row.interval_seconds / 60)))}));
    return {std::move(reply)};
}

std::vector<bot::Reply> ListenCommands::remove_source(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args; // "remove", id
    if (args.size() < 2) {
        throw bot::UsageError(catalog.text("listen.need_source_id"));
    }
    if (args.size() > 2) {
        throw bot::UsageError(catalog.text("listen.unexpected", {args[2]}));
    }
    const std::int64_t id = m_context.id_arg(args[1]);
    const auto source = m_store.find_source(id);
    if (!source) {
        throw bot::UsageError(catalog.text("listen.unknown_source", {std::to_string(id)}));
    }
    m_store.remove_source(id);
    bot::Reply reply = bot::Reply::to_place();
    reply.text(catalog.rich("listen.source_removed", {bot::plain(bot::source_label(*source))}));
    return {std::move(reply)};
}

std::vector<bot::Reply> ListenCommands::poll(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.size() > 1) {
        throw bot::UsageError(catalog.text("listen.unexpected", {args[1]}));
    }
    std::vector<std::int64_t> ids;
    if (args.empty()) {
        for (const storage::ListenSourceRow& source : m_store.list_sources()) {
            ids.push_back(source.id);
        }
        if (ids.empty()) {
            throw bot::UsageError(catalog.text("listen.no_sources"));
        }
    } else {
        const std::int64_t id = m_context.id_arg(args[0]);
        if (!m_store.find_source(id)) {
            throw bot::UsageError(catalog.text("listen.unknown_source", {std::to_string(id)}));
        }
        ids.push_back(id);
    }
    const std::int64_t now = now_millis();
    for (const std::int64_t id : ids) {
        m_store.mark_due(id, now);
    }
    request_poll(invocation, ids);
    bot::Reply reply = bot::Reply::to_requester();
    reply.text(catalog.plural_rich("listen.polling", static_cast<std::int64_t>(ids.size()),
                                   {bot::plain(std::to_string(ids.size()))}));
    return {std::move(reply)};
}

} // namespace onevoice::commands
