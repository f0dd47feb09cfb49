#pragma once

#include "commands/crisis/module.hpp"
#include "commands/ideas/module.hpp"
#include "tests/fakes/refusal.hpp"
#include "tests/fakes/test_bot.hpp"

#include <string>

namespace onevoice::tests {

// TestBot with `crisis` and its reminder job on a real Scheduler. The team:
// boss (manager), dina (deputy), dana and carl (community managers), bob
// (helper). The fake clock starts on Wednesday 2026-11-18, 12:06 in Europe/Berlin.
// `idea` is there too, for the calendar freeze.
struct CrisisBot : TestBot {
    explicit CrisisBot(commands::CrisisSettings crisis_settings = {},
                       bot::Locale locale = bot::Locale::en)
        : TestBot(locale)
        , crisis_module(core, std::move(crisis_settings)) {
        make_manager("boss");
        run("team add @dina deputy");
        run("team add @dana community");
        run("team add @carl community");
        run("team add @bob helper");
    }

    // Moves the clock, runs the jobs now due and returns what they delivered.
    std::string advance(bot::Duration by) {
        clock.advance(by);
        const std::size_t before = chat.sent.size();
        scheduler.run_due(clock.now());
        sender.pump();
        std::string out;
        for (std::size_t i = before; i < chat.sent.size(); ++i) {
            out += (out.empty() ? "" : "\n\n") + chat.sent[i].text;
        }
        return out;
    }

    // Everything `crisis` can change, as one comparable string.
    std::string crisis_state() {
        std::string out;
        for (std::int64_t id = 1;; ++id) {
            const auto crisis = crises.find(id);
            if (!crisis) {
                break;
            }
            int ticked = 0;
            for (const auto& step : crises.steps(id)) {
                ticked += step.is_ticked() ? 1 : 0;
            }
            out += std::to_string(id) + " " + crisis->status + "/" + crisis->pending + " sev" +
                   std::to_string(crisis->severity) + " " + crisis->lead_key + " t" +
                   std::to_string(ticked) + " e" + std::to_string(crises.timeline(id).size()) +
                   " s" + std::to_string(crises.statements(id).size()) + "\n";
        }
        int paused = 0;
        for (std::int64_t id = 1; crises.find(id); ++id) {
            for (const auto& pause : crisis_module.freeze.pauses(id)) {
                paused += pause.is_paused() ? 1 : 0;
            }
        }
        for (const auto& row : crisis_module.templates.all()) {
            out += "template " + row.name + "\n";
        }
        return out + "jobs " + std::to_string(job_store.all().size()) + " paused " +
               std::to_string(paused);
    }

    commands::CrisisModule crisis_module;
    commands::CrisisSettings& settings = crisis_module.settings;
    storage::CrisisStore& crises = crisis_module.store;
    commands::IdeasModule ideas_module{core, {}};
    storage::IdeaStore& ideas = ideas_module.store;
};

// A crisis command that must fail and change nothing (tests/fakes/refusal.hpp).
inline std::string refused(CrisisBot& bot, const std::string& line, const std::string& as,
                           const std::string& problem) {
    return check_refused(bot, line, as, problem, [&bot] { return bot.crisis_state(); });
}

// "@a @b ": the recipients of the direct messages sent from reply `from` on.
inline std::string recipients(const CrisisBot& bot, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < bot.chat.sent.size(); ++i) {
        const bot::Reply& reply = bot.chat.sent[i].reply;
        if (reply.audience == bot::Audience::direct) {
            out += "@" + reply.recipient->id + " ";
        }
    }
    return out;
}

} // namespace onevoice::tests
