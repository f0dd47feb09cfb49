#include "commands/team/team_commands.hpp"

#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/model/roles.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/tokenizer.hpp"

#include <algorithm>

namespace onevoice::commands {
namespace {

constexpr std::size_t k_max_reason = 500;

// " (@alice:example.org)" after a mention that a client shows by display name,
// so a role visibly goes to exactly this person; nothing on the console,
// where the name is the id.
bot::Span full_id_after(const bot::UserRef& user) {
    return bot::plain(user.platform == "console" ? "" : " (" + bot::full_id(user) + ")");
}

} // namespace

TeamCommands::TeamCommands(storage::TeamStore& team, bot::Availability& availability,
                           const bot::HandlerContext& context)
    : m_team(team)
    , m_availability(availability)
    , m_context(context)
    , m_spec{"team",
             "team.summary",
             {
                 {"", "team", "team.usage.roster", bot::Access::colleague},
                 // Like `idea list`, `crisis list` and `listen list`: the same roster.
                 {"list", "team list", "team.usage.roster", bot::Access::colleague},
                 {"add", "team add @user <role>[,<role>...]", "team.usage.add", bot::Access::lead},
                 {"remove", "team remove @user", "team.usage.remove", bot::Access::lead},
                 {"away", "team away [@user] <from> <until> [cover @deputy] [reason...]",
                  "team.usage.away", bot::Access::colleague},
                 {"back", "team back [@user]", "team.usage.back", bot::Access::colleague},
             },
             {"team add @alice community,expert",
              "team away 2030-07-01 2030-07-14 cover @bob vacation", "team back"},
             std::nullopt} {}

std::vector<bot::Reply> TeamCommands::handle(const bot::Invocation& invocation) {
    const std::string& name = invocation.subcommand.name;
    if (name.empty() || name == "list") {
        return roster(invocation);
    }
    if (name == "add") {
        return add(invocation);
    }
    if (name == "remove") {
        return remove(invocation);
    }
    if (name == "away") {
        return away(invocation);
    }
    return back(invocation);
}

bot::Inline TeamCommands::absence_text(const storage::AbsenceRow& absence) {
    const auto& catalog = m_context.catalog;
    const auto starts = bot::LocalDate::from_iso(absence.starts_on);
    const auto ends = bot::LocalDate::from_iso(absence.ends_on);
    const std::string until = ends ? m_context.date_text(*ends) : absence.ends_on;
    bot::Inline text =
        starts && *starts <= m_context.today()
            ? catalog.rich("team.away_until", {bot::plain(until)})
            : catalog.rich("team.away_from_to",
                           {bot::plain(starts ? m_context.date_text(*starts) : absence.starts_on),
                            bot::plain(until)});
    if (absence.cover_key) {
        if (const auto cover = m_context.users.find(*absence.cover_key)) {
            const bot::Inline cover_text = catalog.rich("team.covered_by", {bot::mention(*cover)});
            text.insert(text.end(), cover_text.begin(), cover_text.end());
        }
    }
    return text;
}

std::vector<bot::Reply> TeamCommands::roster(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    bot::Reply reply = bot::Reply::to_place();
    // Pressing Refresh replaces the roster it was pressed on instead of adding one.
    if (!invocation.command.source_message.empty()) {
        reply.intent = bot::Edit{.message = invocation.command.source_message};
    }
    reply.heading(catalog.text("team.roster_heading"));
    const auto members = m_team.members();
    if (members.empty()) {
        reply.text(catalog.rich("team.roster_empty"));
        return {reply};
    }
    std::vector<bot::Inline> items;
    // Why someone is away is private: only lead roles and the absent person
    // see it, in a reply of their own, never in the conversation.
    std::vector<bot::Inline> reasons;
    const std::string today = m_context.today().iso();
    for (const storage::UserRow& member : members) {
        bot::UserRef user{member.platform, member.platform_id, member.display_name,
                          member.time_zone};
        bot::Inline item{bot::mention(user), bot::plain(" — ")};
        std::string roles;
        for (const std::string& role_name : m_team.roles_of(member.user_key)) {
            if (const auto role = bot::parse_role(role_name)) {
                roles += (roles.empty() ? "" : ", ") + catalog.text(bot::role_label_key(*role));
            }
        }
        item.push_back(bot::plain(roles));
        for (const storage::AbsenceRow& absence : m_team.absences_from(member.user_key, today)) {
            item.push_back(bot::plain(" · "));
            const bot::Inline text = absence_text(absence);
            item.insert(item.end(), text.begin(), text.end());
            const bool may_see = invocation.is_lead() || member.user_key == invocation.user().key();
            if (may_see && !absence.reason.empty()) {
                reasons.push_back({bot::mention(user), bot::plain(": " + absence.reason)});
            }
        }
        items.push_back(std::move(item));
    }
    reply.list(std::move(items));
    reply.buttons(
        {{catalog.text("team.refresh"), "team.refresh", "team", bot::ButtonStyle::normal}});
    std::vector<bot::Reply> replies{std::move(reply)};
    if (!reasons.empty()) {
        bot::Reply privately = bot::Reply::to_requester();
        privately.text(catalog.rich("team.reasons_heading"));
        privately.list(std::move(reasons));
        replies.push_back(std::move(privately));
    }
    return replies;
}

std::vector<bot::Reply> TeamCommands::add(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.empty()) {
        throw bot::UsageError(catalog.text("team.need_user"));
    }
    const bot::UserRef user = m_context.user_arg(args[0], invocation.command.place.platform);
    const auto names = bot::split_list(std::span(args).subspan(1));
    if (names.empty()) {
        throw bot::UsageError(catalog.text("team.need_role"));
    }
    std::vector<bot::Role> roles;
    for (const std::string& name : names) {
        const auto role = bot::parse_role(name);
        if (!role) {
            throw bot::UsageError(catalog.text("team.unknown_role", {name}));
        }
        // Only a manager makes someone a manager: the one voice stays with them.
        if (*role == bot::Role::manager && !bot::has_role(invocation.roles, bot::Role::manager)) {
            throw bot::PermissionError(catalog.text("team.manager_only"));
        }
        if (!bot::has_role(roles, *role)) {
            roles.push_back(*role);
        }
    }
    const auto now = bot::to_millis(m_context.clock.now());
    std::string added;
    for (const bot::Role role : roles) {
        if (m_team.add_role(user.key(), bot::role_name(role), now, invocation.user().key())) {
            added += (added.empty() ? "" : ", ") + catalog.text(bot::role_label_key(role));
        }
    }
    bot::Reply reply = bot::Reply::to_place();
    if (added.empty()) {
        reply.text(catalog.rich("team.already", {bot::mention(user), full_id_after(user)}));
    } else {
        // The full id too: a role must visibly go to exactly this person.
        reply.text(catalog.rich("team.added",
                                {bot::mention(user), bot::plain(added), full_id_after(user)}));
    }
    return {reply};
}

std::vector<bot::Reply> TeamCommands::remove(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    if (invocation.args.empty()) {
        throw bot::UsageError(catalog.text("team.need_user"));
    }
    if (invocation.args.size() > 1) {
        throw bot::UsageError(catalog.text("arg.unexpected", {invocation.args[1]}));
    }
    const bot::UserRef user =
        m_context.user_arg(invocation.args[0], invocation.command.place.platform);
    const auto roles = m_team.roles_of(user.key());
    if (roles.empty()) {
        throw bot::UsageError(catalog.text("team.not_member", {user.name()}));
    }
    const bool is_manager = std::find(roles.begin(), roles.end(), "manager") != roles.end();
    if (is_manager && !bot::has_role(invocation.roles, bot::Role::manager)) {
        throw bot::PermissionError(catalog.text("team.manager_only"));
    }
    if (is_manager && m_team.with_role("manager").size() == 1) {
        throw bot::UsageError(catalog.text("team.last_manager"));
    }
    m_team.remove_member(user.key());
    return {bot::Reply::to_place().text(
        catalog.rich("team.removed", {bot::mention(user), full_id_after(user)}))};
}

bot::UserRef TeamCommands::subject(const bot::Invocation& invocation,
                                   std::span<const std::string>& args) {
    const std::string& platform = invocation.command.place.platform;
    if (args.empty() || !bot::parse_user_token(args.front(), platform)) {
        return invocation.user();
    }
    bot::UserRef user = m_context.user_arg(args.front(), platform);
    args = args.subspan(1);
    if (!(user == invocation.user()) && !invocation.is_lead()) {
        throw bot::PermissionError(m_context.catalog.text("team.others_lead_only"));
    }
    return user;
}

std::vector<bot::Reply> TeamCommands::away(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    std::span<const std::string> args(invocation.args);
    const bot::UserRef user = subject(invocation, args);
    bot::LocalDate from;
    bot::LocalDate until;
    const std::size_t length = bot::date_phrase_length(args);
    if (!args.empty() && bot::is_next_week(length == 2 ? args[0] + " " + args[1] : args[0])) {
        // A period where two dates are expected: Monday to Sunday of next week.
        from = bot::monday_of_next_week(m_context.today());
        until = from.plus_days(6);
        args = args.subspan(length);
    } else {
        if (args.size() < 2) {
            throw bot::UsageError(catalog.text("team.need_dates"));
        }
        from = m_context.date_arg(args);
        if (args.empty()) {
            throw bot::UsageError(catalog.text("team.need_dates"));
        }
        until = m_context.date_arg(args);
    }
    if (until < from) {
        throw bot::UsageError(catalog.text(
            "team.until_before_from", {m_context.date_text(until), m_context.date_text(from)}));
    }
    if (until < m_context.today()) {
        throw bot::UsageError(catalog.text("team.in_the_past"));
    }
    std::optional<bot::UserRef> cover;
    if (!args.empty() && bot::ascii_lower(args.front()) == "cover") {
        if (args.size() < 2) {
            throw bot::UsageError(catalog.text("team.need_cover"));
        }
        cover = m_context.user_arg(args[1], invocation.command.place.platform);
        if (*cover == user) {
            throw bot::UsageError(catalog.text("team.self_cover"));
        }
        args = args.subspan(2);
    }
    const std::string reason = m_context.text_arg(args, k_max_reason);

    for (const storage::AbsenceRow& existing : m_team.absences_from(user.key(), from.iso())) {
        if (existing.starts_on <= until.iso()) {
            throw bot::UsageError(catalog.text("team.overlaps", {user.name()}));
        }
    }
    storage::AbsenceRow absence;
    absence.user_key = user.key();
    absence.starts_on = from.iso();
    absence.ends_on = until.iso();
    if (cover) {
        absence.cover_key = cover->key();
    }
    absence.reason = reason;
    absence.created_by = invocation.user().key();
    m_team.add_absence(absence, bot::to_millis(m_context.clock.now()));

    bot::Inline text = catalog.rich("team.is", {bot::mention(user)});
    const bot::Inline details = absence_text(absence);
    text.insert(text.end(), details.begin(), details.end());
    std::vector<bot::Reply> replies{bot::Reply::to_place().text(std::move(text))};

    if (cover && !(*cover == invocation.user())) {
        replies.push_back(bot::Reply::direct_to(*cover).text(catalog.rich(
            "team.you_cover", {bot::mention(user), bot::plain(m_context.date_text(from)),
                               bot::plain(m_context.date_text(until))})));
    }
    // Said back privately: why someone is away is not for the whole channel.
    if (!absence.reason.empty()) {
        replies.push_back(bot::Reply::to_requester().text(
            catalog.rich("team.reason_private", {bot::plain(absence.reason)})));
    }
    return replies;
}

std::vector<bot::Reply> TeamCommands::back(const bot::Invocation& invocation) {
    std::span<const std::string> args(invocation.args);
    const bot::UserRef user = subject(invocation, args);
    if (!args.empty()) {
        throw bot::UsageError(m_context.catalog.text("arg.unexpected", {args.front()}));
    }
    const auto current = m_availability.absence_on(user.key(), m_context.today());
    const int ended = m_team.end_absences(user.key(), m_context.today().iso(),
                                          bot::to_millis(m_context.clock.now()));
    if (ended == 0) {
        throw bot::UsageError(m_context.catalog.text("team.not_away", {user.name()}));
    }
    std::vector<bot::Reply> replies{bot::Reply::to_place().text(
        m_context.catalog.rich("team.welcome_back", {bot::mention(user)}))};
    const auto since = current ? bot::LocalDate::from_iso(current->starts_on) : std::nullopt;
    if (m_on_back && since) {
        for (bot::Reply& reply : m_on_back(user, *since)) {
            replies.push_back(std::move(reply));
        }
    }
    return replies;
}

} // namespace onevoice::commands
