#pragma once

#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace onevoice::tests {

// A migrated in-memory database: the base of every store and handler test.
struct MemoryDb {
    storage::Database db{":memory:"};
    MemoryDb() { storage::migrate(db); }
};

// A unique path in the temp directory, removed with its WAL files at scope end.
class TempPath {
public:
    explicit TempPath(const std::string& suffix = ".db") {
        static std::atomic<int> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 ("onevoice-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                  suffix);
    }
    ~TempPath() {
        std::error_code ignored;
        for (const char* extra : {"", "-wal", "-shm"}) {
            std::filesystem::remove(m_path.string() + extra, ignored);
        }
    }
    TempPath(const TempPath&) = delete;
    TempPath& operator=(const TempPath&) = delete;
    std::string str() const { return m_path.string(); }

private:
    std::filesystem::path m_path;
};

} // namespace onevoice::tests
