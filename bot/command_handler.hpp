#pragma once

#include "bot/model.hpp"
#include "bot/roles.hpp"

#include <optional>
#include <string>
#include <vector>

namespace onevoice::bot {

// Who may run a subcommand; checked by the router before the handler runs.
// Rules that depend on the arguments ("for someone else, lead roles only")
// are checked by the handler, which throws PermissionError.
enum class Access { anyone, lead };

struct SubcommandSpec {
    std::string name;        // "" for the bare command ("team")
    std::string usage;       // "team add @user <role>[,<role>...]"; same in every language
    std::string summary_key; // catalog key of the one-line description
    Access access = Access::anyone;
};

// What a handler registers: `help` and the router's error replies are
// generated from it.
struct CommandSpec {
    std::string name;
    std::string summary_key;
    std::vector<SubcommandSpec> subcommands;
    std::vector<std::string> examples;
    // The subcommand run when the first word names none ("idea <text>", or ""
    // for "help <command>"); unset: an unknown subcommand is an error.
    std::optional<std::string> fallback;
};

// A parsed command on its way to a handler.
struct Invocation {
    const Command& command;
    const SubcommandSpec& subcommand;
    std::vector<std::string> args; // the words after the subcommand
    std::vector<Role> roles;       // the requester's roles

    const UserRef& user() const { return command.user; }
    bool is_lead() const { return has_lead_role(roles); }
};

// A domain module (`team`, `idea`...). Runs on the runtime's thread, inside the
// router's transaction: everything it writes commits together with its replies,
// or not at all. Throws UsageError / PermissionError for bad input.
class CommandHandler {
public:
    virtual ~CommandHandler() = default;
    virtual const CommandSpec& spec() const = 0;
    virtual std::vector<Reply> handle(const Invocation& invocation) = 0;
};

} // namespace onevoice::bot
