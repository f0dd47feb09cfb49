#pragma once

#include "bot/runtime/availability.hpp"
#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "commands/handover/handover_deadlines.hpp"
#include "commands/handover/handover_jobs.hpp"
#include "commands/handover/handover_routing.hpp"
#include "storage/handover_store.hpp"
#include "storage/team_store.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// Handles `handover …` (issue #6): customer questions routed to an available
// expert, their lifecycle, list/show and stats. Writes only through
// HandoverStore (and its deadline jobs through HandoverJobs), records every
// change as an event; throws UsageError / PermissionError on bad input. Split
// over handover_commands.cpp (create, helpers), handover_lifecycle.cpp,
// handover_list.cpp and handover_stats.cpp.
class HandoverCommands final : public bot::CommandHandler {
public:
    // The longest question and answer accepted, in characters (README.md).
    static constexpr std::size_t k_max_text = 3000;
    static constexpr int k_list_limit = 20;

    HandoverCommands(storage::HandoverStore& handovers, storage::TeamStore& team,
                     HandoverRouting& routing, HandoverJobs& jobs, const HandoverSettings& settings,
                     const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;

private:
    std::vector<bot::Reply> create(const bot::Invocation& invocation);
    // Where a new handover goes; sets `topic` when the target is one. nullopt: nobody is there.
    std::optional<bot::Availability::Assignee> route(const bot::Invocation& invocation,
                                                     std::string& topic);
    // Stores a new handover (assigned to the requester until assign()) with its deadline.
    storage::HandoverRow open_handover(const bot::Invocation& invocation, std::string topic,
                                       std::string question);
    // handover_lifecycle.cpp
    std::vector<bot::Reply> accept(const bot::Invocation& invocation);
    std::vector<bot::Reply> decline(const bot::Invocation& invocation);
    // The next assignee once the current one declined; nullopt: nobody is left.
    std::optional<bot::Availability::Assignee> after_decline(const storage::HandoverRow& handover);
    std::vector<bot::Reply> answer(const bot::Invocation& invocation);
    std::vector<bot::Reply> replied(const bot::Invocation& invocation);
    std::vector<bot::Reply> reassign(const bot::Invocation& invocation);
    std::vector<bot::Reply> close(const bot::Invocation& invocation);
    // handover_list.cpp
    std::vector<bot::Reply> list(const bot::Invocation& invocation);
    std::vector<bot::Reply> show(const bot::Invocation& invocation);
    // handover_stats.cpp
    std::vector<bot::Reply> stats(const bot::Invocation& invocation);

    // The handover named by the first argument; UsageError when missing or unknown.
    storage::HandoverRow require(const bot::Invocation& invocation);
    // PermissionError unless the requester is the assignee, the requester or a lead.
    void check_may_change(const storage::HandoverRow& handover,
                          const bot::Invocation& invocation) const;
    // UsageError when the handover is done or closed.
    void check_not_finished(const storage::HandoverRow& handover) const;
    void record(std::int64_t id, const bot::Invocation& invocation, std::string_view action,
                std::string_view detail);
    // Gives the handover to `to` (saved) and returns the card for them.
    bot::Reply assign(storage::HandoverRow& handover, const bot::Availability::Assignee& to,
                      const bot::Invocation& invocation);
    // "@bob (cover for @alice)"
    bot::Inline assignee_text(const storage::HandoverRow& handover) const;
    std::string known_topics();
    // The user named by `token`, who must be on the team (a handover to a
    // stranger would be lost); UsageError otherwise.
    bot::UserRef member_arg(std::string_view token, const bot::Invocation& invocation);
    std::int64_t now_millis() const;

    storage::HandoverStore& m_handovers;
    storage::TeamStore& m_team;
    HandoverRouting& m_routing;
    HandoverJobs& m_jobs;
    const HandoverSettings& m_settings;
    const bot::HandlerContext& m_context;
    bot::CommandSpec m_spec;
};

// The catalog entries of `handover`, English and German.
std::span<const bot::CatalogEntry> handover_messages();

} // namespace onevoice::commands
