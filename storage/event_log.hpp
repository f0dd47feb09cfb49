#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::storage {

// The inbound log: ids of platform events whose effects are committed. The
// router records an id in the same transaction as the effects, so a
// redelivered event is recognised (DESIGN.md, "The life of a command").
class EventLog {
public:
    explicit EventLog(Database& db);

    bool contains(std::string_view event_id);
    // Records the id; false when it was already there.
    bool record(std::string_view event_id, std::int64_t received_at);
    // Forgets ids older than `before` (platforms redeliver for minutes, not weeks).
    int prune(std::int64_t before);

private:
    Statement m_contains;
    Statement m_record;
    Statement m_prune;
    Database& m_db;
};

// Small named values that must survive restarts (sync tokens, cursors).
class Settings {
public:
    explicit Settings(Database& db);
    std::optional<std::string> get(std::string_view key);
    void put(std::string_view key, std::string_view value);

private:
    Statement m_get;
    Statement m_put;
};

} // namespace onevoice::storage
