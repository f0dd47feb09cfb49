#pragma once

#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/scheduler.hpp"
#include "commands/handover/handover_deadlines.hpp"
#include "commands/handover/handover_routing.hpp"
#include "storage/handover_store.hpp"
#include "storage/job_store.hpp"

#include <cstdint>

namespace onevoice::commands {

// The scheduler jobs of a handover: the half-time reminder and the deadline
// escalation to the assignee, and the reminder to the requester while an
// answered handover waits for the public reply. Jobs live in the `jobs` table
// under "handover:<id>:<what>", so they survive restarts; each run re-reads the
// handover and does nothing when it has moved on (accepted, closed...).
class HandoverJobs {
public:
    static constexpr const char* k_half = "handover_half";
    static constexpr const char* k_due = "handover_due";
    static constexpr const char* k_replied = "handover_replied";

    HandoverJobs(storage::HandoverStore& handovers, storage::JobStore& jobs,
                 HandoverRouting& routing, bot::Availability& availability,
                 const HandoverSettings& settings, const bot::HandlerContext& context);

    // Registers the three kinds with the scheduler.
    void register_with(bot::Scheduler& scheduler);

    // Inside the caller's transaction: (re)schedules the half-time and deadline jobs.
    void schedule_deadline(const storage::HandoverRow& handover);
    // Inside the caller's transaction: the first not-yet-replied reminder.
    void schedule_replied(const storage::HandoverRow& handover, bot::TimePoint now);
    // Removes every job of the handover (it is done or closed).
    void cancel(std::int64_t id);

    bot::JobOutcome run_half(const storage::JobRow& job, bot::TimePoint now);
    bot::JobOutcome run_due(const storage::JobRow& job, bot::TimePoint now);
    bot::JobOutcome run_replied(const storage::JobRow& job, bot::TimePoint now);

private:
    std::optional<storage::HandoverRow> handover_of(const storage::JobRow& job);
    // Whom an overdue handover goes to: the assignee's stand-in when they are
    // away, else a manager; the requester when that is nobody or the assignee.
    bot::UserRef escalation_target(const storage::HandoverRow& handover, bot::LocalDate today);

    storage::HandoverStore& m_handovers;
    storage::JobStore& m_jobs;
    HandoverRouting& m_routing;
    bot::Availability& m_availability;
    const HandoverSettings& m_settings;
    const bot::HandlerContext& m_context;
};

} // namespace onevoice::commands
