#pragma once

#include "commands/handover/module.hpp"
#include "tests/fakes/digest_bot.hpp"

#include <string>
#include <utility>

namespace onevoice::tests {

// Every command of COMMANDS.md on one router, through the modules bot/app
// wires: DigestBot (team, help, ideas, crisis, listening) plus handover. The
// team of CrisisBot — boss (manager), dina (deputy), dana and carl
// (community), bob (helper) — and erik, expert for billing.
struct FullBot : DigestBot {
    explicit FullBot(const commands::CrisisSettings& crisis_settings = {})
        : DigestBot() {
        settings = crisis_settings;
        run("team add @erik expert");
        run("experts add @erik billing");
    }

    commands::HandoverModule handover_module{core, {}};
    storage::HandoverStore& handovers = handover_module.store;
};

} // namespace onevoice::tests
