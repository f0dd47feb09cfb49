#pragma once

#include "bot/model/plain_text.hpp"
#include "commands/listening/module.hpp"
#include "tests/fakes/crisis_bot.hpp"
#include "tests/fakes/fake_fetcher.hpp"
#include "tests/fakes/listen_seed.hpp"
#include "tests/fakes/listening_settings.hpp"

#include <string>
#include <vector>

namespace onevoice::tests {

// CrisisBot with the listening module (`listen`, `digest`, its daily job and the
// spike alerts) on listening rows written by ListenSeed. Alerts go to the
// console conversation.
struct DigestBot : CrisisBot {
    explicit DigestBot(bot::Locale locale = bot::Locale::en,
                       commands::SpikeSettings spike_settings = {})
        : CrisisBot({}, locale)
        , listening_module(core, console_listening_settings(spike_settings), {}, fetcher,
                           [this](const bot::Invocation& by, const std::string& title,
                                  const std::string& entry) {
                               return crisis_module.commands.declare_with_entry(by, title, entry);
                           }) {}

    // Runs `listen alert <args...>` as `as` through the alert actions, as the
    // listen command does, and returns the replies' plain text.
    std::string alert(std::vector<std::string> args, const std::string& as = "boss") {
        bot::Command command;
        command.event_id = "alert:" + std::to_string(++events_sent);
        command.user = console_user(as);
        command.place = bot::Place{"console", "console", "", true};
        command.text = "listen alert";
        command.received_at = clock.now();
        const bot::SubcommandSpec sub{"alert", "listen alert <id> <action>", "", {}};
        const bot::Invocation invocation{command, sub, std::move(args),
                                         users.roles_of(command.user)};
        std::string out;
        for (const bot::Reply& reply : spikes.handle_alert(invocation)) {
            out += (out.empty() ? "" : "\n\n") + bot::render_plain(reply);
        }
        return out;
    }

    static std::string plain(const std::vector<bot::Reply>& replies) {
        std::string out;
        for (const bot::Reply& reply : replies) {
            out += (out.empty() ? "" : "\n\n") + bot::render_plain(reply);
        }
        return out;
    }

    ListenSeed seed{db};
    FakeFetcher fetcher;
    commands::ListeningModule listening_module;
    storage::DigestStore& store = listening_module.digests;
    storage::ListenStore& listen_store = listening_module.store;
    storage::Settings& settings_table = listening_module.digest_settings;
    commands::DigestCommands& digest_commands = listening_module.digest;
    commands::SpikeAlerts& spikes = listening_module.spikes;
};

} // namespace onevoice::tests
