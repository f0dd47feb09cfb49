#pragma once

#include "commands/handover/module.hpp"
#include "tests/fakes/test_bot.hpp"

#include <string>

namespace onevoice::tests {

// TestBot with `handover`, its jobs on a real Scheduler and the recap hooked to
// `team back`. The team: boss (manager), dana (community manager), alice and
// carol (experts for billing), erik (expert for legal), bob (helper, a cover).
// The fake clock starts on Wednesday 2026-11-18, 12:06 in Europe/Berlin.
struct HandoverBot : TestBot {
    explicit HandoverBot(commands::HandoverSettings handover_settings = {},
                         bot::Locale locale = bot::Locale::en)
        : TestBot(locale)
        , handover_module(core, std::move(handover_settings)) {
        team_module.team.set_on_back([this](const bot::UserRef& user, bot::LocalDate since) {
            return handover_module.welcome_back(user, since);
        });
        make_manager("boss");
        run("team add @dana community");
        run("team add @alice expert");
        run("team add @carol expert");
        run("team add @erik expert");
        run("team add @bob helper");
        run("experts add @alice billing");
        run("experts add @carol billing");
        run("experts add @erik legal");
    }

    // Sends `line` as `as` from `place` (a thread, say) and returns what was delivered.
    std::string run_in(const bot::Place& place, const std::string& line, const std::string& as) {
        bot::Command command;
        command.event_id = "place:" + std::to_string(++events_sent);
        command.user = console_user(as);
        command.place = place;
        command.text = line;
        command.received_at = clock.now();
        const std::size_t before = chat.sent.size();
        router.dispatch(std::move(command));
        sender.pump();
        return delivered_since(before);
    }

    // Moves the clock, runs the jobs now due and returns what they delivered.
    std::string advance(bot::Duration by) {
        clock.advance(by);
        const std::size_t before = chat.sent.size();
        scheduler.run_due(clock.now());
        sender.pump();
        return delivered_since(before);
    }

    std::string delivered_since(std::size_t before) const {
        std::string out;
        for (std::size_t i = before; i < chat.sent.size(); ++i) {
            out += (out.empty() ? "" : "\n\n") + chat.sent[i].text;
        }
        return out;
    }

    // Everything `handover` can change, as one comparable string.
    std::string handover_state() {
        std::string out;
        for (const auto& h : handovers.list({}, 1000)) {
            out += std::to_string(h.id) + " " + h.status + " " + h.assignee_key + " e" +
                   std::to_string(handovers.events(h.id).size()) + " d" +
                   std::to_string(handovers.decliners(h.id).size()) + "\n";
        }
        return out;
    }

    storage::HandoverRow newest() {
        storage::HandoverRow out;
        for (auto& h : handovers.list({}, 1000)) {
            out = h.id > out.id ? h : out;
        }
        return out;
    }

    commands::HandoverModule handover_module;
    commands::HandoverSettings& settings = handover_module.settings;
    storage::HandoverStore& handovers = handover_module.store;
    commands::HandoverRecap& recap = handover_module.recap;
};

} // namespace onevoice::tests
