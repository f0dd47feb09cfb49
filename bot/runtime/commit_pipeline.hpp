#pragma once

#include "bot/model/model.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace onevoice::storage {
class Database;
}

namespace onevoice::bot {

// Counts commits and has them synced in the background: storage::WalFlusher
// in the bot, one driven by hand in tests. Each sync's result comes back
// through CommitPipeline::synced().
class CommitLog {
public:
    virtual ~CommitLog() = default;
    // Commits written so far: a count that only grows.
    virtual std::uint64_t commits() const = 0;
    // Asks for a sync of every commit written so far.
    virtual void request_sync() = 0;
};

// Everything that waits for the disk, in one place. With group commit
// (storage/wal_flusher.hpp) a commit returns once its pages are in the WAL; a
// background thread syncs the WAL once for all commits made meanwhile. What
// must not happen before a commit survives a power failure waits here:
//
// - an ack the platform takes for "stored" (release());
// - an outbox row, which announces what a commit did (release_rows());
// - the commands of an adapter whose acks come later (group()): those that
//   arrive while a sync is under way could not be acknowledged sooner anyway,
//   so they are stored together, in one transaction, when it ends.
//
// Everything runs on the runtime's thread, oldest first. When the disk refuses
// a sync nothing waiting runs any more (its commits may be lost): the owner
// stops, and the platforms deliver again what was never acknowledged.
class CommitPipeline {
public:
    // Every commit is on disk when it returns (synchronous=FULL, or a database
    // in memory): nothing waits and nothing is grouped.
    CommitPipeline();
    // Group commit for `db` through a storage::WalFlusher, whose results come
    // back through `io`. A database in memory gets the pipeline above.
    // Throws storage::DbError when the WAL cannot be taken over.
    CommitPipeline(boost::asio::io_context& io, storage::Database& db);
    // Driven by `log`, which outlives the pipeline (tests).
    explicit CommitPipeline(CommitLog& log);
    ~CommitPipeline();
    CommitPipeline(const CommitPipeline&) = delete;
    CommitPipeline& operator=(const CommitPipeline&) = delete;

    // Whether commits wait for a sync at all (false: the first constructor).
    bool waits_for_disk() const;

    // Stores a group of commands in one transaction; `acks[i]` belongs to
    // `commands[i]` and is handed to release() if the command was stored.
    using StoreGroup =
        std::function<void(std::vector<Command> commands, std::vector<std::function<void()>> acks)>;
    // Set by the runtime before the first group().
    void set_store(StoreGroup store) { m_store = std::move(store); }
    // Stores `command` now when no sync is under way, else with the others
    // that arrive meanwhile once it has ended.
    void group(Command command, std::function<void()> ack);

    // Runs `ack` once every commit made so far is on disk: at once (inside this
    // call) when they all are already.
    void release(std::function<void()> ack);

    // The newest outbox row that may be sent: rows up to `written` are
    // released once their commits are on disk. A sync that releases more later
    // runs the function set here (the runtime pumps the outbox).
    std::int64_t release_rows(std::int64_t written);
    std::int64_t released_rows() const;
    void set_on_rows_released(std::function<void()> then) { m_on_rows_released = std::move(then); }

    // Runs once when the disk refused a sync, with its error.
    void set_on_failure(std::function<void(const std::string&)> then) {
        m_on_failure = std::move(then);
    }

    // A sync's result, on the runtime's thread: the commits it covers, or the
    // disk's error.
    void synced(std::uint64_t commits, const std::string& error);

private:
    struct Flusher;
    struct Waiting {
        std::uint64_t commits; // runs once this many commits are durable
        std::function<void()> then;
    };
    void after_durable(std::function<void()> then);
    bool idle() const { return m_durable >= m_requested; }
    void request_sync();
    void store_group();

    std::unique_ptr<Flusher> m_flusher; // owns m_log's storage when it is a WalFlusher
    CommitLog* m_log = nullptr;         // null: every commit is durable at once
    std::uint64_t m_durable = 0;
    std::uint64_t m_requested = 0; // a sync is under way while m_requested > m_durable
    std::deque<Waiting> m_waiting; // oldest first
    bool m_failed = false;
    std::function<void(const std::string&)> m_on_failure;

    StoreGroup m_store;
    std::vector<Command> m_group; // waiting for the sync under way to end
    std::vector<std::function<void()>> m_group_acks;

    std::int64_t m_rows_released = 0;
    std::int64_t m_rows_asked = 0;
    bool m_releasing_rows = false; // inside release_rows: its caller sends them itself
    std::function<void()> m_on_rows_released;
};

} // namespace onevoice::bot
