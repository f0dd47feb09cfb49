#include "storage/backup.hpp"

#include "storage/private_file.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace onevoice::storage {
namespace {

namespace fs = std::filesystem;

struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;

DbHandle open_database(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    DbHandle db(raw);
    if (rc != SQLITE_OK) {
        throw BackupError("cannot open " + path + ": " +
                          (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_busy_timeout(db.get(), 5000);
    return db;
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code error;
    return fs::exists(a, error) && fs::exists(b, error) && fs::equivalent(a, b, error);
}

void check_target(const std::string& source, const std::string& target) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        if (same_file(source + suffix, target) || fs::path(source + suffix) == fs::path(target)) {
            throw BackupError("refusing to overwrite the live database file " + target);
        }
    }
    std::error_code error;
    if (fs::is_directory(target, error)) {
        throw BackupError(target + " is a directory; name the backup file");
    }
}

// The copy loop. A step copies up to `pages` pages under a read lock and
// lets writers go on between steps (WAL readers never block writers).
int copy(sqlite3* from, sqlite3* to, const BackupOptions& options, int& restarts) {
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (backup == nullptr) {
        throw BackupError(std::string("cannot start the backup: ") + sqlite3_errmsg(to));
    }
    int pages = options.pages_per_step;
    int busy_waits = 0;
    int last_remaining = -1;
    int rc = SQLITE_OK;
    while (true) {
        rc = sqlite3_backup_step(backup, pages);
        if (rc == SQLITE_DONE) {
            break;
        }
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (++busy_waits > options.max_busy_waits) {
                break;
            }
            std::this_thread::sleep_for(options.busy_wait);
            continue;
        }
        if (rc != SQLITE_OK) {
            break;
        }
        busy_waits = 0;
        const int remaining = sqlite3_backup_remaining(backup);
        if (last_remaining >= 0 && remaining > last_remaining &&
            ++restarts >= options.max_restarts) {
            pages = -1;
        }
        last_remaining = remaining;
    }
    const int total = sqlite3_backup_pagecount(backup);
    const int finished = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        throw BackupError(std::string("the copy failed: ") +
                          (rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? "the database stayed locked"
                                                                    : sqlite3_errstr(rc)));
    }
    if (finished != SQLITE_OK) {
        throw BackupError(std::string("the copy failed: ") + sqlite3_errmsg(to));
    }
    return total;
}

// The rename is durable only once the directory entry is on disk.
void sync_directory(const fs::path& file) {
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

BackupReport backup_database(const std::string& source, const std::string& target,
                             const BackupOptions& options) {
    if (source.empty() || source == ":memory:") {
        throw BackupError("the database is in memory; there is nothing to back up");
    }
    std::error_code error;
    if (!fs::is_regular_file(source, error)) {
        throw BackupError("database " + source + " does not exist");
    }
    if (target.empty()) {
        throw BackupError("name the backup file");
    }
    check_target(source, target);
    const std::string temporary = target + ".tmp";
    fs::remove(temporary, error);
    BackupReport report;
    try {
        DbHandle from = open_database(source, SQLITE_OPEN_READWRITE);
        // Reading the schema fails early for a file that is not a database.
        if (sqlite3_exec(from.get(), "SELECT count(*) FROM sqlite_schema", nullptr, nullptr,
                         nullptr) != SQLITE_OK) {
            throw BackupError(source + " is not a usable database: " + sqlite3_errmsg(from.get()));
        }
        // Created 0600 first: SQLite would create it (and its journal) 0644 under
        // umask 022, and the rename keeps the mode.
        try {
            create_private_file(temporary);
        } catch (const std::system_error& e) {
            throw BackupError(e.what());
        }
        DbHandle to = open_database(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        report.pages = copy(from.get(), to.get(), options, report.restarts);
        to.reset(); // closed, and so complete on disk, before it takes the name
    } catch (...) {
        fs::remove(temporary, error);
        throw;
    }
    fs::rename(temporary, target, error);
    if (error) {
        const std::string why = error.message();
        fs::remove(temporary, error);
        throw BackupError("cannot rename " + temporary + " to " + target + ": " + why);
    }
    sync_directory(target);
    report.bytes = static_cast<std::int64_t>(fs::file_size(target, error));
    return report;
}

} // namespace onevoice::storage
