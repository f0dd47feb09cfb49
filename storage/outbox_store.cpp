#include "storage/outbox_store.hpp"

#include <algorithm>

namespace onevoice::storage {
namespace {

// The head of each conversation is its lowest pending id. Rows above ?3 are
// not released yet; ids only grow, so such a row is never older than a released one.
constexpr const char* k_heads_sql = R"sql(
SELECT o.id, o.conversation, o.payload, o.created_at, o.next_attempt_at, o.attempts
FROM outbox o
JOIN (SELECT conversation, MIN(id) AS head FROM outbox
      WHERE status = 'pending' GROUP BY conversation) h ON o.id = h.head
WHERE o.next_attempt_at <= ?1 AND o.id <= ?3
ORDER BY o.next_attempt_at, o.id
LIMIT ?2)sql";

constexpr const char* k_next_sql = R"sql(
SELECT o.conversation, o.next_attempt_at
FROM outbox o
JOIN (SELECT MIN(id) AS head FROM outbox WHERE status = 'pending' GROUP BY conversation) h
  ON o.id = h.head
WHERE o.id <= ?1
ORDER BY o.next_attempt_at)sql";

OutboxRow read_row(const Statement& s) {
    return OutboxRow{s.get_int(0), s.get_text(1), s.get_text(2),
                     s.get_int(3), s.get_int(4),  static_cast<int>(s.get_int(5))};
}

} // namespace

OutboxStore::OutboxStore(Database& db)
    : m_db(db)
    , m_enqueue(db, "INSERT INTO outbox (conversation, payload, created_at, next_attempt_at) "
                    "VALUES (?1, ?2, ?3, ?3)")
    , m_heads(db, k_heads_sql)
    , m_next(db, k_next_sql)
    , m_find(db, "SELECT id, conversation, payload, created_at, next_attempt_at, attempts "
                 "FROM outbox WHERE id = ?1")
    , m_delivered(db, "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, "
                      "finished_at = ?2, last_error = NULL WHERE id = ?1")
    , m_retry(db, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, "
                  "last_error = ?3 WHERE id = ?1")
    , m_defer(db, "UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1")
    , m_failed(db, "UPDATE outbox SET status = 'failed', attempts = attempts + 1, "
                   "finished_at = ?2, last_error = ?3 WHERE id = ?1")
    , m_pending(db, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
    , m_oldest(db, "SELECT MIN(created_at) FROM outbox WHERE status = 'pending'")
    // The newest row stays: a new row must never take its id again (ids only grow).
    , m_prune(db, "DELETE FROM outbox WHERE status <> 'pending' AND finished_at < ?1 "
                  "AND id < (SELECT MAX(id) FROM outbox)")
    , m_newest(db, "SELECT MAX(id) FROM outbox")
    , m_set_anchor(db, "INSERT INTO message_anchors (anchor, conversation, outbox_id, updated_at) "
                       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (anchor) DO UPDATE SET "
                       "conversation = excluded.conversation, outbox_id = excluded.outbox_id, "
                       "posted_in = NULL, message = NULL, updated_at = excluded.updated_at")
    , m_record_posted(db, "UPDATE message_anchors SET posted_in = ?2, message = ?3, "
                          "updated_at = ?4 WHERE outbox_id = ?1")
    , m_find_anchor(db, "SELECT conversation, outbox_id, posted_in, message "
                        "FROM message_anchors WHERE anchor = ?1") {}

std::int64_t OutboxStore::enqueue(std::string_view conversation, std::string_view payload,
                                  std::int64_t now) {
    m_enqueue.bind(1, conversation).bind(2, payload).bind(3, now).run();
    return m_db.last_insert_id();
}

std::vector<OutboxRow> OutboxStore::due_heads(std::int64_t now,
                                              const std::vector<std::string>& busy, int limit,
                                              std::int64_t up_to) {
    std::vector<OutboxRow> rows;
    // Ask for more than `limit` so busy conversations do not starve the others.
    m_heads.bind(1, now)
        .bind(2, static_cast<std::int64_t>(limit) + static_cast<std::int64_t>(busy.size()))
        .bind(3, up_to);
    while (m_heads.step() && static_cast<int>(rows.size()) < limit) {
        OutboxRow row = read_row(m_heads);
        if (std::find(busy.begin(), busy.end(), row.conversation) == busy.end()) {
            rows.push_back(std::move(row));
        }
    }
    m_heads.reset();
    return rows;
}

std::optional<std::int64_t> OutboxStore::next_attempt_at(const std::vector<std::string>& busy,
                                                         std::int64_t up_to) {
    std::optional<std::int64_t> next;
    m_next.bind(1, up_to);
    while (m_next.step()) {
        if (std::find(busy.begin(), busy.end(), m_next.get_text(0)) == busy.end()) {
            next = m_next.get_int(1);
            break;
        }
    }
    m_next.reset();
    return next;
}

std::optional<OutboxRow> OutboxStore::find(std::int64_t id) {
    m_find.bind(1, id);
    std::optional<OutboxRow> row;
    if (m_find.step()) {
        row = read_row(m_find);
    }
    m_find.reset();
    return row;
}

void OutboxStore::mark_delivered(std::int64_t id, std::int64_t now) {
    m_delivered.bind(1, id).bind(2, now).run();
}

void OutboxStore::mark_retry(std::int64_t id, std::int64_t next_attempt_at,
                             std::string_view error) {
    m_retry.bind(1, id).bind(2, next_attempt_at).bind(3, error).run();
}

void OutboxStore::defer(std::int64_t id, std::int64_t next_attempt_at) {
    m_defer.bind(1, id).bind(2, next_attempt_at).run();
}

void OutboxStore::mark_failed(std::int64_t id, std::int64_t now, std::string_view error) {
    m_failed.bind(1, id).bind(2, now).bind(3, error).run();
}

std::int64_t OutboxStore::pending_count() {
    m_pending.step();
    const auto count = m_pending.get_int(0);
    m_pending.reset();
    return count;
}

std::optional<std::int64_t> OutboxStore::oldest_pending_created_at() {
    m_oldest.step();
    auto oldest = m_oldest.get_optional_int(0);
    m_oldest.reset();
    return oldest;
}

void OutboxStore::set_anchor(std::string_view anchor, std::string_view conversation,
                             std::int64_t outbox_id, std::int64_t now) {
    m_set_anchor.bind(1, anchor).bind(2, conversation).bind(3, outbox_id).bind(4, now).run();
}

void OutboxStore::record_posted(std::int64_t outbox_id, std::string_view posted_in,
                                std::string_view message, std::int64_t now) {
    m_record_posted.bind(1, outbox_id).bind(2, posted_in).bind(3, message).bind(4, now).run();
}

std::optional<MessageAnchor> OutboxStore::find_anchor(std::string_view anchor) {
    m_find_anchor.bind(1, anchor);
    std::optional<MessageAnchor> found;
    if (m_find_anchor.step()) {
        found = MessageAnchor{m_find_anchor.get_text(0), m_find_anchor.get_int(1),
                              m_find_anchor.get_optional_text(2).value_or(""),
                              m_find_anchor.get_optional_text(3).value_or("")};
    }
    m_find_anchor.reset();
    return found;
}

std::int64_t OutboxStore::newest_id() {
    m_newest.step();
    const std::int64_t newest = m_newest.get_optional_int(0).value_or(0);
    m_newest.reset();
    return newest;
}

int OutboxStore::prune(std::int64_t before) {
    m_prune.bind(1, before).run();
    return m_db.changes();
}

} // namespace onevoice::storage
