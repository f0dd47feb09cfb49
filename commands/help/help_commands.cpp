#include "commands/help/help_commands.hpp"

#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"

namespace onevoice::commands {

HelpCommands::HelpCommands(const bot::Router& router, const bot::HandlerContext& context)
    : m_router(router)
    , m_context(context)
    , m_spec{"help",
             "help.summary",
             {{"", "help [command]", "help.usage", bot::Access::everyone}},
             {"help team"},
             bot::Fallback{"", ""}} {}

std::vector<bot::Reply> HelpCommands::handle(const bot::Invocation& invocation) {
    if (invocation.args.empty()) {
        return {overview()};
    }
    if (invocation.args.size() > 1) {
        throw bot::UsageError(m_context.catalog.text("arg.unexpected", {invocation.args[1]}));
    }
    std::string name = bot::ascii_lower(invocation.args.front());
    if (!name.empty() && (name.front() == '/' || name.front() == '!')) {
        name.erase(0, 1);
    }
    const bot::CommandSpec* spec = m_router.find(name);
    if (!spec) {
        throw bot::UsageError(m_context.catalog.text("router.unknown_command", {name}));
    }
    return {details(*spec)};
}

bot::Reply HelpCommands::overview() const {
    const auto& catalog = m_context.catalog;
    bot::Reply reply = bot::Reply::to_requester();
    reply.heading(catalog.text("help.heading"));
    std::vector<bot::Inline> items;
    for (const bot::CommandSpec* spec : m_router.specs()) {
        items.push_back(bot::Inline{catalog.command(spec->name), bot::plain(" — "),
                                    bot::plain(catalog.text(spec->summary_key))});
    }
    reply.list(std::move(items));
    reply.context(catalog.rich("help.more"));
    return reply;
}

bot::Reply HelpCommands::details(const bot::CommandSpec& spec) const {
    const auto& catalog = m_context.catalog;
    bot::Reply reply = bot::Reply::to_requester();
    reply.heading(spec.name + " — " + catalog.text(spec.summary_key));
    std::vector<bot::Inline> items;
    for (const bot::SubcommandSpec& sub : spec.subcommands) {
        bot::Inline item{catalog.command(sub.usage), bot::plain(" — "),
                         bot::plain(catalog.text(sub.summary_key))};
        if (sub.access == bot::Access::lead) {
            item.push_back(bot::plain(" "));
            item.push_back(bot::emphasis(catalog.text("help.lead_only")));
        }
        items.push_back(std::move(item));
    }
    reply.list(std::move(items));
    if (!spec.examples.empty()) {
        std::vector<bot::Inline> examples;
        for (const std::string& example : spec.examples) {
            examples.push_back(bot::Inline{catalog.command(example)});
        }
        reply.text(catalog.text("help.examples"));
        reply.list(std::move(examples));
    }
    return reply;
}

} // namespace onevoice::commands
