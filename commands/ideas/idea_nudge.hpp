#pragma once

#include "bot/model/model.hpp"
#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/scheduler.hpp"
#include "commands/ideas/settings.hpp"
#include "storage/idea_store.hpp"

#include <string>

namespace onevoice::commands {

// The weekly pipeline nudge: when fewer approved-but-unscheduled ideas exist
// than the minimum, it asks the team for ideas and shows the top-voted open
// ones. Run by the scheduler as job kind "idea_nudge" inside its transaction.
class IdeaNudge {
public:
    static constexpr const char* k_kind = "idea_nudge";

    IdeaNudge(storage::IdeaStore& ideas, const bot::HandlerContext& context,
              NudgeSettings settings);

    // The first nudge time strictly after `after` (DST-aware, by the local wall clock).
    bot::TimePoint next_due(bot::TimePoint after) const;
    // The job payload: changes when the settings do, so Scheduler::ensure moves the job.
    std::string payload() const;
    // The nudge, if the pipeline is short, and the next run a week later.
    bot::JobOutcome run(bot::TimePoint now);

private:
    storage::IdeaStore& m_ideas;
    const bot::HandlerContext& m_context;
    NudgeSettings m_settings;
};

} // namespace onevoice::commands
