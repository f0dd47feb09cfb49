#include "bot/model/errors.hpp"
#include "bot/runtime/router.hpp"
#include "storage/database.hpp"
#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace onevoice;
using onevoice::tests::TestBot;

namespace {

// A handler whose behaviour a test chooses, to reach the router's error paths.
class ScriptedHandler final : public bot::CommandHandler {
public:
    explicit ScriptedHandler(storage::TeamStore& team)
        : m_team(team) {}
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override {
        // Writes first, so a test can see that a failure rolls the write back.
        m_team.add_role("console:" + invocation.user().id, "helper", 0, "test");
        if (invocation.subcommand.name == "crash") {
            throw std::runtime_error("boom: secret internals");
        }
        if (invocation.subcommand.name == "full") {
            throw storage::DbError(SQLITE_FULL, "database or disk is full");
        }
        if (invocation.subcommand.name == "echo") {
            typed = invocation.typed_from(1);
        }
        return {bot::Reply::to_place().text("ok")};
    }

    std::string typed; // what `probe echo <word> <text...>` found typed after the word

private:
    storage::TeamStore& m_team;
    bot::CommandSpec m_spec{"probe",
                            "help.summary",
                            {{"crash", "probe crash", "help.usage", bot::Access::colleague},
                             {"full", "probe full", "help.usage", bot::Access::colleague},
                             {"ok", "probe ok", "help.usage", bot::Access::colleague},
                             {"echo", "probe echo", "help.usage", bot::Access::colleague}},
                            {},
                            std::nullopt};
};

struct RouterFixture : TestBot {
    RouterFixture() {
        make_manager("boss");
        router.add(probe);
    }
    std::int64_t count(const char* sql) {
        storage::Statement s(db, sql);
        s.step();
        return s.get_int(0);
    }
    ScriptedHandler probe{team};
};

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE_FIXTURE(RouterFixture,
                  "Router: a redelivered event runs once and is acknowledged again") {
    const auto first = dispatch("team add @alice community", "boss", "ev-1");
    const auto again = dispatch("team add @alice community", "boss", "ev-1");
    CHECK(first.kind == bot::RouteOutcome::Kind::done);
    CHECK(again.kind == bot::RouteOutcome::Kind::duplicate);
    CHECK(again.should_ack());
    CHECK(count("SELECT COUNT(*) FROM outbox") == 1);
    CHECK(count("SELECT COUNT(*) FROM member_roles WHERE user_key = 'console:alice'") == 1);
}

TEST_CASE_FIXTURE(RouterFixture,
                  "Router: an unknown command gets a private reply pointing to help") {
    const std::string out = run("frobnicate now");
    CHECK(out == "Unknown command 'frobnicate'. Type help for the list of commands.");
    CHECK(last_reply().audience == bot::Audience::requester);
    CHECK(last_reply().recipient->key() == "console:boss");
}

TEST_CASE_FIXTURE(RouterFixture, "Router: an unknown subcommand lists the command's usage lines") {
    const std::string out = run("team promote @alice");
    CHECK(out.find("'promote' is not a subcommand of team.") != std::string::npos);
    CHECK(out.find("Usage:") != std::string::npos);
    CHECK(out.find("- team add @user <role>[,<role>...]") != std::string::npos);
}

TEST_CASE_FIXTURE(RouterFixture,
                  "Router: a lead-only subcommand is refused to a helper, nothing changes") {
    const std::string out = run("team add @carol expert", "helpful");
    CHECK(out.find("Only a manager, deputy or community manager may do that.") !=
          std::string::npos);
    CHECK(out.find("Usage: team add @user <role>[,<role>...]") != std::string::npos);
    CHECK(team.roles_of("console:carol").empty());
}

TEST_CASE_FIXTURE(RouterFixture, "Router: bad input rolls the handler back but records the event") {
    const auto outcome = dispatch("team add @alice wizard", "boss", "ev-bad");
    CHECK(outcome.kind == bot::RouteOutcome::Kind::done);
    CHECK(team.roles_of("console:alice").empty());
    CHECK(events.contains("ev-bad"));
    CHECK(count("SELECT COUNT(*) FROM outbox") == 1);
}

TEST_CASE_FIXTURE(RouterFixture,
                  "Router: command names ignore case, a leading slash and /onevoice") {
    CHECK(run("TEAM").find("## Team") == 0);
    CHECK(run("/team").find("## Team") == 0);
    CHECK(run("onevoice team").find("## Team") == 0);
    CHECK(run("/onevoice Team").find("## Team") == 0);
}

TEST_CASE_FIXTURE(RouterFixture, "Router: malformed text is answered, never run") {
    SUBCASE("an unbalanced quote") {
        CHECK(run("team away \"on vacation").find("The quote at position 11 is never closed.") ==
              0);
    }
    SUBCASE("bytes that are not UTF-8") {
        CHECK(run("team add @al\xff\xfe community").find("not valid UTF-8") != std::string::npos);
        CHECK(count("SELECT COUNT(*) FROM users WHERE platform_id LIKE 'al%'") == 0);
    }
    SUBCASE("a text over the limit") {
        const std::string out = run("team away " + std::string(5000, 'x'));
        CHECK(out.find("too long (5010 characters; at most 4000)") != std::string::npos);
    }
    SUBCASE("an empty line: nothing to answer") {
        CHECK(run("").empty());
        CHECK(run("   ").empty());
    }
}

TEST_CASE_FIXTURE(RouterFixture,
                  "Router: an unexpected exception becomes a reply with a ref, no internals") {
    const std::string out = run("probe crash");
    CHECK(out.find("Something went wrong (ref ") == 0);
    CHECK(out.find("boom") == std::string::npos);
    CHECK(team.roles_of("console:boss").size() == 1); // the probe's write was rolled back
}

TEST_CASE_FIXTURE(RouterFixture, "Router: a full disk is not acknowledged and leaves no trace") {
    const auto outcome = dispatch("probe full", "boss", "ev-full");
    CHECK(outcome.kind == bot::RouteOutcome::Kind::not_stored);
    CHECK_FALSE(outcome.should_ack());
    CHECK_FALSE(events.contains("ev-full"));
    CHECK(count("SELECT COUNT(*) FROM outbox") == 0);
    CHECK(team.roles_of("console:boss").size() == 1);
    // The platform redelivers; once the disk has room again it runs normally.
    CHECK(dispatch("probe ok", "boss", "ev-full").kind == bot::RouteOutcome::Kind::done);
}

TEST_CASE_FIXTURE(RouterFixture, "Router: a button press runs its command as the presser") {
    bot::Action action;
    action.event_id = "act-1";
    action.action_id = "team.roster";
    action.value = "experts add @alice billing";
    action.user = console_user("boss");
    action.place = bot::Place{"console", "console", "", true};
    CHECK(router.dispatch(action).kind == bot::RouteOutcome::Kind::done);
    CHECK(team.experts_for("billing") == std::vector<std::string>{"console:alice"});
    CHECK(router.dispatch(action).kind == bot::RouteOutcome::Kind::duplicate);
}

TEST_CASE_FIXTURE(RouterFixture, "Router: replies default to the command's place and requester") {
    dispatch("team", "boss");
    dispatch("help", "boss");
    storage::Statement rows(db, "SELECT conversation FROM outbox ORDER BY id");
    while (rows.step()) {
        CHECK(rows.get_text(0) == "console:console");
    }
    sender.pump();
    REQUIRE(chat.sent.size() == 2);
    CHECK(chat.sent[0].reply.place.conversation == "console");
    CHECK(chat.sent[1].reply.audience == bot::Audience::requester);
    CHECK(chat.sent[1].reply.recipient->id == "boss");
}

TEST_CASE_FIXTURE(RouterFixture,
                  "Invocation: the text as typed from an argument on keeps quotes and spacing") {
    run("probe echo x  \"a  b\"\tc „d“ it's\n  ");
    CHECK(probe.typed == "\"a  b\"\tc „d“ it's");
    run("onevoice probe echo 'x y' z");
    CHECK(probe.typed == "z");
    run("PROBE Echo x \"\"");
    CHECK(probe.typed == "\"\"");
    run("probe echo x");
    CHECK(probe.typed.empty());
    // The words after a quoted phrase that contains them too: re-tokenizing from
    // the first place that looked like a start took in the phrase's tail as well.
    run("probe echo \"Fair photos “x\" photos");
    CHECK(probe.typed == "photos");
}

TEST_CASE("Invocation: arguments nobody typed are joined by spaces") {
    bot::Command command;
    command.text = "listen alert 3 declare";
    const bot::SubcommandSpec sub{"declare", "crisis declare", "", bot::Access::colleague};
    const bot::Invocation invocation{command, sub, {"sev2", "Outrage", "about  the ad"}, {}};
    CHECK(invocation.typed_from(1) == "Outrage about  the ad");
    CHECK(invocation.typed_from(3).empty());
}

TEST_SUITE_END();
