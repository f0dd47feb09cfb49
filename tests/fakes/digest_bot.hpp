#pragma once

#include "bot/model/fetch_error.hpp"
#include "bot/model/plain_text.hpp"
#include "commands/listening/digest/digest.hpp"
#include "commands/listening/digest/digest_commands.hpp"
#include "commands/listening/listen_spikes.hpp"
#include "storage/digest_store.hpp"
#include "storage/event_log.hpp"
#include "tests/fakes/crisis_bot.hpp"
#include "tests/fakes/listen_seed.hpp"

#include <string>
#include <vector>

namespace onevoice::tests {

// CrisisBot with `digest`, its daily job and the spike alerts, on listening
// rows written by ListenSeed. Alerts go to the console conversation.
struct DigestBot : CrisisBot {
    explicit DigestBot(bot::Locale locale = bot::Locale::en,
                       commands::SpikeSettings spike_settings = {})
        : CrisisBot({}, locale)
        , spikes(
              store,
              [this](const bot::Invocation& by, const std::string& title,
                     const std::string& entry) {
                  return crisis_commands.declare_with_entry(by, title, entry);
              },
              context, spike_settings,
              [] {
                  return bot::Place{"console", "console", "", true};
              }) {
        catalog.add(commands::digest_messages());
        catalog.add(bot::fetch_error_messages());
        router.add(digest_commands);
        digest_commands.register_with(scheduler);
    }

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
    storage::DigestStore store{db};
    storage::Settings settings_table{db};
    commands::DigestCommands digest_commands{store, settings_table, job_store, context};
    commands::SpikeAlerts spikes;
};

} // namespace onevoice::tests
