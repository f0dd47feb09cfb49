#include "commands/team/expert_commands.hpp"

#include "bot/model/errors.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/fold.hpp"
#include "bot/text/utf8.hpp"

namespace onevoice::commands {
namespace {

constexpr std::size_t k_max_topic = 40;

} // namespace

std::optional<std::string> normalize_topic(std::string_view text) {
    if (!text.empty() && text.front() == '#') {
        text.remove_prefix(1);
    }
    std::string topic = bot::fold(text);
    if (topic.empty() || bot::utf8_length(topic) > k_max_topic || !bot::is_valid_utf8(topic)) {
        return std::nullopt;
    }
    for (const char c : topic) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                        static_cast<unsigned char>(c) >= 0x80;
        if (!ok) {
            return std::nullopt;
        }
    }
    return topic;
}

ExpertCommands::ExpertCommands(storage::TeamStore& team, bot::Availability& availability,
                               const bot::HandlerContext& context)
    : m_team(team)
    , m_availability(availability)
    , m_context(context)
    , m_spec{"experts",
             "experts.summary",
             {
                 {"", "experts", "experts.usage.list", bot::Access::colleague},
                 {"add", "experts add @user <topic>[,<topic>...]", "experts.usage.add",
                  bot::Access::lead},
                 {"remove", "experts remove @user [<topic>]", "experts.usage.remove",
                  bot::Access::lead},
             },
             {"experts add @alice billing,shipping", "experts remove @alice shipping"},
             std::nullopt} {}

std::vector<bot::Reply> ExpertCommands::handle(const bot::Invocation& invocation) {
    const std::string& name = invocation.subcommand.name;
    if (name == "add") {
        return add(invocation);
    }
    if (name == "remove") {
        return remove(invocation);
    }
    return list();
}

std::vector<bot::Reply> ExpertCommands::list() {
    const auto& catalog = m_context.catalog;
    bot::Reply reply = bot::Reply::to_place();
    reply.heading(catalog.text("experts.heading"));
    const auto rows = m_team.all_experts();
    if (rows.empty()) {
        reply.text(catalog.rich("experts.empty"));
        return {reply};
    }
    const bot::LocalDate today = m_context.today();
    std::vector<bot::Inline> items;
    for (std::size_t i = 0; i < rows.size();) {
        const std::string& topic = rows[i].topic;
        bot::Inline item{bot::strong(topic), bot::plain(": ")};
        bool first = true;
        for (; i < rows.size() && rows[i].topic == topic; ++i) {
            const auto expert = m_context.users.find(rows[i].user_key);
            if (!expert) {
                continue;
            }
            item.push_back(bot::plain(first ? "" : ", "));
            first = false;
            item.push_back(bot::mention(*expert));
            if (m_availability.is_away(expert->key(), today)) {
                const auto stand_in = m_availability.stand_in(*expert, today);
                const bot::Inline note =
                    stand_in ? catalog.rich("experts.away_covered", {bot::mention(stand_in->user)})
                             : catalog.rich("experts.away");
                item.insert(item.end(), note.begin(), note.end());
            }
        }
        items.push_back(std::move(item));
    }
    reply.list(std::move(items));
    return {reply};
}

std::vector<bot::Reply> ExpertCommands::add(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.empty()) {
        throw bot::UsageError(catalog.text("team.need_user"));
    }
    const bot::UserRef user = m_context.user_arg(args[0], invocation.command.place.platform);
    const auto words = bot::split_list(std::span(args).subspan(1));
    if (words.empty()) {
        throw bot::UsageError(catalog.text("experts.need_topic"));
    }
    std::vector<std::string> topics;
    for (const std::string& word : words) {
        const auto topic = normalize_topic(word);
        if (!topic) {
            throw bot::UsageError(catalog.text("experts.bad_topic", {word}));
        }
        topics.push_back(*topic);
    }
    const auto now = bot::to_millis(m_context.clock.now());
    m_team.add_role(user.key(), "expert", now, invocation.user().key());
    std::string added;
    for (const std::string& topic : topics) {
        if (m_team.add_topic(user.key(), topic, now)) {
            added += (added.empty() ? "" : ", ") + topic;
        }
    }
    if (added.empty()) {
        return {bot::Reply::to_place().text(catalog.rich("experts.already", {bot::mention(user)}))};
    }
    return {bot::Reply::to_place().text(
        catalog.rich("experts.added", {bot::mention(user), bot::plain(added)}))};
}

// An expert without topics is no expert: the roster must not say otherwise.
void ExpertCommands::drop_role_without_topics(const bot::UserRef& user) {
    for (const storage::ExpertRow& row : m_team.all_experts()) {
        if (row.user_key == user.key()) {
            return;
        }
    }
    m_team.remove_role(user.key(), "expert");
}

std::vector<bot::Reply> ExpertCommands::remove(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.empty()) {
        throw bot::UsageError(catalog.text("team.need_user"));
    }
    if (args.size() > 2) {
        throw bot::UsageError(catalog.text("arg.unexpected", {args[2]}));
    }
    const bot::UserRef user = m_context.user_arg(args[0], invocation.command.place.platform);
    if (args.size() == 2) {
        const auto topic = normalize_topic(args[1]);
        if (!topic) {
            throw bot::UsageError(catalog.text("experts.bad_topic", {args[1]}));
        }
        if (!m_team.remove_topic(user.key(), *topic)) {
            throw bot::UsageError(catalog.text("experts.not_expert_for", {user.name(), *topic}));
        }
        drop_role_without_topics(user);
        return {bot::Reply::to_place().text(
            catalog.rich("experts.removed_topic", {bot::mention(user), bot::plain(*topic)}))};
    }
    if (m_team.remove_topics(user.key()) == 0) {
        throw bot::UsageError(catalog.text("experts.not_expert", {user.name()}));
    }
    drop_role_without_topics(user);
    return {bot::Reply::to_place().text(catalog.rich("experts.removed", {bot::mention(user)}))};
}

} // namespace onevoice::commands
