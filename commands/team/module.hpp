#pragma once

#include "commands/team/expert_commands.hpp"
#include "commands/team/team_commands.hpp"

namespace onevoice::bot {
struct Core;
}

namespace onevoice::commands {

// The team domain: `team` (the roster, roles and absences) and `experts` (who
// answers which topic), with their messages.
struct TeamModule {
    explicit TeamModule(bot::Core& core);

    TeamCommands team;
    ExpertCommands experts;
};

} // namespace onevoice::commands
