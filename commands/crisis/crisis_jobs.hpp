#pragma once

#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/scheduler.hpp"
#include "commands/crisis/playbook_step.hpp"
#include "storage/crisis_store.hpp"
#include "storage/job_store.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace onevoice::commands {

// Config [crisis] as the crisis module wants it.
struct CrisisSettings {
    // The conversation of crisis notices on the team's platform; empty: the
    // conversation where the crisis was declared.
    std::string conversation;
    // How long a crisis may go without an update before its lead is reminded,
    // by severity (sev1, sev2, sev3; COMMANDS.md: 30 min, 2 h, daily).
    std::array<bot::Duration, 3> reminder_every{std::chrono::minutes(30), std::chrono::hours(2),
                                                std::chrono::hours(24)};

    // Playbooks for sev1, sev2, sev3 and the default one; all empty: the built-in playbook.
    std::array<std::vector<CrisisPlaybookStep>, 4> playbooks;
    // More crisis-team members, as typed in the config ("@someone", "<@U024BE7LH>").
    std::vector<std::string> team;
    // Two-person rule: a declaration or all-clear waits for a second member to confirm it.
    bool needs_confirmation = false;
    // Four eyes: whoever proposed a statement never approves it alone.
    bool four_eyes = false;
    // A conversation of its own per real crisis (not a drill), with the crisis team in it,
    // where the platform can open one (crisis.open_channel).
    bool opens_conversation = false;

    // The rhythm for severity 1..3 (clamped).
    bot::Duration reminder_for(int severity) const;
    // The configured steps for severity 1..3, else the default ones; empty: use the built-in.
    const std::vector<CrisisPlaybookStep>& playbook_for(int severity) const;
};

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
