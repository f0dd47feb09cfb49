#include "storage/crisis_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr const char* k_columns =
    "id, title, severity, status, is_drill, lead_key, declared_by, declared_at, last_update_at, "
    "resolved_at, summary, platform, conversation, thread, is_direct, pending, pending_by, "
    "pending_text";

constexpr const char* k_statement_columns =
    "number, text, proposed_by, proposed_at, approved_by, approved_at";

CrisisRow read_crisis(const Statement& s) {
    CrisisRow row;
    row.id = s.get_int(0);
    row.title = s.get_text(1);
    row.severity = static_cast<int>(s.get_int(2));
    row.status = s.get_text(3);
    row.is_drill = s.get_int(4) != 0;
    row.lead_key = s.get_text(5);
    row.declared_by = s.get_text(6);
    row.declared_at = s.get_int(7);
    row.last_update_at = s.get_int(8);
    row.resolved_at = s.get_optional_int(9);
    row.summary = s.get_text(10);
    row.platform = s.get_text(11);
    row.conversation = s.get_text(12);
    row.thread = s.get_text(13);
    row.is_direct = s.get_int(14) != 0;
    row.pending = s.get_text(15);
    row.pending_by = s.get_text(16);
    row.pending_text = s.get_text(17);
    return row;
}

CrisisStatementRow read_statement(const Statement& s) {
    CrisisStatementRow row;
    row.number = static_cast<int>(s.get_int(0));
    row.text = s.get_text(1);
    row.proposed_by = s.get_text(2);
    row.proposed_at = s.get_int(3);
    row.approved_by = s.get_optional_text(4);
    row.approved_at = s.get_optional_int(5);
    return row;
}

} // namespace

CrisisStore::CrisisStore(Database& db)
    : m_db(db)
    , m_add(db, "INSERT INTO crises (title, severity, status, is_drill, lead_key, declared_by, "
                "declared_at, last_update_at, platform, conversation, thread, is_direct, pending, "
                "pending_by, pending_text) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
    , m_find(db, select_sql(k_columns, "crises", " WHERE id = ?1"))
    , m_active(db,
               select_sql(k_columns, "crises", " WHERE status = 'active' ORDER BY severity, id"))
    , m_update(db, "UPDATE crises SET title = ?2, severity = ?3, status = ?4, lead_key = ?5, "
                   "last_update_at = ?6, resolved_at = ?7, summary = ?8, pending = ?9, "
                   "pending_by = ?10, pending_text = ?11 WHERE id = ?1")
    , m_add_step(db, "INSERT INTO crisis_steps (crisis_id, position, text, owner_role) "
                     "VALUES (?1, ?2, ?3, ?4)")
    , m_steps(db, "SELECT position, text, owner_role, ticked_by, ticked_at FROM crisis_steps "
                  "WHERE crisis_id = ?1 ORDER BY position")
    , m_set_tick(db, "UPDATE crisis_steps SET ticked_by = ?3, ticked_at = ?4 "
                     "WHERE crisis_id = ?1 AND position = ?2")
    , m_add_entry(db, "INSERT INTO crisis_timeline (crisis_id, at, user_key, kind, text) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)")
    , m_timeline(db, "SELECT at, user_key, kind, text FROM crisis_timeline "
                     "WHERE crisis_id = ?1 ORDER BY id")
    , m_next_number(db, "SELECT coalesce(max(number), 0) + 1 FROM crisis_statements "
                        "WHERE crisis_id = ?1")
    , m_add_statement(db, "INSERT INTO crisis_statements (crisis_id, number, text, proposed_by, "
                          "proposed_at) VALUES (?1, ?2, ?3, ?4, ?5)")
    , m_statements(db, select_sql(k_statement_columns, "crisis_statements",
                                  " WHERE crisis_id = ?1 ORDER BY number"))
    , m_approve(db, "UPDATE crisis_statements SET approved_by = ?3, approved_at = ?4, "
                    "approval = (SELECT coalesce(max(approval), 0) + 1 FROM crisis_statements "
                    "WHERE crisis_id = ?1) WHERE crisis_id = ?1 AND number = ?2")
    , m_approved(db, select_sql(k_statement_columns, "crisis_statements",
                                " WHERE crisis_id = ?1 AND approved_at IS NOT NULL "
                                "ORDER BY approval DESC LIMIT 1"))
    , m_handovers(db, "SELECT id, topic, question, status, assignee_key, created_at "
                      "FROM handovers WHERE crisis_id = ?1 ORDER BY created_at, id") {}

std::int64_t CrisisStore::add(const CrisisRow& c) {
    m_add.bind(1, c.title)
        .bind(2, c.severity)
        .bind(3, c.status)
        .bind(4, c.is_drill ? 1 : 0)
        .bind(5, c.lead_key)
        .bind(6, c.declared_by)
        .bind(7, c.declared_at)
        .bind(8, c.last_update_at)
        .bind(9, c.platform)
        .bind(10, c.conversation)
        .bind(11, c.thread)
        .bind(12, c.is_direct ? 1 : 0)
        .bind(13, c.pending)
        .bind(14, c.pending_by)
        .bind(15, c.pending_text)
        .run();
    return m_db.last_insert_id();
}

std::vector<CrisisRow> CrisisStore::collect(Statement& statement) {
    return all_rows(statement, [](Statement& row) { return read_crisis(row); });
}

std::optional<CrisisRow> CrisisStore::find(std::int64_t id) {
    m_find.bind(1, id);
    auto rows = collect(m_find);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::vector<CrisisRow> CrisisStore::active() {
    return collect(m_active);
}

void CrisisStore::update(const CrisisRow& c) {
    m_update.bind(1, c.id)
        .bind(2, c.title)
        .bind(3, c.severity)
        .bind(4, c.status)
        .bind(5, c.lead_key)
        .bind(6, c.last_update_at)
        .bind(7, c.resolved_at)
        .bind(8, c.summary)
        .bind(9, c.pending)
        .bind(10, c.pending_by)
        .bind(11, c.pending_text)
        .run();
}

void CrisisStore::add_step(std::int64_t id, int position, std::string_view text,
                           std::string_view owner_role) {
    m_add_step.bind(1, id).bind(2, position).bind(3, text).bind(4, owner_role).run();
}

std::vector<CrisisStepRow> CrisisStore::steps(std::int64_t id) {
    m_steps.bind(1, id);
    return all_rows(m_steps, [](Statement& row) {
        return CrisisStepRow{static_cast<int>(row.get_int(0)), row.get_text(1), row.get_text(2),
                             row.get_optional_text(3), row.get_optional_int(4)};
    });
}

void CrisisStore::set_tick(std::int64_t id, int position, const std::optional<std::string>& by,
                           std::optional<std::int64_t> at) {
    m_set_tick.bind(1, id).bind(2, position).bind(3, by).bind(4, at).run();
}

void CrisisStore::add_entry(std::int64_t id, std::int64_t at, std::string_view user_key,
                            std::string_view kind, std::string_view text) {
    m_add_entry.bind(1, id).bind(2, at).bind(3, user_key).bind(4, kind).bind(5, text).run();
}

std::vector<CrisisEntryRow> CrisisStore::timeline(std::int64_t id) {
    m_timeline.bind(1, id);
    return all_rows(m_timeline, [](Statement& row) {
        return CrisisEntryRow{row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3)};
    });
}

int CrisisStore::add_statement(std::int64_t id, std::string_view text, std::string_view proposed_by,
                               std::int64_t at) {
    // Both statements run in the caller's transaction, so the number cannot be taken twice.
    m_next_number.bind(1, id);
    m_next_number.step();
    const auto number = static_cast<int>(m_next_number.get_int(0));
    m_next_number.reset();
    m_add_statement.bind(1, id)
        .bind(2, number)
        .bind(3, text)
        .bind(4, proposed_by)
        .bind(5, at)
        .run();
    return number;
}

std::vector<CrisisStatementRow> CrisisStore::collect_statements(Statement& statement) {
    return all_rows(statement, [](Statement& row) { return read_statement(row); });
}

std::vector<CrisisStatementRow> CrisisStore::statements(std::int64_t id) {
    m_statements.bind(1, id);
    return collect_statements(m_statements);
}

void CrisisStore::approve(std::int64_t id, int number, std::string_view by, std::int64_t at) {
    m_approve.bind(1, id).bind(2, number).bind(3, by).bind(4, at).run();
}

std::optional<CrisisStatementRow> CrisisStore::approved_statement(std::int64_t id) {
    m_approved.bind(1, id);
    auto rows = collect_statements(m_approved);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::vector<CrisisHandoverRow> CrisisStore::handovers(std::int64_t id) {
    m_handovers.bind(1, id);
    return all_rows(m_handovers, [](Statement& row) {
        return CrisisHandoverRow{row.get_int(0),  row.get_text(1), row.get_text(2),
                                 row.get_text(3), row.get_text(4), row.get_int(5)};
    });
}

} // namespace onevoice::storage
