#include "commands/crisis/module.hpp"

#include "bot/model/catalog.hpp"
#include "bot/runtime/core.hpp"
#include "bot/runtime/router.hpp"

namespace onevoice::commands {

CrisisModule::CrisisModule(bot::Core& core, CrisisSettings crisis_settings)
    : settings(std::move(crisis_settings))
    , store(core.db)
    , templates(core.db)
    , freeze(core.db)
    , jobs(store, core.jobs, settings, core.context)
    , commands(store, templates, freeze, core.team, core.availability, jobs, settings,
               core.context) {
    core.catalog.add(crisis_messages());
    core.router.add(commands);
    jobs.register_with(core.scheduler);
}

} // namespace onevoice::commands
