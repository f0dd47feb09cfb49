#pragma once

#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/scheduler.hpp"
#include "storage/handover_store.hpp"

#include <optional>

namespace onevoice::commands {

// "While you were away": when someone comes back from an absence, the
// handovers their cover (or a manager) handled for them and what is still open
// for them. Sent by `team back` through TeamCommands' back hook, and by a daily
// job (kind "handover_recap") for absences that simply ended by date.
class HandoverRecap {
public:
    static constexpr const char* k_kind = "handover_recap";
    static constexpr bot::LocalTime k_time{8, 0};
    // How many days back a late run still recaps absences that ended.
    static constexpr int k_catch_up_days = 7;

    HandoverRecap(storage::HandoverStore& handovers, const bot::HandlerContext& context);

    // The direct message for `user`, back from an absence that began on
    // `since`; nullopt when there is nothing to tell.
    std::optional<bot::Reply> recap(const bot::UserRef& user, bot::LocalDate since);
    // The next daily run strictly after `after` (08:00 in the team's time zone).
    bot::TimePoint next_due(bot::TimePoint after) const;
    // Recaps for everyone whose absence ended yesterday, or on a day since the
    // run `due` that came late (at most k_catch_up_days back), and the next run.
    bot::JobOutcome run(bot::TimePoint due, bot::TimePoint now);

private:
    storage::HandoverStore& m_handovers;
    const bot::HandlerContext& m_context;
};

} // namespace onevoice::commands
