// Issue #17: the database, its WAL and SHM files and backups are private
// (0600) whatever the umask.
#include "storage/backup.hpp"
#include "storage/database.hpp"
#include "storage/private_file.hpp"
#include "tests/fakes/file_mode.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace onevoice;
using onevoice::tests::mode_of;
using onevoice::tests::TempDir;
using onevoice::tests::Umask;

TEST_SUITE_BEGIN("storage");

namespace {

void write_rows(storage::Database& db) {
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    db.exec("INSERT INTO notes(body) VALUES ('a customer question')");
}

} // namespace

TEST_CASE("private files: a new database, its WAL and its SHM are 0600 under umask 022") {
    const Umask umask(022);
    TempDir dir;
    const std::string path = dir.file("bot.db");
    storage::Database db(path);
    write_rows(db);
    // The connection is open and has written: SQLite keeps -wal and -shm until it closes.
    REQUIRE(mode_of(path + "-wal") != -1);
    REQUIRE(mode_of(path + "-shm") != -1);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path + "-wal") == 0600);
    CHECK(mode_of(path + "-shm") == 0600);
    CHECK(storage::files_open_to_others(path).empty());
}

TEST_CASE("private files: an existing database keeps its mode and is reported when others may "
          "read it") {
    const Umask umask(022);
    TempDir dir;
    const std::string path = dir.file("old.db");
    {
        storage::Database db(path);
        write_rows(db);
    }
    std::filesystem::permissions(path, std::filesystem::perms(0644));
    storage::Database db(path);
    db.exec("INSERT INTO notes(body) VALUES ('another')");
    CHECK(mode_of(path) == 0644); // a warning, not a silent change of the operator's file
    const auto open = storage::files_open_to_others(path);
    REQUIRE(!open.empty());
    CHECK(open.front() == path);
}

TEST_CASE("private files: nothing is created or reported for an in-memory database") {
    CHECK(storage::files_open_to_others(":memory:").empty());
    CHECK(storage::files_open_to_others("").empty());
    CHECK_FALSE(storage::names_a_file(":memory:"));
    CHECK(storage::names_a_file("onevoice.db"));
}

TEST_CASE("private files: a backup is 0600 under umask 022, also over an older 0644 one") {
    const Umask umask(022);
    TempDir dir;
    const std::string path = dir.file("live.db");
    storage::Database db(path);
    write_rows(db);
    const std::string target = dir.file("backup.db");
    SUBCASE("a new backup file") {}
    SUBCASE("replacing a world-readable one") {
        std::ofstream(target) << "old";
        std::filesystem::permissions(target, std::filesystem::perms(0644));
    }
    storage::backup_database(path, target);
    CHECK(mode_of(target) == 0600);
    CHECK(mode_of(target + ".tmp") == -1);
}

TEST_SUITE_END();
