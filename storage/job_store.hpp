#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

struct JobRow {
    std::int64_t id = 0;
    std::string kind;
    std::optional<std::string> unique_key;
    std::string payload;
    std::int64_t due_at = 0;
    int attempts = 0;
};

// The persistent `jobs` table of the scheduler. A job with a unique key exists
// at most once (a recurring job reschedules itself under the same key).
class JobStore {
public:
    explicit JobStore(Database& db);

    std::int64_t add(std::string_view kind, std::string_view payload, std::int64_t due_at);
    // Inserts or moves the job with this unique key.
    void upsert(std::string_view unique_key, std::string_view kind, std::string_view payload,
                std::int64_t due_at);
    std::optional<JobRow> find_unique(std::string_view unique_key);
    bool remove_unique(std::string_view unique_key);

    std::vector<JobRow> due(std::int64_t now, int limit);
    std::optional<std::int64_t> next_due_at();
    void remove(std::int64_t id);
    void reschedule(std::int64_t id, std::int64_t due_at, int attempts, std::string_view error);
    std::vector<JobRow> all();

private:
    Database& m_db;
    Statement m_add;
    Statement m_upsert;
    Statement m_find_unique;
    Statement m_remove_unique;
    Statement m_due;
    Statement m_next;
    Statement m_remove;
    Statement m_reschedule;
    Statement m_all;
};

} // namespace onevoice::storage
