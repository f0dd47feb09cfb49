#include "commands/ideas/module.hpp"

#include "bot/model/catalog.hpp"
#include "bot/runtime/core.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/router.hpp"
#include "bot/runtime/scheduler.hpp"

namespace onevoice::commands {

IdeasModule::IdeasModule(bot::Core& core, NudgeSettings nudge_settings)
    : store(core.db)
    , commands(store, core.context, nudge_settings.calendar_organizer)
    , nudge(store, core.context, nudge_settings)
    , m_core(core)
    , m_nudge_has_place(!nudge_settings.place.conversation.empty()) {
    core.catalog.add(idea_messages());
    core.router.add(commands);
    core.scheduler.register_kind(
        IdeaNudge::k_kind,
        [this](const storage::JobRow&, bot::TimePoint now) { return nudge.run(now); });
}

void IdeasModule::start(bot::TimePoint now) {
    if (!m_nudge_has_place) {
        bot::log::warn("no team channel for the weekly idea nudge; set [ideas] channel");
        return;
    }
    m_core.scheduler.ensure(IdeaNudge::k_kind, IdeaNudge::k_kind, nudge.next_due(now),
                            nudge.payload());
}

} // namespace onevoice::commands
