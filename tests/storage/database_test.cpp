#include "bot/text/fold.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "storage/migrations.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>

using namespace onevoice;
using onevoice::tests::MemoryDb;
using onevoice::tests::TempPath;

TEST_SUITE_BEGIN("storage");

TEST_CASE("migrate: a new database gets every migration and its version recorded") {
    storage::Database db(":memory:");
    CHECK(storage::schema_version(db) == 0);
    storage::migrate(db);
    CHECK(storage::schema_version(db) == storage::latest_schema_version());
    SUBCASE("running it again changes nothing") {
        storage::migrate(db);
        CHECK(storage::schema_version(db) == storage::latest_schema_version());
    }
}

namespace {

// The values of one text column, in order.
std::string column(storage::Database& db, const std::string& query) {
    storage::Statement select(db, query);
    std::string out;
    while (select.step()) {
        out += select.get_text(0) + ";";
    }
    return out;
}

} // namespace

TEST_CASE("migrate: topics and tags stored before case folding are folded, duplicates merge") {
    storage::Database db(":memory:");
    storage::migrate(db);
    // As version 8 stored them: lower-cased ASCII only, umlauts as typed.
    db.exec(R"sql(
INSERT INTO users (user_key, platform, platform_id, display_name, first_seen, last_seen)
    VALUES ('console:erik', 'console', 'erik', 'erik', 0, 0);
INSERT INTO experts VALUES ('console:erik', 'lÖsungen', 1), ('console:erik', 'lösungen', 2),
                           ('console:erik', 'billing', 3), ('console:erik', 'straße', 4);
INSERT INTO ideas (id, text, author_key, platform, conversation, created_at, updated_at)
    VALUES (1, 'x', 'console:erik', 'console', 'console', 0, 0);
INSERT INTO idea_tags VALUES (1, 'lÖsungen'), (1, 'lo)sql"
            "\u0308"
            R"sql(sungen'), (1, 'event');
INSERT INTO handovers (topic, question, requester_key, assignee_key, created_at, assigned_at,
                       due_at) VALUES ('lÖsungen', 'q', 'console:erik', 'console:erik', 0, 0, 0);
PRAGMA user_version = 8;
)sql");
    storage::migrate(db, bot::fold);
    CHECK(storage::schema_version(db) == storage::latest_schema_version());
    CHECK(column(db, "SELECT topic FROM experts ORDER BY topic") == "billing;lösungen;strasse;");
    CHECK(column(db, "SELECT tag FROM idea_tags ORDER BY tag") == "event;lösungen;");
    CHECK(column(db, "SELECT topic FROM handovers") == "lösungen;");
}

TEST_CASE("migrate: a database from a newer OneVoice is refused and left alone") {
    TempPath path;
    {
        storage::Database db(path.str());
        db.exec("PRAGMA user_version = 999");
    }
    storage::Database db(path.str());
    CHECK_THROWS_WITH_AS(storage::migrate(db), doctest::Contains("newer than this OneVoice"),
                         storage::DbError);
    CHECK(storage::schema_version(db) == 999);
}

TEST_CASE("Database: a file that is not a database is refused with a clear message") {
    TempPath path;
    {
        std::ofstream out(path.str());
        out << "this is a text file, not SQLite, and long enough to have a header........";
    }
    CHECK_THROWS_WITH_AS(storage::Database(path.str()),
                         doctest::Contains("is not a SQLite database"), storage::DbError);
}

TEST_CASE("Database: WAL mode and foreign keys are on for a file database") {
    TempPath path;
    storage::Database db(path.str());
    storage::Statement mode(db, "PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.get_text(0) == "wal");
    storage::Statement fk(db, "PRAGMA foreign_keys");
    REQUIRE(fk.step());
    CHECK(fk.get_int(0) == 1);
}

TEST_CASE_FIXTURE(MemoryDb, "Transaction: changes are rolled back unless committed") {
    storage::Settings settings(db);
    {
        storage::Transaction tx(db);
        settings.put("k", "lost");
    }
    CHECK_FALSE(settings.get("k").has_value());
    {
        storage::Transaction tx(db);
        settings.put("k", "kept");
        tx.commit();
    }
    CHECK(settings.get("k") == "kept");
}

TEST_CASE_FIXTURE(MemoryDb, "Savepoint: rolling back keeps the rest of the transaction") {
    storage::Settings settings(db);
    storage::Transaction tx(db);
    settings.put("before", "1");
    {
        storage::Savepoint sp(db, "handler");
        settings.put("inside", "1");
    }
    settings.put("after", "1");
    tx.commit();
    CHECK(settings.get("before") == "1");
    CHECK_FALSE(settings.get("inside").has_value());
    CHECK(settings.get("after") == "1");
}

TEST_CASE_FIXTURE(MemoryDb,
                  "Statement: text with quotes and NUL-free binary-ish bytes round-trips") {
    storage::Settings settings(db);
    const std::string tricky = "'; DROP TABLE settings; -- \"ä\"";
    settings.put(tricky, tricky);
    CHECK(settings.get(tricky) == tricky);
}

TEST_CASE_FIXTURE(MemoryDb, "EventLog: an event id is recorded once and pruned by age") {
    storage::EventLog log(db);
    CHECK(log.record("ev1", 100));
    CHECK_FALSE(log.record("ev1", 200));
    CHECK(log.contains("ev1"));
    CHECK_FALSE(log.contains("ev2"));
    CHECK(log.prune(101) == 1);
    CHECK_FALSE(log.contains("ev1"));
}

TEST_CASE_FIXTURE(MemoryDb, "DbError: a constraint failure carries its SQLite code") {
    try {
        db.exec("INSERT INTO member_roles (user_key, role, added_at) VALUES ('x:y', 'boss', 1)");
        FAIL("expected a DbError");
    } catch (const storage::DbError& e) {
        CHECK((e.code() & 0xff) == SQLITE_CONSTRAINT);
        CHECK_FALSE(e.is_transient());
    }
}

TEST_SUITE_END();
