#include "storage/backup.hpp"
#include "storage/database.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>

using namespace onevoice;
using onevoice::tests::TempDir;

TEST_SUITE_BEGIN("storage");

namespace {

std::int64_t count_rows(storage::Database& db) {
    storage::Statement count(db, "SELECT count(*) FROM notes");
    count.step();
    return count.get_int(0);
}

std::string integrity(storage::Database& db) {
    storage::Statement check(db, "PRAGMA integrity_check");
    check.step();
    return check.get_text(0);
}

// A database of `rows` rows of 1 KiB each: a few hundred pages, so a backup
// in small steps takes many of them.
std::string make_database(const TempDir& dir, int rows) {
    const std::string path = dir.file("live.db");
    storage::Database db(path);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
    storage::Transaction tx(db);
    storage::Statement insert(db, "INSERT INTO notes(body) VALUES (randomblob(1024))");
    for (int i = 0; i < rows; ++i) {
        insert.run();
    }
    tx.commit();
    return path;
}

} // namespace

TEST_CASE("backup: a copy taken while another connection writes opens intact with the rows") {
    TempDir dir;
    const std::string live = make_database(dir, 1500);
    const std::string copy = dir.file("copy.db");

    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    std::thread writer([&] {
        storage::Database db(live);
        storage::Statement insert(db, "INSERT INTO notes(body) VALUES (randomblob(1024))");
        while (!stop) {
            storage::Transaction tx(db);
            for (int i = 0; i < 5; ++i) {
                insert.run();
            }
            tx.commit();
            written += 5;
        }
    });
    // The writer is running before the backup starts.
    while (written < 50) {
        std::this_thread::yield();
    }
    storage::BackupOptions options;
    options.pages_per_step = 8;
    options.busy_wait = std::chrono::milliseconds(1);
    const storage::BackupReport report = storage::backup_database(live, copy, options);
    const int written_before_stop = written;
    stop = true;
    writer.join();
    MESSAGE("backup: " << report.pages << " pages, " << report.restarts << " restarts, "
                       << written_before_stop << " rows written meanwhile");

    CHECK(report.pages > 300);
    CHECK(report.bytes == static_cast<std::int64_t>(std::filesystem::file_size(copy)));
    CHECK_FALSE(std::filesystem::exists(copy + ".tmp"));
    storage::Database restored(copy);
    CHECK(integrity(restored) == "ok");
    // Everything committed before the backup started, and at most what came after.
    const std::int64_t rows = count_rows(restored);
    CHECK(rows >= 1500 + 50);
    CHECK(rows <= 1500 + written_before_stop + 5);
}

TEST_CASE("backup: an earlier backup file is replaced whole") {
    TempDir dir;
    const std::string live = make_database(dir, 10);
    const std::string copy = dir.write("copy.db", "an older backup, not a database");
    const storage::BackupReport report = storage::backup_database(live, copy);
    CHECK(report.restarts == 0);
    storage::Database restored(copy);
    CHECK(count_rows(restored) == 10);
}

TEST_CASE("backup: the live database is never overwritten") {
    TempDir dir;
    const std::string live = make_database(dir, 10);
    SUBCASE("the same path") {
        CHECK_THROWS_AS(storage::backup_database(live, live), storage::BackupError);
    }
    SUBCASE("another path to the same file") {
        const std::string same = dir.str() + "/./live.db";
        CHECK_THROWS_AS(storage::backup_database(live, same), storage::BackupError);
    }
    SUBCASE("its write-ahead log") {
        CHECK_THROWS_AS(storage::backup_database(live, live + "-wal"), storage::BackupError);
    }
    storage::Database db(live);
    CHECK(count_rows(db) == 10);
    CHECK(integrity(db) == "ok");
}

TEST_CASE("backup: a missing or unusable source fails with a clear message and no file") {
    TempDir dir;
    const std::string copy = dir.file("copy.db");
    SUBCASE("missing") {
        CHECK_THROWS_WITH_AS(storage::backup_database(dir.file("nope.db"), copy),
                             doctest::Contains("does not exist"), storage::BackupError);
    }
    SUBCASE("in memory") {
        CHECK_THROWS_AS(storage::backup_database(":memory:", copy), storage::BackupError);
    }
    SUBCASE("not a database") {
        const std::string junk = dir.write("junk.db", std::string(4096, 'x'));
        CHECK_THROWS_WITH_AS(storage::backup_database(junk, copy),
                             doctest::Contains("not a usable database"), storage::BackupError);
    }
    SUBCASE("a directory as target") {
        const std::string live = make_database(dir, 1);
        CHECK_THROWS_AS(storage::backup_database(live, dir.str()), storage::BackupError);
    }
    CHECK_FALSE(std::filesystem::exists(copy));
    CHECK_FALSE(std::filesystem::exists(copy + ".tmp"));
}

TEST_SUITE_END();
