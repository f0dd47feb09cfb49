#pragma once

#include "bot/model/model.hpp"
#include "bot/model/roles.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::bot {

// Who may run a subcommand; checked by the router before the handler runs,
// circle first (DESIGN.md, the trust model). Rules that depend on the
// arguments ("for someone else, lead roles only") are checked by the handler,
// which throws PermissionError.
enum class Access {
    everyone,  // outsiders too: only `help`
    colleague, // anyone of the organisation, on the roster or not
    member,    // team members (on the roster): customer data
    lead,      // manager, deputy or community manager
};

// A verb inside a subcommand ("crisis template add"), with its own access.
struct VerbSpec {
    std::string name;
    Access access = Access::colleague;
};

struct SubcommandSpec {
    std::string name;        // "" for the bare command ("team")
    std::string usage;       // "team add @user <role>[,<role>...]"; same in every language
    std::string summary_key; // catalog key of the one-line description
    Access access = Access::colleague;
    // The verbs the argument at `verb_at` may name; the router applies the
    // stricter of the subcommand's and the verb's access. Empty: none.
    std::vector<VerbSpec> verbs = {};
    std::size_t verb_at = 0; // "listen alert <id> exclude": 1
};

// The subcommand run when the first word names none.
struct Fallback {
    std::string subcommand;
    // A first word that looks like a mistyped subcommand is asked about instead
    // ("idea shwo 1"): the catalog key of that question, {0} the command meant,
    // {1} the word. Empty: the first word is never asked about.
    std::string typo_key;
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
    std::optional<Fallback> fallback;
};

// A parsed command on its way to a handler.
struct Invocation {
    const Command& command;
    const SubcommandSpec& subcommand;
    std::vector<std::string> args; // the words after the subcommand
    std::vector<Role> roles;       // the requester's roles
    Circle circle = Circle::colleague;
    // Where each of `args` starts in `command.text` (the router fills it in);
    // empty for arguments nobody typed (an invocation a handler builds).
    std::vector<std::size_t> arg_starts = {};

    const UserRef& user() const { return command.user; }
    bool is_lead() const { return has_lead_role(roles); }
    bool is_member() const { return circle == Circle::member; }
    // The text as typed from argument `first` on, for free text that is stored
    // and shown (an idea, a question, a crisis update): quotes, tabs and line
    // breaks survive; trailing white space is cut. "" when there is no such
    // argument; the words joined by spaces when they were not typed.
    std::string typed_from(std::size_t first) const;
    // The command as typed with `count` arguments from `first` on replaced by `word`, starting
    // with the command and subcommand names: the "did you mean" of a mistyped word
    // ("crisis declare sevv1 Test", 0, 1, "sev1" -> "crisis declare sev1 Test").
    std::string corrected(std::size_t first, std::size_t count, std::string_view word) const;
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
