#pragma once

#include "commands/help/help_commands.hpp"

namespace onevoice::bot {
struct Core;
}

namespace onevoice::commands {

// `help`, which lists what the router knows, so it is registered last or first alike.
struct HelpModule {
    explicit HelpModule(bot::Core& core);

    HelpCommands help;
};

} // namespace onevoice::commands
