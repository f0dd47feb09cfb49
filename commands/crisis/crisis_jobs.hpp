#pragma once

#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/scheduler.hpp"
#include "commands/crisis/settings.hpp"
#include "storage/crisis_store.hpp"
#include "storage/job_store.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace onevoice::commands {

// The update reminder of a crisis: one recurring job under "crisis:<id>:reminder"
// in the `jobs` table, due one rhythm after the last update. `crisis update`
// and `crisis severity` move it, `crisis resolve` removes it; a run re-reads the
// crisis and stops when it is no longer active.
class CrisisJobs {
public:
    static constexpr const char* k_reminder = "crisis_reminder";

    CrisisJobs(storage::CrisisStore& crises, storage::JobStore& jobs,
               const CrisisSettings& settings, const bot::HandlerContext& context);

    // Registers the reminder kind with the scheduler.
    void register_with(bot::Scheduler& scheduler);
    // Inside the caller's transaction: the reminder one rhythm after the last update.
    void schedule(const storage::CrisisRow& crisis);
    // Inside the caller's transaction: no more reminders for the crisis.
    void cancel(std::int64_t id);

    // Reminds the lead by direct message and comes back one rhythm later.
    bot::JobOutcome run_reminder(const storage::JobRow& job, bot::TimePoint now);

private:
    storage::CrisisStore& m_crises;
    storage::JobStore& m_jobs;
    const CrisisSettings& m_settings;
    const bot::HandlerContext& m_context;
};

} // namespace onevoice::commands
