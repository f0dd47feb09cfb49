#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace onevoice::storage {

// Group commit for one database file in WAL mode. Commits on the owning
// thread only write their pages into the WAL (synchronous=NORMAL), which takes
// microseconds; a background thread makes them durable with one fdatasync of
// the WAL for every commit made since the previous one, and checkpoints the
// WAL into the database file through a connection of its own, so neither
// waits for the disk on the owning thread. What must not happen before a
// commit is on disk (acknowledging an event, sending a message) waits for
// `on_synced` (bot/runtime/commit_pipeline.hpp).
//
// A WAL's frames are replayed only up to the first one that is missing or
// torn, so after a power loss the database holds a prefix of the commits:
// never a later one without an earlier one.
class WalFlusher {
public:
    // Called on the background thread after each sync with the number of
    // commits it covers (see commits()); `error` is empty unless the disk
    // refused (then those commits may be lost on a power failure).
    using Synced = std::function<void(std::uint64_t commits, const std::string& error)>;

    // Takes over `db`'s durability when it is a file in WAL mode; otherwise
    // (":memory:") it does nothing and is_active() is false. Syncs once at
    // start, so what an earlier process left in the WAL is durable too.
    // Throws DbError when the WAL or the second connection cannot be opened.
    WalFlusher(Database& db, Synced on_synced);
    // Syncs what is left, stops the thread and gives `db` back its own
    // synchronous=FULL commits and automatic checkpoints.
    ~WalFlusher();
    WalFlusher(const WalFlusher&) = delete;
    WalFlusher& operator=(const WalFlusher&) = delete;

    bool is_active() const noexcept;
    // Commits written so far: a count that only grows. On the owning thread.
    std::uint64_t commits() const noexcept;
    // Asks for a sync of every commit written so far; on the owning thread.
    // Requests made while a sync runs are served together by the next one.
    void request_sync();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace onevoice::storage
