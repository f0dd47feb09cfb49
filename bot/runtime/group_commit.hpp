#pragma once

#include "bot/runtime/durability.hpp"

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace onevoice::storage {
class Database;
}

namespace onevoice::bot {

// Durability by group commit (storage/wal_flusher.hpp): commits on the
// runtime's thread only write the WAL; a background thread syncs it once for
// all commits made meanwhile and hands the result back to the runtime's
// thread, which then runs what waited for them, oldest first.
class GroupCommit final : public Durability {
public:
    // `on_failure` runs on the runtime's thread when the disk refused a sync:
    // nothing waiting is run after that (the commits may not survive a power
    // failure), so the owner should stop and let the platforms redeliver.
    // For a database in memory, every commit counts as durable at once.
    GroupCommit(boost::asio::io_context& io, storage::Database& db,
                std::function<void(const std::string& error)> on_failure);
    ~GroupCommit() override;
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    void after_durable(std::function<void()> then) override;
    void when_idle(std::function<void()> then) override;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace onevoice::bot
