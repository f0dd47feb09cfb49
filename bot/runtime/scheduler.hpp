#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/model.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onevoice::storage {
class Database;
class JobStore;
struct JobRow;
} // namespace onevoice::storage

namespace onevoice::bot {

class Histogram;
class Metrics;
class OutboxWriter;

// What a job run produced: messages to send, and when to run again (a
// recurring job); without `next_due` the job is done and removed.
struct JobOutcome {
    std::vector<Reply> replies;
    std::optional<TimePoint> next_due;
};

// Runs a job of one kind; may write through its stores (inside the job's
// transaction) and throw to have the job retried later.
using JobFunction = std::function<JobOutcome(const storage::JobRow& job, TimePoint now)>;

// The scheduler's logic, free of timers: the runtime asks `next_due()` and
// calls `run_due(now)` when it is reached (STYLE.md §1, time is injected).
// Jobs live in the `jobs` table, so they survive restarts.
class Scheduler {
public:
    Scheduler(storage::Database& db, storage::JobStore& jobs, OutboxWriter& outbox);

    void register_kind(std::string kind, JobFunction function);
    // Records how late each due job runs; `metrics` must outlive the scheduler.
    void set_metrics(Metrics& metrics);
    // Runs every job due at `now`, each in its own transaction; returns how many ran.
    int run_due(TimePoint now);
    std::optional<TimePoint> next_due();
    // Adds or moves the job with this unique key (a recurring job).
    void ensure(const std::string& unique_key, const std::string& kind, TimePoint due,
                const std::string& payload = {});

private:
    storage::Database& m_db;
    storage::JobStore& m_jobs;
    OutboxWriter& m_outbox;
    std::map<std::string, JobFunction, std::less<>> m_kinds;
    // Jobs that failed while their retry could not be stored either (full
    // disk): not run again before this time, so an outage does not spin them.
    std::map<std::int64_t, TimePoint> m_held;
    Histogram* m_lag = nullptr;
};

} // namespace onevoice::bot
