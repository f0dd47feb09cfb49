#pragma once

#include "bot/model/clock.hpp"
#include "commands/ideas/idea_commands.hpp"
#include "commands/ideas/idea_nudge.hpp"
#include "storage/idea_store.hpp"

namespace onevoice::bot {
struct Core;
}

namespace onevoice::commands {

// The ideas domain: `idea` (capture, vote, the editorial plan) and the weekly
// pipeline nudge, with their messages.
struct IdeasModule {
    IdeasModule(bot::Core& core, NudgeSettings nudge_settings);

    // Puts the weekly nudge on the schedule at start-up; without a place for it,
    // says so in the log instead.
    void start(bot::TimePoint now);

    storage::IdeaStore store;
    IdeaCommands commands;
    IdeaNudge nudge;

private:
    bot::Core& m_core;
    bool m_nudge_has_place;
};

} // namespace onevoice::commands
