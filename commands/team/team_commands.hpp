#pragma once

#include "bot/runtime/availability.hpp"
#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "storage/team_store.hpp"

#include <functional>
#include <span>

namespace onevoice::commands {

// Handles `team …`: the roster, roles, absences and who covers whom.
// Writes only through TeamStore; throws UsageError / PermissionError on bad input.
class TeamCommands final : public bot::CommandHandler {
public:
    TeamCommands(storage::TeamStore& team, bot::Availability& availability,
                 const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;
    // Called by `team back` for someone whose absence that began on `since` ended
    // now; returns more replies (the handover recap). Keeps `team` free of handovers.
    using BackHook =
        std::function<std::vector<bot::Reply>(const bot::UserRef& user, bot::LocalDate since)>;
    void set_on_back(BackHook hook) { m_on_back = std::move(hook); }

private:
    std::vector<bot::Reply> roster(const bot::Invocation& invocation);
    std::vector<bot::Reply> add(const bot::Invocation& invocation);
    std::vector<bot::Reply> remove(const bot::Invocation& invocation);
    std::vector<bot::Reply> away(const bot::Invocation& invocation);
    std::vector<bot::Reply> back(const bot::Invocation& invocation);
    // The person a command is about: the named one, else the requester; naming
    // someone else needs a lead role. Consumes the user argument if present.
    bot::UserRef subject(const bot::Invocation& invocation, std::span<const std::string>& args);
    bot::Inline absence_text(const storage::AbsenceRow& absence);

    storage::TeamStore& m_team;
    bot::Availability& m_availability;
    const bot::HandlerContext& m_context;
    bot::CommandSpec m_spec;
    BackHook m_on_back;
};

// The catalog entries of `team` and `experts`.
std::span<const bot::CatalogEntry> team_messages();

} // namespace onevoice::commands
