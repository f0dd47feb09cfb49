#include "commands/help/module.hpp"

#include "bot/runtime/core.hpp"
#include "bot/runtime/router.hpp"

namespace onevoice::commands {

HelpModule::HelpModule(bot::Core& core)
    : help(core.router, core.context) {
    core.router.add(help);
}

} // namespace onevoice::commands
