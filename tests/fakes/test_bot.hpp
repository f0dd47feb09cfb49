#pragma once

#include "bot/model/catalog.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/availability.hpp"
#include "bot/runtime/core.hpp"
#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/outbox.hpp"
#include "bot/runtime/router.hpp"
#include "bot/runtime/scheduler.hpp"
#include "bot/runtime/users.hpp"
#include "commands/help/module.hpp"
#include "commands/team/module.hpp"
#include "storage/event_log.hpp"
#include "storage/job_store.hpp"
#include "storage/outbox_store.hpp"
#include "storage/team_store.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/recording_chat.hpp"
#include "tests/fakes/test_db.hpp"

#include <set>
#include <string>
#include <vector>

namespace onevoice::tests {

// The real router and the team and help modules on a migrated :memory:
// database, a fake clock (2026-11-18, a Wednesday, in Europe/Berlin) and a
// recording chat; derived fixtures add domain modules to `core`, as bot/app
// does. `run`
// sends a command line through the router as a console user and returns the
// plain-text rendering of everything the outbox delivered for it (Errbot's
// testbot.exec_command).
struct TestBot {
    explicit TestBot(bot::Locale locale = bot::Locale::en)
        : catalog(locale) {}

    // Makes `name` a manager directly in the store, as the config's admins are.
    void make_manager(const std::string& name) {
        const bot::UserRef user = console_user(name);
        users.remember(user);
        team.add_role(user.key(), "manager", 0, "test");
    }

    static bot::UserRef console_user(const std::string& name) {
        return bot::UserRef{"console", name, name, ""};
    }

    bot::RouteOutcome dispatch(const std::string& line, const std::string& as,
                               std::string event_id = {}) {
        bot::Command command;
        command.event_id = event_id.empty() ? "test:" + std::to_string(++events_sent) : event_id;
        command.user = console_user(as);
        command.user.is_outsider = outsiders.contains(as);
        command.place = bot::Place{"console", "console", "", true};
        command.text = line;
        command.received_at = clock.now();
        return router.dispatch(std::move(command));
    }

    // Runs the line and returns the replies it produced, joined by blank lines.
    std::string run(const std::string& line, const std::string& as = "boss") {
        const std::size_t before = chat.sent.size();
        dispatch(line, as);
        sender.pump();
        std::string out;
        for (std::size_t i = before; i < chat.sent.size(); ++i) {
            out += (out.empty() ? "" : "\n\n") + chat.sent[i].text;
        }
        return out;
    }

    // The last delivered reply.
    const bot::Reply& last_reply() const { return chat.sent.back().reply; }

    MemoryDb memory;
    storage::Database& db = memory.db;
    FakeClock clock{bot::from_millis(1'795'000'000'000)}; // 2026-11-18T11:06:40Z
    bot::TimeZone zone = *bot::TimeZone::find("Europe/Berlin");
    bot::Catalog catalog;
    storage::EventLog events{db};
    storage::OutboxStore outbox{db};
    storage::TeamStore team{db};
    bot::UserDirectory users{team, clock};
    bot::HandlerContext context{catalog, clock, zone, users};
    bot::OutboxWriter writer{outbox, clock};
    bot::Router router{db, events, users, writer, catalog, clock};
    bot::Availability availability{team, users};
    storage::JobStore job_store{db};
    bot::Scheduler scheduler{db, job_store, writer};
    bot::Core core{db,    team,         job_store, catalog,   context,
                   users, availability, router,    scheduler, writer};
    commands::TeamModule team_module{core};
    commands::HelpModule help_module{core};
    RecordingChat chat;
    bot::OutboxSender sender{db, outbox, chat, clock, bot::OutboxPolicy{}, [] {
                                 return 0.5;
                             }};
    int events_sent = 0;
    // Who speaks as an outsider (another workspace, a guest, a foreign server).
    std::set<std::string> outsiders;
};

} // namespace onevoice::tests
