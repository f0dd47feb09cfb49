#pragma once

#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/router.hpp"

namespace onevoice::commands {

// Handles `help` and `help <command>`, generated from the router's registrations.
class HelpCommands final : public bot::CommandHandler {
public:
    HelpCommands(const bot::Router& router, const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;

private:
    bot::Reply overview() const;
    bot::Reply details(const bot::CommandSpec& spec) const;

    const bot::Router& m_router;
    const bot::HandlerContext& m_context;
    bot::CommandSpec m_spec;
};

} // namespace onevoice::commands
