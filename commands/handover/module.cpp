#include "commands/handover/module.hpp"

#include "bot/model/catalog.hpp"
#include "bot/runtime/core.hpp"
#include "bot/runtime/router.hpp"
#include "bot/runtime/scheduler.hpp"

namespace onevoice::commands {

HandoverModule::HandoverModule(bot::Core& core, HandoverSettings handover_settings)
    : settings(std::move(handover_settings))
    , store(core.db)
    , routing(store, core.team, core.availability, core.users)
    , jobs(store, core.jobs, routing, core.availability, settings, core.context)
    , commands(store, core.team, routing, jobs, settings, core.context)
    , recap(store, core.context)
    , m_core(core) {
    core.catalog.add(handover_messages());
    core.router.add(commands);
    jobs.register_with(core.scheduler);
    core.scheduler.register_kind(HandoverRecap::k_kind,
                                 [this](const storage::JobRow& job, bot::TimePoint now) {
                                     return recap.run(bot::from_millis(job.due_at), now);
                                 });
}

void HandoverModule::start(bot::TimePoint now) {
    m_core.scheduler.ensure(HandoverRecap::k_kind, HandoverRecap::k_kind, recap.next_due(now));
}

std::vector<bot::Reply> HandoverModule::welcome_back(const bot::UserRef& user,
                                                     bot::LocalDate since) {
    auto reply = recap.recap(user, since);
    return reply ? std::vector<bot::Reply>{std::move(*reply)} : std::vector<bot::Reply>{};
}

} // namespace onevoice::commands
