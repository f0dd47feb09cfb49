#include "bot/runtime/scheduler.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox.hpp"
#include "storage/database.hpp"
#include "storage/job_store.hpp"

#include <algorithm>

namespace onevoice::bot {
namespace {

// A failing job is retried after 1, 2, 4... minutes, at most hourly: a broken
// job must not spin, and a temporary fault (full disk) must not lose it.
Duration retry_delay(int attempts) {
    const int exponent = std::min(attempts, 6);
    return std::min<Duration>(std::chrono::minutes(1 << exponent), std::chrono::hours(1));
}

} // namespace

Scheduler::Scheduler(storage::Database& db, storage::JobStore& jobs, OutboxWriter& outbox)
    : m_db(db)
    , m_jobs(jobs)
    , m_outbox(outbox) {}

void Scheduler::register_kind(std::string kind, JobFunction function) {
    m_kinds[std::move(kind)] = std::move(function);
}

void Scheduler::set_metrics(Metrics& metrics) {
    // From "on time" (the timer's granularity) to "the bot was down for an hour".
    m_lag = &metrics.histogram("scheduler_lag_seconds", "Seconds a due job ran after its due time.",
                               {0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600});
}

void Scheduler::ensure(const std::string& unique_key, const std::string& kind, TimePoint due,
                       const std::string& payload) {
    storage::Transaction tx(m_db);
    const auto existing = m_jobs.find_unique(unique_key);
    if (!existing || existing->kind != kind || existing->payload != payload) {
        m_jobs.upsert(unique_key, kind, payload, to_millis(due));
    }
    tx.commit();
}

std::optional<TimePoint> Scheduler::next_due() {
    const auto next = m_jobs.next_due_at();
    return next ? std::optional<TimePoint>(from_millis(*next)) : std::nullopt;
}

int Scheduler::run_due(TimePoint now) {
    int ran = 0;
    for (const storage::JobRow& job : m_jobs.due(to_millis(now), 100)) {
        if (const auto held = m_held.find(job.id); held != m_held.end()) {
            if (now < held->second) {
                continue;
            }
            m_held.erase(held);
        }
        const auto kind = m_kinds.find(job.kind);
        if (m_lag != nullptr) {
            m_lag->observe(std::chrono::duration<double>(now - from_millis(job.due_at)).count());
        }
        try {
            storage::Transaction tx(m_db);
            if (kind == m_kinds.end()) {
                // A job written by a newer or older version: keep the table clean.
                log::warn("dropping a job of unknown kind", {{"kind", job.kind}});
                m_jobs.remove(job.id);
                tx.commit();
                continue;
            }
            JobOutcome outcome = kind->second(job, now);
            for (const Reply& reply : outcome.replies) {
                m_outbox.enqueue(reply);
            }
            if (outcome.next_due) {
                m_jobs.reschedule(job.id, to_millis(*outcome.next_due), 0, "");
            } else {
                m_jobs.remove(job.id);
            }
            tx.commit();
            ++ran;
        } catch (const std::exception& e) {
            const int attempts = job.attempts + 1;
            log::error(
                "job failed; will retry",
                {{"kind", job.kind}, {"attempt", std::to_string(attempts)}, {"error", e.what()}});
            try {
                storage::Transaction tx(m_db);
                m_jobs.reschedule(job.id, to_millis(now + retry_delay(attempts)), attempts,
                                  e.what());
                tx.commit();
            } catch (const std::exception& again) {
                // Still due in the table: held here instead, with the same backoff.
                log::error("could not reschedule a failed job", {{"error", again.what()}});
                m_held[job.id] = now + retry_delay(attempts);
            }
        }
    }
    return ran;
}

} // namespace onevoice::bot
