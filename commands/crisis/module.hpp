#pragma once

#include "commands/crisis/crisis_commands.hpp"
#include "commands/crisis/crisis_jobs.hpp"
#include "storage/calendar_freeze_store.hpp"
#include "storage/crisis_store.hpp"
#include "storage/crisis_template_store.hpp"

namespace onevoice::bot {
struct Core;
}

namespace onevoice::commands {

// The crisis domain: `crisis` (declare, alert, playbook, one approved
// statement, all-clear, report) and its reminder jobs, with their messages.
struct CrisisModule {
    CrisisModule(bot::Core& core, CrisisSettings crisis_settings);

    CrisisSettings settings;
    storage::CrisisStore store;
    storage::CrisisTemplateStore templates;
    storage::CalendarFreezeStore freeze;
    CrisisJobs jobs;
    CrisisCommands commands;
};

} // namespace onevoice::commands
