#pragma once

#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "commands/ideas/settings.hpp"
#include "storage/idea_store.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// Handles `idea …`: capture, triage (list, show, vote, assign, status) and the
// editorial plan (schedule, plan, export). Writes only through IdeaStore and
// records every change in the idea's history; throws UsageError /
// PermissionError on bad input. Split by subcommand group over
// idea_commands.cpp, idea_list.cpp, idea_plan.cpp and idea_export.cpp.
class IdeaCommands final : public bot::CommandHandler {
public:
    // The longest idea text accepted, in characters (documented in README.md).
    static constexpr std::size_t k_max_text = 2000;
    // Ideas per page of `idea list`.
    static constexpr int k_page_size = 10;

    // `calendar_organizer`: the e-mail address `idea export ics` names as ORGANIZER.
    IdeaCommands(storage::IdeaStore& ideas, const bot::HandlerContext& context,
                 std::string calendar_organizer = std::string(k_no_reply_organizer));
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;

private:
    std::vector<bot::Reply> add(const bot::Invocation& invocation);
    // idea_list.cpp
    std::vector<bot::Reply> list(const bot::Invocation& invocation);
    std::vector<bot::Reply> show(const bot::Invocation& invocation);
    std::vector<bot::Reply> vote(const bot::Invocation& invocation);
    std::vector<bot::Reply> assign(const bot::Invocation& invocation);
    std::vector<bot::Reply> status(const bot::Invocation& invocation);
    // idea_plan.cpp
    std::vector<bot::Reply> schedule(const bot::Invocation& invocation);
    std::vector<bot::Reply> plan(const bot::Invocation& invocation);
    // idea_export.cpp
    std::vector<bot::Reply> export_plan(const bot::Invocation& invocation);

    // The idea named by `token` ("12", "#12"); UsageError when there is none.
    storage::IdeaRow require(std::string_view token);
    void record(std::int64_t id, const bot::Invocation& invocation, std::string_view action,
                std::string_view detail);
    // The edit that updates the posted card of the idea after a change.
    bot::Reply card_edit(std::int64_t id);

    storage::IdeaStore& m_ideas;
    const bot::HandlerContext& m_context;
    std::string m_calendar_organizer;
    bot::CommandSpec m_spec;
};

// The catalog entries of `idea`, English and German.
std::span<const bot::CatalogEntry> idea_messages();

} // namespace onevoice::commands
