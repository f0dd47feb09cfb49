#include "storage/database.hpp"

#include "storage/private_file.hpp"

#include <sqlite3.h>

#include <system_error>
#include <utility>

namespace onevoice::storage {

DbError::DbError(int code, const std::string& what)
    : std::runtime_error(what)
    , m_code(code) {}

bool DbError::is_transient() const noexcept {
    switch (m_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
        return true;
    default:
        return false;
    }
}

DbError::Cause DbError::cause() const noexcept {
    switch (m_code & 0xff) {
    case SQLITE_FULL:
        return Cause::disk_full;
    case SQLITE_READONLY:
        return Cause::read_only;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Cause::busy;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return Cause::io_error;
    default:
        return Cause::other;
    }
}

Database::Database(const std::string& path)
    : m_path(path) {
    if (names_a_file(path)) {
        try {
            create_private_file(path);
        } catch (const std::system_error& e) {
            throw DbError(SQLITE_CANTOPEN, "cannot open database " + path + ": " + e.what());
        }
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw DbError(rc, "cannot open database " + path + ": " + message);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);
    try {
        // The first statement reads the header: a file that is not a database fails here.
        exec("PRAGMA journal_mode=WAL");
        // FULL: a command is acknowledged only after its commit is on disk.
        exec("PRAGMA synchronous=FULL");
        exec("PRAGMA foreign_keys=ON");
    } catch (const DbError& e) {
        // A WAL database on a read-only file system cannot even be read without
        // its -shm file: "unable to open" would hide the real cause.
        const bool is_read_only = sqlite3_db_readonly(m_db, "main") == 1;
        sqlite3_close(m_db);
        m_db = nullptr;
        if ((e.code() & 0xff) == SQLITE_NOTADB) {
            throw DbError(e.code(), path + " is not a SQLite database");
        }
        if (is_read_only) {
            throw DbError(SQLITE_READONLY,
                          "the database " + path + " is read-only (" + e.what() + ")");
        }
        throw;
    }
}

Database::~Database() {
    // Statements are finalized by their owners first; close_v2 tolerates stragglers.
    sqlite3_close_v2(m_db);
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw DbError(sqlite3_extended_errcode(m_db), message);
    }
}

bool Database::is_read_only() const noexcept {
    return sqlite3_db_readonly(m_db, "main") == 1;
}

std::int64_t Database::last_insert_id() const {
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const {
    return sqlite3_changes(m_db);
}

void Database::fail(int code, std::string_view context) const {
    std::string message(context);
    message += ": ";
    message += sqlite3_errmsg(m_db);
    throw DbError(code == SQLITE_ERROR ? sqlite3_extended_errcode(m_db) : code, message);
}

Statement::Statement(Database& db, std::string_view sql)
    : m_db(&db) {
    const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        db.fail(rc, "prepare");
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db)
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_needs_reset(other.m_needs_reset) {}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_needs_reset = false;
}

namespace {

void check_bind(Database& db, int rc) {
    if (rc != SQLITE_OK) {
        db.fail(rc, "bind");
    }
}

} // namespace

Statement& Statement::bind(int index, std::int64_t value) {
    if (m_needs_reset) {
        reset();
    }
    check_bind(*m_db, sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (m_needs_reset) {
        reset();
    }
    check_bind(*m_db, sqlite3_bind_double(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (m_needs_reset) {
        reset();
    }
    check_bind(*m_db, sqlite3_bind_text64(m_stmt, index, value.data(), value.size(),
                                          SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    if (m_needs_reset) {
        reset();
    }
    check_bind(*m_db, sqlite3_bind_null(m_stmt, index));
    return *this;
}

bool Statement::step() {
    m_needs_reset = true;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    const int code = sqlite3_extended_errcode(m_db->handle());
    sqlite3_reset(m_stmt);
    m_db->fail(code, "step");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

std::int64_t Statement::get_int(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::get_double(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::get_text(int column) const {
    const auto* text = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
                : std::string();
}

std::optional<std::string> Statement::get_optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return get_text(column);
}

std::optional<std::int64_t> Statement::get_optional_int(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return get_int(column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Transaction::Transaction(Database& db)
    : m_db(db) {
    // IMMEDIATE takes the write lock up front, so a busy database fails here,
    // before a handler has done any work.
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) { // NOLINT(bugprone-empty-catch): a destructor must not throw
        }
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

Savepoint::Savepoint(Database& db, std::string name)
    : m_db(db)
    , m_name(std::move(name)) {
    m_db.exec("SAVEPOINT " + m_name);
}

Savepoint::~Savepoint() {
    if (!m_done) {
        try {
            rollback();
        } catch (...) { // NOLINT(bugprone-empty-catch): a destructor must not throw
        }
    }
}

void Savepoint::release() {
    m_db.exec("RELEASE " + m_name);
    m_done = true;
}

void Savepoint::rollback() {
    m_done = true;
    m_db.exec("ROLLBACK TO " + m_name);
    m_db.exec("RELEASE " + m_name);
}

} // namespace onevoice::storage
