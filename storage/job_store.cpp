#include "storage/job_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr const char* k_columns = "id, kind, unique_key, payload, due_at, attempts";

JobRow read_row(const Statement& s) {
    return JobRow{s.get_int(0),  s.get_text(1), s.get_optional_text(2),
                  s.get_text(3), s.get_int(4),  static_cast<int>(s.get_int(5))};
}

} // namespace

JobStore::JobStore(Database& db)
    : m_db(db)
    , m_add(db, "INSERT INTO jobs (kind, payload, due_at) VALUES (?1, ?2, ?3)")
    , m_upsert(db, "INSERT INTO jobs (unique_key, kind, payload, due_at) VALUES (?1, ?2, ?3, ?4) "
                   "ON CONFLICT (unique_key) DO UPDATE SET kind = excluded.kind, "
                   "payload = excluded.payload, due_at = excluded.due_at, attempts = 0, "
                   "last_error = NULL")
    , m_find_unique(db, select_sql(k_columns, "jobs", " WHERE unique_key = ?1"))
    , m_remove_unique(db, "DELETE FROM jobs WHERE unique_key = ?1")
    , m_due(db, select_sql(k_columns, "jobs", " WHERE due_at <= ?1 ORDER BY due_at, id LIMIT ?2"))
    , m_next(db, "SELECT MIN(due_at) FROM jobs")
    , m_remove(db, "DELETE FROM jobs WHERE id = ?1")
    , m_reschedule(db, "UPDATE jobs SET due_at = ?2, attempts = ?3, last_error = ?4 WHERE id = ?1")
    , m_all(db, select_sql(k_columns, "jobs", " ORDER BY due_at, id")) {}

std::int64_t JobStore::add(std::string_view kind, std::string_view payload, std::int64_t due_at) {
    m_add.bind(1, kind).bind(2, payload).bind(3, due_at).run();
    return m_db.last_insert_id();
}

void JobStore::upsert(std::string_view unique_key, std::string_view kind, std::string_view payload,
                      std::int64_t due_at) {
    m_upsert.bind(1, unique_key).bind(2, kind).bind(3, payload).bind(4, due_at).run();
}

std::optional<JobRow> JobStore::find_unique(std::string_view unique_key) {
    m_find_unique.bind(1, unique_key);
    std::optional<JobRow> row;
    if (m_find_unique.step()) {
        row = read_row(m_find_unique);
    }
    m_find_unique.reset();
    return row;
}

bool JobStore::remove_unique(std::string_view unique_key) {
    m_remove_unique.bind(1, unique_key).run();
    return m_db.changes() > 0;
}

std::vector<JobRow> JobStore::due(std::int64_t now, int limit) {
    m_due.bind(1, now).bind(2, limit);
    return all_rows(m_due, [](Statement& row) { return read_row(row); });
}

std::optional<std::int64_t> JobStore::next_due_at() {
    m_next.step();
    auto next = m_next.get_optional_int(0);
    m_next.reset();
    return next;
}

void JobStore::remove(std::int64_t id) {
    m_remove.bind(1, id).run();
}

void JobStore::reschedule(std::int64_t id, std::int64_t due_at, int attempts,
                          std::string_view error) {
    m_reschedule.bind(1, id).bind(2, due_at).bind(3, attempts).bind(4, error).run();
}

std::vector<JobRow> JobStore::all() {
    return all_rows(m_all, [](Statement& row) { return read_row(row); });
}

} // namespace onevoice::storage
