#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace onevoice::storage {

// Any SQLite failure. `code` is the extended SQLite result code, so callers can
// tell a full disk (SQLITE_FULL) or a read-only file from a bug.
class DbError : public std::runtime_error {
public:
    // Why a write failed, in words a requester can be told (the router's refusal).
    enum class Cause { disk_full, read_only, busy, io_error, other };

    DbError(int code, const std::string& what);
    int code() const noexcept { return m_code; }
    // True for failures a later retry may overcome: busy, locked, full disk, I/O.
    bool is_transient() const noexcept;
    Cause cause() const noexcept;

private:
    int m_code;
};

class Database;

// A prepared statement, prepared once and reused: bind, step, reset.
// Parameters are 1-based as in SQLite. Move-only; owned by a store, which must
// not outlive its Database.
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view{value});
    }
    Statement& bind(int index, std::nullopt_t);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }

    // Advances to the next row; false when done. Throws DbError.
    bool step();
    // Runs a statement that returns no rows, then resets it.
    void run();
    // Clears bindings and rewinds; called automatically by the next bind after a run.
    void reset();

    std::int64_t get_int(int column) const;
    double get_double(int column) const;
    std::string get_text(int column) const;
    std::optional<std::string> get_optional_text(int column) const;
    std::optional<std::int64_t> get_optional_int(int column) const;
    bool is_null(int column) const;

private:
    Database* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_needs_reset = false;
};

// An open SQLite connection in WAL mode with foreign keys on and a busy
// timeout. Not thread-safe: one thread owns it (DESIGN.md, threads).
class Database {
public:
    // `path` may be ":memory:". A new database file is created with mode 0600
    // whatever the umask, so its -wal and -shm files are 0600 too
    // (storage/private_file.hpp). Throws DbError when the file cannot be
    // opened or is not a database.
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs SQL without parameters (schema, pragmas). Never for user data.
    void exec(std::string_view sql);
    std::int64_t last_insert_id() const;
    int changes() const;
    const std::string& path() const noexcept { return m_path; }
    // True when SQLite could open the file only for reading (a read-only file
    // or file system): every write would fail until the database is reopened.
    bool is_read_only() const noexcept;

    sqlite3* handle() const noexcept { return m_db; }
    [[noreturn]] void fail(int code, std::string_view context) const;

private:
    sqlite3* m_db = nullptr;
    std::string m_path;
};

// Rolls back unless commit() was called. Nesting is not allowed; use Savepoint.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

// A savepoint inside a transaction: release() keeps its changes, otherwise the
// destructor rolls back to it (used so a failed command changes nothing while
// its error reply is still recorded).
class Savepoint {
public:
    Savepoint(Database& db, std::string name);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    void release();
    void rollback();

private:
    Database& m_db;
    std::string m_name;
    bool m_done = false;
};

} // namespace onevoice::storage
