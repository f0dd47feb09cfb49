#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace onevoice::storage {

// Why a backup failed, in one line for the operator.
class BackupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct BackupOptions {
    // Pages copied per step; between steps the bot may write.
    int pages_per_step = 256;
    // The wait after SQLITE_BUSY or SQLITE_LOCKED, and how many such waits in a row are too many.
    std::chrono::milliseconds busy_wait{20};
    int max_busy_waits = 1500; // 30 s
    // A write by another connection makes SQLite restart the copy; after this
    // many restarts the rest is copied in one step, which under WAL reads one
    // snapshot without blocking writers.
    int max_restarts = 3;
};

struct BackupReport {
    int pages = 0;
    std::int64_t bytes = 0;
    int restarts = 0; // copies started over because the database changed meanwhile
};

// Copies the SQLite database at `source` to `target` with the online backup
// API (sqlite3_backup_init/step/finish), safe while the bot runs and writes.
// The copy is written to `target` + ".tmp" and renamed over `target` only
// when complete, so `target` is never half written; it is created with mode
// 0600 whatever the umask (it holds customer data). Refuses a `source` that
// does not exist or is not a database, and a `target` that is the live
// database (or its -wal/-shm file). Throws BackupError.
BackupReport backup_database(const std::string& source, const std::string& target,
                             const BackupOptions& options = {});

} // namespace onevoice::storage
