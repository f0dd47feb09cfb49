#include "bot/runtime/router.hpp"

#include "bot/model/errors.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox.hpp"
#include "bot/runtime/users.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/typo.hpp"
#include "bot/text/utf8.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"

#include <algorithm>

namespace onevoice::bot {
namespace {

// The usage line to show with an error inside a subcommand.
struct FailedUsage : UsageError {
    FailedUsage(const std::string& what, std::vector<std::string> lines)
        : UsageError(what)
        , usages(std::move(lines)) {}
    std::vector<std::string> usages;
};

// A command the user's circle or role may not run: counted apart from plain
// usage errors, and by the requester's circle.
struct Refused : FailedUsage {
    Refused(const std::string& what, std::vector<std::string> lines, Circle of)
        : FailedUsage(what, std::move(lines))
        , circle(of) {}
    Circle circle;
};

std::string_view circle_name(Circle circle) {
    switch (circle) {
    case Circle::outsider:
        return "outsider";
    case Circle::colleague:
        return "colleague";
    case Circle::member:
        break;
    }
    return "member";
}

// Whether every part of the command is open to outsiders (`help`).
bool is_open_to_everyone(const CommandSpec& spec) {
    return std::ranges::all_of(
        spec.subcommands, [](const SubcommandSpec& sub) { return sub.access == Access::everyone; });
}

// What the subcommand asks of the requester, with the verb its arguments name
// (`crisis template add`): the stricter of the two.
Access access_needed(const SubcommandSpec& sub, const std::vector<std::string>& words) {
    Access needed = sub.access;
    if (sub.verb_at < words.size()) {
        const std::string verb = ascii_lower(words[sub.verb_at]);
        for (const VerbSpec& candidate : sub.verbs) {
            if (candidate.name == verb) {
                needed = std::max(needed, candidate.access);
            }
        }
    }
    return needed;
}

} // namespace

std::vector<std::string> usage_lines(const CommandSpec& spec) {
    std::vector<std::string> lines;
    for (const SubcommandSpec& sub : spec.subcommands) {
        lines.push_back(sub.usage);
    }
    return lines;
}

Router::Router(storage::Database& db, storage::EventLog& events, UserDirectory& users,
               OutboxWriter& outbox, const Catalog& catalog, const Clock& clock)
    : m_db(db)
    , m_events(events)
    , m_users(users)
    , m_outbox(outbox)
    , m_catalog(catalog)
    , m_clock(clock) {}

Router::~Router() = default;

void Router::add(CommandHandler& handler) {
    m_handlers[handler.spec().name] = &handler;
}

void Router::set_metrics(Metrics& metrics) {
    m_commands = &metrics.counter("commands_total", "Commands handled, by command and outcome.",
                                  {"command", "outcome"});
    m_refusals = &metrics.counter("refusals_total",
                                  "Commands refused for the requester's circle or role, by circle.",
                                  {"circle"});
}

void Router::count(const Command& command, std::string_view outcome) const {
    if (m_commands == nullptr) {
        return;
    }
    // Only registered names become labels: typos must not grow the metric without bound.
    std::string name = command.name;
    if (name.empty()) {
        const Tokens tokens = tokenize(command.text);
        name = tokens.words.empty() ? std::string() : tokens.words.front();
    }
    name = ascii_lower(name.starts_with('/') ? name.substr(1) : name);
    m_commands->inc({m_handlers.contains(name) ? name : "unknown", std::string(outcome)});
}

const CommandSpec* Router::find(std::string_view name) const {
    const auto it = m_handlers.find(name);
    return it == m_handlers.end() ? nullptr : &it->second->spec();
}

std::vector<const CommandSpec*> Router::specs() const {
    std::vector<const CommandSpec*> all;
    for (const auto& [name, handler] : m_handlers) {
        all.push_back(&handler->spec());
    }
    return all;
}

Reply Router::usage_reply(const std::string& problem,
                          const std::vector<std::string>& usages) const {
    Reply reply = Reply::to_requester();
    reply.text(problem);
    if (usages.size() == 1) {
        reply.context(m_catalog.rich("router.usage", {m_catalog.command(usages.front())}));
    } else if (!usages.empty()) {
        std::vector<Inline> items;
        for (const std::string& usage : usages) {
            items.push_back(Inline{m_catalog.command(usage)});
        }
        reply.context(m_catalog.rich("router.usage_many"));
        reply.list(std::move(items));
    }
    return reply;
}

RouteOutcome Router::dispatch(const Action& action) {
    Command command;
    command.event_id = action.event_id;
    command.user = action.user;
    command.place = action.place;
    command.text = action.value;
    command.received_at = action.received_at;
    command.source_message = action.source_message;
    command.checkpoint = action.checkpoint;
    return dispatch(std::move(command));
}

RouteOutcome Router::dispatch(Command command) {
    std::vector<Command> one;
    one.push_back(std::move(command));
    return dispatch(std::move(one)).front();
}

std::vector<RouteOutcome> Router::dispatch(std::vector<Command> commands) {
    std::vector<RouteOutcome> outcomes(commands.size());
    std::vector<std::string_view> results(commands.size());
    try {
        storage::Transaction tx(m_db);
        for (std::size_t i = 0; i < commands.size(); ++i) {
            results[i] = run_stored(commands[i], outcomes[i]);
        }
        tx.commit();
    } catch (const storage::DbError& e) {
        // Nothing of the batch was stored: each command is refused on its own.
        for (std::size_t i = 0; i < commands.size(); ++i) {
            outcomes[i] = not_stored(commands[i], e);
            count(commands[i],
                  outcomes[i].kind == RouteOutcome::Kind::duplicate ? "duplicate" : "failed");
        }
        return outcomes;
    }
    bool wrote = false;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        count(commands[i], results[i]);
        wrote = wrote || outcomes[i].kind == RouteOutcome::Kind::done;
    }
    // Only a write proves that the database takes writes again.
    if (const std::size_t refused = wrote ? m_outage.on_stored() : 0; refused > 0) {
        log::info("the database takes writes again", {{"refused_events", std::to_string(refused)}});
    }
    return outcomes;
}

std::string_view Router::run_stored(Command& command, RouteOutcome& outcome) {
    if (!command.event_id.empty() && m_events.contains(command.event_id)) {
        // Redelivered after a crash or a lost ack: its effects are committed already.
        outcome.kind = RouteOutcome::Kind::duplicate;
        return "duplicate";
    }
    std::string_view result = "ok";
    std::vector<Reply> replies = run(command, result);
    for (Reply& reply : replies) {
        if (reply.place.platform.empty()) {
            reply.place = command.place;
        }
        if (reply.audience == Audience::requester && !reply.recipient) {
            reply.recipient = command.user;
        }
        m_outbox.enqueue(reply);
    }
    if (!command.event_id.empty()) {
        m_events.record(command.event_id, to_millis(m_clock.now()));
    }
    if (!command.checkpoint.key.empty()) {
        if (!m_settings) {
            m_settings = std::make_unique<storage::Settings>(m_db);
        }
        m_settings->put(command.checkpoint.key, command.checkpoint.value);
    }
    outcome.replies = replies.size();
    return result;
}

RouteOutcome Router::not_stored(const Command& command, const storage::DbError& error) {
    RouteOutcome outcome;
    // A read-only or full database can still be read: an event stored before
    // the outage (its ack was lost) is a duplicate, not a command to refuse.
    try {
        if (!command.event_id.empty() && m_events.contains(command.event_id)) {
            outcome.kind = RouteOutcome::Kind::duplicate;
            return outcome;
        }
    } catch (const storage::DbError&) { // NOLINT(bugprone-empty-catch): refused below
    }
    log::error("command not stored; not acknowledged",
               {{"event", command.event_id},
                {"command", command.name},
                {"sqlite_code", std::to_string(error.code())},
                {"error", error.what()}});
    outcome.kind = RouteOutcome::Kind::not_stored;
    outcome.error = error.what();
    if (!m_outage.should_refuse(command.event_id)) {
        return outcome;
    }
    const char* cause = "router.cause_other";
    switch (error.cause()) {
    case storage::DbError::Cause::disk_full:
        cause = "router.cause_disk_full";
        break;
    case storage::DbError::Cause::read_only:
        cause = "router.cause_read_only";
        break;
    case storage::DbError::Cause::busy:
        cause = "router.cause_busy";
        break;
    case storage::DbError::Cause::io_error:
        cause = "router.cause_io_error";
        break;
    case storage::DbError::Cause::other:
        break;
    }
    Reply refusal = Reply::to_requester();
    refusal.text(m_catalog.text("router.not_stored", {m_catalog.text(cause)}));
    refusal.place = command.place;
    refusal.recipient = command.user;
    outcome.refusal = std::move(refusal);
    return outcome;
}

// Runs the command inside a savepoint and turns every failure into a reply.
std::vector<Reply> Router::run(Command& command, std::string_view& outcome) {
    m_users.remember(command.user);
    storage::Savepoint savepoint(m_db, "command");
    try {
        std::vector<Reply> replies = invoke(command);
        savepoint.release();
        outcome = "ok";
        return replies;
    } catch (const Refused& e) {
        savepoint.rollback();
        outcome = "refused";
        if (m_refusals != nullptr) {
            m_refusals->inc({std::string(circle_name(e.circle))});
        }
        return {usage_reply(e.what(), e.usages)};
    } catch (const FailedUsage& e) {
        savepoint.rollback();
        outcome = "usage_error";
        return {usage_reply(e.what(), e.usages)};
    } catch (const UsageError& e) {
        savepoint.rollback();
        outcome = "usage_error";
        return {usage_reply(e.what(), {})};
    } catch (const storage::DbError& e) {
        // A transient failure (full disk, locked file) must reach dispatch so the
        // event is not acknowledged; a constraint violation is a bug in a handler.
        if (e.is_transient()) {
            throw;
        }
        savepoint.rollback();
        outcome = "failed";
        const std::string ref = log::incident_id();
        log::error("command failed",
                   {{"ref", ref}, {"command", command.name}, {"error", e.what()}});
        return {usage_reply(m_catalog.text("router.internal_error", {ref}), {})};
    } catch (const std::exception& e) {
        savepoint.rollback();
        outcome = "failed";
        const std::string ref = log::incident_id();
        log::error("command failed",
                   {{"ref", ref}, {"command", command.name}, {"error", e.what()}});
        return {usage_reply(m_catalog.text("router.internal_error", {ref}), {})};
    }
}

std::vector<Reply> Router::invoke(Command& command) {
    Tokens tokens = tokenize(command.text);
    if (tokens.unbalanced_quote_at) {
        throw UsageError(m_catalog.text("router.unbalanced_quote",
                                        {std::to_string(*tokens.unbalanced_quote_at + 1)}));
    }
    std::vector<std::string> words = std::move(tokens.words);
    std::vector<std::size_t> starts = std::move(tokens.starts);
    const auto drop_first_word = [&words, &starts] {
        words.erase(words.begin());
        starts.erase(starts.begin());
    };
    if (command.name.empty()) {
        if (words.empty()) {
            return {};
        }
        command.name = words.front();
        drop_first_word();
    }
    if (!is_valid_utf8(command.name)) {
        throw UsageError(m_catalog.text("router.invalid_utf8"));
    }
    // "/idea" from Slack, "/onevoice idea ..." as a catch-all slash command.
    command.name = ascii_lower(command.name.front() == '/' ? command.name.substr(1) : command.name);
    if (command.name == "onevoice" && !words.empty()) {
        command.name = ascii_lower(words.front());
        drop_first_word();
    }
    command.args = words;

    // The circle first (DESIGN.md, the trust model): an outsider learns nothing,
    // not even which commands exist, beyond what `help` says.
    std::vector<Role> roles = m_users.roles_of(command.user);
    const Circle circle = m_users.circle_of(command.user, roles);
    const auto handler_it = m_handlers.find(command.name);
    if (circle == Circle::outsider &&
        (handler_it == m_handlers.end() || !is_open_to_everyone(handler_it->second->spec()))) {
        throw Refused(m_catalog.text("router.outsider"), {}, circle);
    }
    if (handler_it == m_handlers.end()) {
        throw UsageError(m_catalog.text("router.unknown_command", {command.name}));
    }
    CommandHandler& handler = *handler_it->second;
    const CommandSpec& spec = handler.spec();

    const auto find_sub = [&spec](std::string_view name) -> const SubcommandSpec* {
        for (const SubcommandSpec& candidate : spec.subcommands) {
            if (candidate.name == name) {
                return &candidate;
            }
        }
        return nullptr;
    };
    const SubcommandSpec* sub = nullptr;
    const SubcommandSpec* meant = nullptr; // a subcommand the first word looks mistyped from
    if (words.empty()) {
        sub = find_sub("");
        if (!sub) {
            throw FailedUsage(m_catalog.text("router.missing_subcommand", {spec.name}),
                              usage_lines(spec));
        }
    } else if ((sub = find_sub(ascii_lower(words.front()))) != nullptr && !sub->name.empty()) {
        drop_first_word();
    } else if (spec.fallback) {
        sub = find_sub(spec.fallback->subcommand);
        const std::string word = ascii_lower(words.front());
        const auto mistyped = std::find_if(
            spec.subcommands.begin(), spec.subcommands.end(), [&](const SubcommandSpec& candidate) {
                return !spec.fallback->typo_key.empty() && !candidate.name.empty() &&
                       candidate.name != spec.fallback->subcommand &&
                       is_typo_of(word, candidate.name);
            });
        meant = mistyped == spec.subcommands.end() ? nullptr : &*mistyped;
    }
    if (!sub) {
        throw FailedUsage(m_catalog.text("router.unknown_subcommand", {words.front(), spec.name}),
                          usage_lines(spec));
    }

    // Checked once the command is known, so the answer can carry its usage line.
    if (!is_valid_utf8(command.text)) {
        throw FailedUsage(m_catalog.text("router.invalid_utf8"), {sub->usage});
    }
    if (const std::size_t length = utf8_length(command.text); length > k_max_text) {
        throw FailedUsage(
            m_catalog.text("router.too_long", {std::to_string(length), std::to_string(k_max_text)}),
            {sub->usage});
    }
    // Typos are asked about, never run as the fallback (COMMANDS.md): `idea shwo 1`
    // is not the idea "shwo 1"; `idea add shwo 1` is.
    if (meant != nullptr) {
        const std::string rest =
            words.size() > 1 ? std::string(typed_from(command.text, starts[1])) : "";
        const std::string question =
            spec.name + " " + meant->name + (rest.empty() ? "" : " " + rest);
        throw FailedUsage(m_catalog.text(spec.fallback->typo_key, {question, words.front()}),
                          {sub->usage});
    }
    const Access needed = access_needed(*sub, words);
    Invocation invocation{command,          *sub,   std::move(words),
                          std::move(roles), circle, std::move(starts)};
    if (needed == Access::member && !invocation.is_member()) {
        throw Refused(m_catalog.text("router.members_only"), {sub->usage}, circle);
    }
    if (needed == Access::lead && !invocation.is_lead()) {
        // With nobody on the roster as manager, say how to get one instead.
        const char* key = m_users.has_manager() ? "router.lead_only" : "router.no_manager";
        throw Refused(m_catalog.text(key), {sub->usage}, circle);
    }
    try {
        return handler.handle(invocation);
    } catch (const FailedUsage&) {
        throw;
    } catch (const PermissionError& e) {
        throw Refused(e.what(), {sub->usage}, circle);
    } catch (const UsageError& e) {
        throw FailedUsage(e.what(), {sub->usage});
    }
}

} // namespace onevoice::bot
