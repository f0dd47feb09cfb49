#include "storage/handover_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr const char* k_columns =
    "id, topic, question, requester_key, assignee_key, instead_of_key, status, platform, "
    "conversation, thread, message, is_direct, created_at, assigned_at, due_at, "
    "first_response_at, answered_at, finished_at, overdue_at, answer, reply_link, crisis_id";

// One statement serves every filter: an unset filter binds NULL (or '' for the
// status set) and its condition is true. Statuses travel as ",open,accepted,".
constexpr const char* k_filter = " WHERE (?1 = '' OR instr(?1, ',' || status || ',') > 0)"
                                 " AND (?2 IS NULL OR requester_key = ?2 OR assignee_key = ?2)"
                                 " AND (?3 IS NULL OR due_at < ?3)"
                                 " AND (?4 IS NULL OR created_at >= ?4)";

HandoverRow read_handover(const Statement& s) {
    HandoverRow row;
    row.id = s.get_int(0);
    row.topic = s.get_text(1);
    row.question = s.get_text(2);
    row.requester_key = s.get_text(3);
    row.assignee_key = s.get_text(4);
    row.instead_of_key = s.get_optional_text(5);
    row.status = s.get_text(6);
    row.platform = s.get_text(7);
    row.conversation = s.get_text(8);
    row.thread = s.get_text(9);
    row.message = s.get_text(10);
    row.is_direct = s.get_int(11) != 0;
    row.created_at = s.get_int(12);
    row.assigned_at = s.get_int(13);
    row.due_at = s.get_int(14);
    row.first_response_at = s.get_optional_int(15);
    row.answered_at = s.get_optional_int(16);
    row.finished_at = s.get_optional_int(17);
    row.overdue_at = s.get_optional_int(18);
    row.answer = s.get_text(19);
    row.reply_link = s.get_text(20);
    row.crisis_id = s.get_optional_int(21);
    return row;
}

} // namespace

HandoverStore::HandoverStore(Database& db)
    : m_db(db)
    , m_add(db, "INSERT INTO handovers (topic, question, requester_key, assignee_key, "
                "instead_of_key, status, platform, conversation, thread, message, is_direct, "
                "created_at, assigned_at, due_at, crisis_id) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                // Opened during a real crisis (not a drill): tagged with the worst one,
                // so its report lists the customer questions it raised (issue #6).
                "COALESCE(?15, (SELECT id FROM crises WHERE status = 'active' AND is_drill = 0 "
                // A declaration still waiting for its second person is no crisis yet.
                "AND pending <> 'declare' "
                "ORDER BY severity, declared_at DESC LIMIT 1)))")
    , m_find(db, select_sql(k_columns, "handovers", " WHERE id = ?1"))
    , m_list(db, select_sql(k_columns, "handovers",
                            std::string(k_filter).append(" ORDER BY due_at, id LIMIT ?5")))
    , m_update(db, "UPDATE handovers SET assignee_key = ?2, instead_of_key = ?3, status = ?4, "
                   "assigned_at = ?5, due_at = ?6, first_response_at = ?7, answered_at = ?8, "
                   "finished_at = ?9, overdue_at = ?10, answer = ?11, reply_link = ?12 "
                   "WHERE id = ?1")
    , m_active_count(db, "SELECT count(*) FROM handovers WHERE assignee_key = ?1 "
                         "AND status IN ('open', 'accepted')")
    , m_last_assigned(db, "SELECT max(assigned_at) FROM handovers WHERE assignee_key = ?1")
    , m_add_decliner(db, "INSERT OR IGNORE INTO handover_decliners (handover_id, user_key) "
                         "VALUES (?1, ?2)")
    , m_decliners(db, "SELECT user_key FROM handover_decliners WHERE handover_id = ?1 "
                      "ORDER BY user_key")
    , m_add_event(db, "INSERT INTO handover_events (handover_id, at, user_key, action, detail) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)")
    , m_events(db, "SELECT at, user_key, action, detail FROM handover_events "
                   "WHERE handover_id = ?1 ORDER BY id")
    , m_covered_for(db, select_sql(k_columns, "handovers",
                                   " WHERE instead_of_key = ?1 AND created_at >= ?2 "
                                   "ORDER BY id"))
    , m_absences_ended(db, "SELECT user_key, min(starts_on) FROM absences "
                           "WHERE ended_at IS NULL AND ends_on = ?1 GROUP BY user_key "
                           "ORDER BY user_key") {}

std::int64_t HandoverStore::add(const HandoverRow& h) {
    m_add.bind(1, h.topic)
        .bind(2, h.question)
        .bind(3, h.requester_key)
        .bind(4, h.assignee_key)
        .bind(5, h.instead_of_key)
        .bind(6, h.status)
        .bind(7, h.platform)
        .bind(8, h.conversation)
        .bind(9, h.thread)
        .bind(10, h.message)
        .bind(11, h.is_direct ? 1 : 0)
        .bind(12, h.created_at)
        .bind(13, h.assigned_at)
        .bind(14, h.due_at)
        .bind(15, h.crisis_id)
        .run();
    return m_db.last_insert_id();
}

std::vector<HandoverRow> HandoverStore::collect(Statement& statement) {
    return all_rows(statement, [](Statement& row) { return read_handover(row); });
}

std::optional<HandoverRow> HandoverStore::find(std::int64_t id) {
    m_find.bind(1, id);
    auto rows = collect(m_find);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::vector<HandoverRow> HandoverStore::list(const HandoverFilter& filter, int limit) {
    m_list.bind(1, list_param(filter.statuses))
        .bind(2, filter.involving)
        .bind(3, filter.due_before)
        .bind(4, filter.created_since)
        .bind(5, limit);
    return collect(m_list);
}

void HandoverStore::update(const HandoverRow& h) {
    m_update.bind(1, h.id)
        .bind(2, h.assignee_key)
        .bind(3, h.instead_of_key)
        .bind(4, h.status)
        .bind(5, h.assigned_at)
        .bind(6, h.due_at)
        .bind(7, h.first_response_at)
        .bind(8, h.answered_at)
        .bind(9, h.finished_at)
        .bind(10, h.overdue_at)
        .bind(11, h.answer)
        .bind(12, h.reply_link)
        .run();
}

int HandoverStore::active_count(std::string_view user_key) {
    m_active_count.bind(1, user_key);
    m_active_count.step();
    const auto count = static_cast<int>(m_active_count.get_int(0));
    m_active_count.reset();
    return count;
}

std::optional<std::int64_t> HandoverStore::last_assigned_at(std::string_view user_key) {
    m_last_assigned.bind(1, user_key);
    m_last_assigned.step();
    const auto at = m_last_assigned.get_optional_int(0);
    m_last_assigned.reset();
    return at;
}

void HandoverStore::add_decliner(std::int64_t id, std::string_view user_key) {
    m_add_decliner.bind(1, id).bind(2, user_key).run();
}

std::vector<std::string> HandoverStore::decliners(std::int64_t id) {
    m_decliners.bind(1, id);
    return all_rows(m_decliners, [](Statement& row) { return row.get_text(0); });
}

void HandoverStore::add_event(std::int64_t id, std::string_view user_key, std::string_view action,
                              std::string_view detail, std::int64_t now) {
    m_add_event.bind(1, id).bind(2, now).bind(3, user_key).bind(4, action).bind(5, detail).run();
}

std::vector<HandoverEventRow> HandoverStore::events(std::int64_t id) {
    m_events.bind(1, id);
    return all_rows(m_events, [](Statement& row) {
        return HandoverEventRow{row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3)};
    });
}

std::vector<HandoverRow> HandoverStore::covered_for(std::string_view user_key, std::int64_t since) {
    m_covered_for.bind(1, user_key).bind(2, since);
    return collect(m_covered_for);
}

std::vector<std::pair<std::string, std::string>>
HandoverStore::absences_ended_on(std::string_view date) {
    m_absences_ended.bind(1, date);
    return all_rows(m_absences_ended, [](Statement& row) {
        return std::pair<std::string, std::string>{row.get_text(0), row.get_text(1)};
    });
}

} // namespace onevoice::storage
