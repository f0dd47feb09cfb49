#pragma once

#include "bot/model/catalog.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/model.hpp"
#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/storage_outage.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace onevoice::storage {
class Database;
class DbError;
class EventLog;
class Settings;
} // namespace onevoice::storage

namespace onevoice::bot {

class Counter;
class Metrics;
class OutboxWriter;
class UserDirectory;

struct RouteOutcome {
    enum class Kind {
        done,       // committed: acknowledge the event
        duplicate,  // seen before: acknowledge, nothing ran
        not_stored, // the database refused: do not acknowledge; the platform redelivers
    };
    Kind kind = Kind::done;
    std::size_t replies = 0;
    std::string error; // for not_stored
    // For not_stored: "cannot store anything right now", to send to the requester
    // at once and only best effort, bypassing the outbox (which cannot be written
    // either). Empty when this event was told so already during this outage.
    std::optional<Reply> refusal;

    bool should_ack() const { return kind != Kind::not_stored; }
};

// The heart of "the life of a command" (DESIGN.md): one transaction checks the
// event id, runs the handler, writes its replies to the outbox and records the
// id. Bad input rolls back the handler's changes but still commits the error
// reply and the id, so a redelivery is not answered twice.
class Router {
public:
    // Longer command texts are refused before any handler sees them.
    static constexpr std::size_t k_max_text = 4000;

    Router(storage::Database& db, storage::EventLog& events, UserDirectory& users,
           OutboxWriter& outbox, const Catalog& catalog, const Clock& clock);
    ~Router();

    // Registers a handler under its spec's name; the handler must outlive the router.
    void add(CommandHandler& handler);
    // Counts every dispatch by command and outcome (ok, refused, usage_error,
    // failed, duplicate); `metrics` must outlive the router.
    void set_metrics(Metrics& metrics);
    const CommandSpec* find(std::string_view name) const;
    // Every registered command, by name.
    std::vector<const CommandSpec*> specs() const;

    // A command's Checkpoint is written to the settings table in the same
    // transaction as its effects (not for a duplicate, which changes nothing).
    RouteOutcome dispatch(Command command);
    // Several commands in one transaction, each as if alone (its own savepoint,
    // a duplicate of an earlier one in the batch is recognised): one commit
    // instead of one per command. One outcome per command, in order; when the
    // commit fails, none of them is stored.
    std::vector<RouteOutcome> dispatch(std::vector<Command> commands);
    // A button press runs the command line in its value, as the presser.
    RouteOutcome dispatch(const Action& action);

private:
    // `outcome` is set to the metrics outcome of the run.
    std::vector<Reply> run(Command& command, std::string_view& outcome);
    // Runs one command inside the caller's transaction; returns its metrics outcome.
    std::string_view run_stored(Command& command, RouteOutcome& outcome);
    void count(const Command& command, std::string_view outcome) const;
    std::vector<Reply> invoke(Command& command);
    Reply usage_reply(const std::string& problem, const std::vector<std::string>& usages) const;
    // The outcome of a command whose transaction the database refused.
    RouteOutcome not_stored(const Command& command, const storage::DbError& error);

    storage::Database& m_db;
    storage::EventLog& m_events;
    UserDirectory& m_users;
    OutboxWriter& m_outbox;
    const Catalog& m_catalog;
    const Clock& m_clock;
    std::map<std::string, CommandHandler*, std::less<>> m_handlers;
    std::unique_ptr<storage::Settings> m_settings; // prepared on the first checkpoint
    StorageOutage m_outage;
    Counter* m_commands = nullptr;
    Counter* m_refusals = nullptr;
};

// The usage lines of a command, one per subcommand.
std::vector<std::string> usage_lines(const CommandSpec& spec);

} // namespace onevoice::bot
