#include "commands/team/module.hpp"

#include "bot/model/catalog.hpp"
#include "bot/runtime/core.hpp"
#include "bot/runtime/router.hpp"

namespace onevoice::commands {

TeamModule::TeamModule(bot::Core& core)
    : team(core.team, core.availability, core.context)
    , experts(core.team, core.availability, core.context) {
    core.catalog.add(team_messages());
    core.router.add(team);
    core.router.add(experts);
}

} // namespace onevoice::commands
