// A database that takes no writes (`PRAGMA query_only`: every write fails with
// SQLITE_READONLY, as on a read-only file) through the real router, outbox
// sender and scheduler: refused commands are not acknowledged, their requester
// is told once per event, and everything works again once writes do.
#include "bot/runtime/outbox.hpp"
#include "bot/runtime/router.hpp"
#include "bot/runtime/scheduler.hpp"
#include "storage/database.hpp"
#include "storage/job_store.hpp"
#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace onevoice;
using namespace std::chrono_literals;

namespace {

constexpr const char* k_refusal_en =
    "OneVoice can't store anything right now (the database is read-only) - your command was not "
    "saved; please try again in a few minutes.";

struct DiskBot : tests::TestBot {
    explicit DiskBot(bot::Locale locale = bot::Locale::en)
        : TestBot(locale) {
        make_manager("boss");
    }
    void read_only(bool is_on) {
        db.exec(is_on ? "PRAGMA query_only=ON" : "PRAGMA query_only=OFF");
    }
    std::int64_t count(const char* sql) {
        storage::Statement s(db, sql);
        s.step();
        return s.get_int(0);
    }
    std::int64_t alice_roles() {
        return count("SELECT COUNT(*) FROM member_roles WHERE user_key = 'console:alice'");
    }
};

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE_FIXTURE(DiskBot,
                  "Disk faults: a refused command is not acked and its requester is told") {
    read_only(true);
    const auto outcome = dispatch("team add @alice community", "boss", "ev-1");
    CHECK(outcome.kind == bot::RouteOutcome::Kind::not_stored);
    CHECK_FALSE(outcome.should_ack());
    CHECK(outcome.error.find("readonly") != std::string::npos);
    REQUIRE(outcome.refusal);
    CHECK(bot::render_plain(*outcome.refusal) == k_refusal_en);
    CHECK(outcome.refusal->audience == bot::Audience::requester);
    CHECK(outcome.refusal->recipient->key() == "console:boss");
    CHECK(outcome.refusal->place.conversation == "console");

    read_only(false);
    CHECK_FALSE(events.contains("ev-1"));
    CHECK(count("SELECT COUNT(*) FROM outbox") == 0);
    CHECK(alice_roles() == 0);
}

TEST_CASE_FIXTURE(DiskBot, "Disk faults: one refusal per event per outage then exactly once") {
    read_only(true);
    CHECK(dispatch("team add @alice community", "boss", "ev-1").refusal);
    // Slack redelivers the same event: it is refused again, but nobody is told twice.
    for (int i = 0; i < 5; ++i) {
        const auto again = dispatch("team add @alice community", "boss", "ev-1");
        CHECK(again.kind == bot::RouteOutcome::Kind::not_stored);
        CHECK_FALSE(again.refusal);
    }
    // Another event in the same outage gets its own answer.
    CHECK(dispatch("team", "boss", "ev-2").refusal);

    read_only(false);
    const auto stored = dispatch("team add @alice community", "boss", "ev-1");
    CHECK(stored.kind == bot::RouteOutcome::Kind::done);
    CHECK(stored.should_ack());
    CHECK(dispatch("team add @alice community", "boss", "ev-1").kind ==
          bot::RouteOutcome::Kind::duplicate);
    CHECK(alice_roles() == 1);
    CHECK(count("SELECT COUNT(*) FROM outbox") == 1);

    // The next outage is a new one: the same event may be told again.
    read_only(true);
    CHECK(dispatch("team", "boss", "ev-2").refusal);
}

TEST_CASE_FIXTURE(DiskBot, "Disk faults: an event stored before the outage stays a duplicate") {
    CHECK(dispatch("team add @alice community", "boss", "ev-1").kind ==
          bot::RouteOutcome::Kind::done);
    read_only(true);
    // Its ack was lost; the redelivery must be acked, not refused.
    const auto again = dispatch("team add @alice community", "boss", "ev-1");
    CHECK(again.kind == bot::RouteOutcome::Kind::duplicate);
    CHECK(again.should_ack());
    CHECK_FALSE(again.refusal);
}

TEST_CASE("Disk faults: the refusal in German") {
    DiskBot german(bot::Locale::de);
    german.read_only(true);
    const auto outcome = german.dispatch("team", "boss", "ev-de");
    REQUIRE(outcome.refusal);
    CHECK(bot::render_plain(*outcome.refusal) ==
          "OneVoice kann gerade nichts speichern (die Datenbank ist schreibgeschützt) – dein "
          "Befehl wurde nicht gespeichert; bitte versuch es in ein paar Minuten noch einmal.");
}

TEST_CASE("Disk faults: each SQLite failure has its cause") {
    const auto text = [](int code) {
        return storage::DbError(code, "x").cause();
    };
    CHECK(text(SQLITE_FULL) == storage::DbError::Cause::disk_full);
    CHECK(text(SQLITE_IOERR_WRITE) == storage::DbError::Cause::io_error);
    CHECK(text(SQLITE_BUSY) == storage::DbError::Cause::busy);
    CHECK(text(SQLITE_READONLY_DBMOVED) == storage::DbError::Cause::read_only);
    CHECK(text(SQLITE_CONSTRAINT_UNIQUE) == storage::DbError::Cause::other);
}

TEST_CASE_FIXTURE(DiskBot, "Disk faults: a delivered message is not resent while unrecorded") {
    chat.hold = true;
    dispatch("team", "boss", "ev-1");
    CHECK(sender.pump() == 1);
    read_only(true);
    chat.release_one(); // delivered, but the database refuses to record it
    CHECK(sender.in_flight() == 0);
    CHECK(sender.next_due() == clock.now() + 5s);
    for (int i = 0; i < 3; ++i) {
        sender.pump();
    }
    CHECK(chat.sent.size() == 1); // no repeat on every pump

    read_only(false);
    sender.pump(); // records it now
    CHECK(sender.pending() == 0);
    CHECK(chat.sent.size() == 1);
    CHECK_FALSE(sender.next_due());
}

TEST_CASE_FIXTURE(DiskBot, "Disk faults: the outbox still sends after a pump failed to write") {
    // A row that cannot be decoded is marked failed: a write, refused here.
    outbox.enqueue("console:console", "not a reply", bot::to_millis(clock.now()));
    read_only(true);
    CHECK_THROWS_AS(sender.pump(), storage::DbError);

    read_only(false);
    dispatch("team", "boss", "ev-1");
    CHECK(sender.pump() == 1); // a latch left set by the failure would answer 0 for ever
    CHECK(chat.sent.size() == 1);
}

TEST_CASE_FIXTURE(DiskBot, "Disk faults: a job that cannot be stored waits its backoff") {
    int runs = 0;
    bool is_full = true;
    scheduler.register_kind("probe", [&](const storage::JobRow&, bot::TimePoint) {
        ++runs;
        // The disk fills while the job runs: its reply and its retry cannot be stored.
        read_only(is_full);
        return bot::JobOutcome{{bot::Reply::to_place().text("job ran")}, std::nullopt};
    });
    scheduler.ensure("probe-1", "probe", clock.now());

    CHECK(scheduler.run_due(clock.now()) == 0);
    CHECK(runs == 1);
    clock.advance(30s);
    CHECK(scheduler.run_due(clock.now()) == 0);
    CHECK(runs == 1); // held for its retry delay (two minutes), not spun every tick

    is_full = false;
    read_only(false);
    clock.advance(2min);
    CHECK(scheduler.run_due(clock.now()) == 1);
    CHECK(runs == 2);
    CHECK_FALSE(scheduler.next_due());
    CHECK(count("SELECT COUNT(*) FROM outbox") == 1);
}

TEST_SUITE_END();
