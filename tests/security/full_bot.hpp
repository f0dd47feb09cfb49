#pragma once

#include "commands/handover/handover_commands.hpp"
#include "commands/handover/handover_jobs.hpp"
#include "commands/handover/handover_routing.hpp"
#include "commands/listening/listen_commands.hpp"
#include "storage/handover_store.hpp"
#include "storage/listen_store.hpp"
#include "tests/fakes/digest_bot.hpp"

#include <string>
#include <utility>

namespace onevoice::tests {

// Every command of COMMANDS.md on one router, as bot/app/app.cpp wires them:
// DigestBot (team, experts, help, idea, crisis, digest, spike alerts) plus
// handover and listen. The team of CrisisBot — boss (manager), dina (deputy),
// dana and carl (community), bob (helper) — and erik, expert for billing.
struct FullBot : DigestBot {
    explicit FullBot(const commands::CrisisSettings& crisis_settings = {})
        : DigestBot() {
        settings = crisis_settings;
        catalog.add(commands::handover_messages());
        router.add(handover_commands);
        handover_jobs.register_with(scheduler);
        router.add(listen_commands);
        listen_commands.set_on_alert(
            [this](const bot::Invocation& invocation) { return spikes.handle_alert(invocation); });
        run("team add @erik expert");
        run("experts add @erik billing");
    }

    commands::HandoverSettings handover_settings;
    storage::HandoverStore handovers{db};
    commands::HandoverRouting routing{handovers, team, availability, users};
    commands::HandoverJobs handover_jobs{handovers,    job_store,         routing,
                                         availability, handover_settings, context};
    commands::HandoverCommands handover_commands{handovers,         team,   routing, handover_jobs,
                                                 handover_settings, context};
    commands::ListenSettings listen_settings;
    storage::ListenStore listen_store{db};
    commands::ListenCommands listen_commands{listen_store, listen_settings, context};
};

} // namespace onevoice::tests
