#pragma once

#include "bot/runtime/availability.hpp"
#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "storage/team_store.hpp"

namespace onevoice::commands {

// Handles `experts …`: which experts answer which topics.
class ExpertCommands final : public bot::CommandHandler {
public:
    ExpertCommands(storage::TeamStore& team, bot::Availability& availability,
                   const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;

private:
    std::vector<bot::Reply> list();
    std::vector<bot::Reply> add(const bot::Invocation& invocation);
    std::vector<bot::Reply> remove(const bot::Invocation& invocation);
    void drop_role_without_topics(const bot::UserRef& user);

    storage::TeamStore& m_team;
    bot::Availability& m_availability;
    const bot::HandlerContext& m_context;
    bot::CommandSpec m_spec;
};

// A topic as stored: case-folded and in NFC (bot::fold, so "LÖSUNGEN" and
// "Lösungen" are one topic), letters (umlauts too), digits, '-' and '_', at
// most 40 characters; nullopt for anything else.
std::optional<std::string> normalize_topic(std::string_view text);

} // namespace onevoice::commands
