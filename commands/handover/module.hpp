#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/model.hpp"
#include "commands/handover/handover_commands.hpp"
#include "commands/handover/handover_jobs.hpp"
#include "commands/handover/handover_recap.hpp"
#include "commands/handover/handover_routing.hpp"
#include "storage/handover_store.hpp"

#include <vector>

namespace onevoice::bot {
struct Core;
}

namespace onevoice::commands {

// The handover domain: `handover` (customer questions routed to an available
// expert), its deadline jobs and the daily recap, with their messages.
struct HandoverModule {
    HandoverModule(bot::Core& core, HandoverSettings handover_settings);

    // Puts the daily recap on the schedule at start-up.
    void start(bot::TimePoint now);
    // What someone back from an absence since `since` is told: their recap, if any.
    std::vector<bot::Reply> welcome_back(const bot::UserRef& user, bot::LocalDate since);

    HandoverSettings settings;
    storage::HandoverStore store;
    HandoverRouting routing;
    HandoverJobs jobs;
    HandoverCommands commands;
    HandoverRecap recap;

private:
    bot::Core& m_core;
};

} // namespace onevoice::commands
