#include "storage/listen_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr std::int64_t k_day_ms = 24LL * 60 * 60 * 1000;

constexpr const char* k_query_columns =
    "q.id, q.name, q.query, q.is_competitor, q.sensitivity, q.muted_until, q.created_by, "
    "q.created_at";

constexpr const char* k_source_columns =
    "id, kind, target, term, interval_seconds, etag, last_modified, next_poll_at, last_poll_at, "
    "last_success_at, failing_since, consecutive_failures, last_error, item_count, created_by, "
    "created_at";

ListenQueryRow read_query(const Statement& s) {
    ListenQueryRow row;
    row.id = s.get_int(0);
    row.name = s.get_text(1);
    row.query = s.get_text(2);
    row.is_competitor = s.get_int(3) != 0;
    row.sensitivity = s.get_text(4);
    row.muted_until = s.get_optional_int(5);
    row.created_by = s.get_text(6);
    row.created_at = s.get_int(7);
    return row;
}

ListenSourceRow read_source(const Statement& s) {
    ListenSourceRow row;
    row.id = s.get_int(0);
    row.kind = s.get_text(1);
    row.target = s.get_text(2);
    row.term = s.get_text(3);
    row.interval_seconds = s.get_int(4);
    row.etag = s.get_text(5);
    row.last_modified = s.get_text(6);
    row.next_poll_at = s.get_int(7);
    row.last_poll_at = s.get_optional_int(8);
    row.last_success_at = s.get_optional_int(9);
    row.failing_since = s.get_optional_int(10);
    row.consecutive_failures = static_cast<int>(s.get_int(11));
    row.last_error = s.get_text(12);
    row.item_count = s.get_int(13);
    row.created_by = s.get_text(14);
    row.created_at = s.get_int(15);
    return row;
}

std::vector<ListenSourceRow> collect_sources(Statement& s) {
    return all_rows(s, [](Statement& row) { return read_source(row); });
}

} // namespace

ListenStore::ListenStore(Database& db)
    : m_db(db)
    , m_add_query(db, "INSERT INTO listen_queries (name, query, is_competitor, sensitivity, "
                      "muted_until, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    , m_find_query(db, select_sql(k_query_columns, "listen_queries q", " WHERE q.name = ?1"))
    , m_find_query_id(db, select_sql(k_query_columns, "listen_queries q", " WHERE q.id = ?1"))
    , m_queries(db, select_sql(k_query_columns, "listen_queries q", " ORDER BY q.name"))
    , m_remove_query(db, "DELETE FROM listen_queries WHERE name = ?1")
    // Counts are range scans of the (query_id, at) primary key.
    , m_list_queries(db, std::string("SELECT ") + k_query_columns +
                             ", (SELECT count(*) FROM mention_matches m WHERE m.query_id = q.id "
                             "AND m.at > ?1 AND m.at <= ?3), "
                             "(SELECT count(*) FROM mention_matches m WHERE m.query_id = q.id "
                             "AND m.at > ?2 AND m.at <= ?3) "
                             "FROM listen_queries q ORDER BY q.name")
    , m_query_texts(db, "SELECT id, query FROM listen_queries ORDER BY id")
    , m_set_query_text(db, "UPDATE listen_queries SET query = ?2 WHERE id = ?1")
    , m_set_muted(db, "UPDATE listen_queries SET muted_until = ?2 WHERE id = ?1")
    , m_set_sensitivity(db, "UPDATE listen_queries SET sensitivity = ?2 WHERE id = ?1")
    , m_add_source(db, "INSERT INTO listen_sources (kind, target, term, interval_seconds, "
                       "next_poll_at, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    , m_find_source(db, select_sql(k_source_columns, "listen_sources", " WHERE id = ?1"))
    , m_find_source_spec(db, select_sql(k_source_columns, "listen_sources",
                                        " WHERE kind = ?1 AND target = ?2 AND term = ?3"))
    , m_remove_source(db, "DELETE FROM listen_sources WHERE id = ?1")
    , m_list_sources(db, select_sql(k_source_columns, "listen_sources", " ORDER BY id"))
    , m_due_sources(db, select_sql(k_source_columns, "listen_sources",
                                   " WHERE next_poll_at <= ?1 ORDER BY next_poll_at, id "
                                   "LIMIT ?2"))
    , m_next_polls(db, "SELECT id, next_poll_at FROM listen_sources ORDER BY next_poll_at, id "
                       "LIMIT ?1")
    , m_mark_due_one(db, "UPDATE listen_sources SET next_poll_at = ?2 WHERE id = ?1")
    , m_mark_due_all(db, "UPDATE listen_sources SET next_poll_at = ?1")
    , m_success(db, "UPDATE listen_sources SET last_poll_at = ?2, last_success_at = ?2, "
                    "etag = ?3, last_modified = ?4, item_count = coalesce(?5, item_count), "
                    "next_poll_at = ?6, failing_since = NULL, consecutive_failures = 0, "
                    "last_error = '' WHERE id = ?1")
    , m_failure(db, "UPDATE listen_sources SET last_poll_at = ?2, "
                    "failing_since = coalesce(failing_since, ?2), "
                    "consecutive_failures = consecutive_failures + 1, last_error = ?3, "
                    "next_poll_at = ?4 WHERE id = ?1")
    , m_dup_external(db, "SELECT id FROM mentions WHERE source_id = ?1 AND external_id = ?2")
    , m_dup_url(db, "SELECT id FROM mentions WHERE url = ?1 ORDER BY id LIMIT 1")
    , m_dup_text(db, "SELECT id FROM mentions WHERE text_key = ?1 "
                     "AND (source_id IS NULL OR source_id <> ?2) ORDER BY id LIMIT 1")
    , m_insert_mention(db, "INSERT INTO mentions (source_id, external_id, url, domain, author, "
                           "title, text, language, published_at, seen_at, engagement, sentiment, "
                           "polarity, text_key, simhash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                           "?9, ?10, ?11, ?12, ?13, ?14, ?15)")
    // The time that counts comes from the stored row, so a later match of the
    // same mention lands on the same (query_id, at, mention_id) key.
    , m_add_match(db, "INSERT OR IGNORE INTO mention_matches (query_id, at, mention_id, polarity) "
                      "SELECT ?2, CASE WHEN published_at IS NOT NULL AND published_at <= seen_at "
                      "THEN published_at ELSE seen_at END, id, polarity FROM mentions "
                      "WHERE id = ?1")
    , m_add_new_match(db, "INSERT OR IGNORE INTO mention_matches (query_id, at, mention_id, "
                          "polarity) VALUES (?1, ?2, ?3, ?4)")
    , m_mention_count(db, "SELECT count(*) FROM mentions")
    , m_add_request(db, "INSERT INTO listen_poll_requests (user_platform, user_id, user_name, "
                        "conversation, thread, is_direct, created_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    , m_add_wait(db, "INSERT OR IGNORE INTO listen_poll_waits (request_id, source_id) "
                     "VALUES (?1, ?2)")
    , m_record_outcome(db, "UPDATE listen_poll_waits SET new_count = ?3, error = ?4 "
                           "WHERE source_id = ?1 AND new_count IS NULL AND request_id IN "
                           "(SELECT id FROM listen_poll_requests WHERE created_at <= ?2)")
    , m_finished(db, "SELECT id, user_platform, user_id, user_name, conversation, thread, "
                     "is_direct, created_at FROM listen_poll_requests r WHERE NOT EXISTS "
                     "(SELECT 1 FROM listen_poll_waits w WHERE w.request_id = r.id "
                     "AND w.new_count IS NULL) ORDER BY id")
    , m_outcomes(db, "SELECT source_id, new_count, error FROM listen_poll_waits "
                     "WHERE request_id = ?1 ORDER BY source_id")
    , m_remove_request(db, "DELETE FROM listen_poll_requests WHERE id = ?1") {}

std::int64_t ListenStore::add_query(const ListenQueryRow& query) {
    m_add_query.bind(1, query.name)
        .bind(2, query.query)
        .bind(3, query.is_competitor ? 1 : 0)
        .bind(4, query.sensitivity)
        .bind(5, query.muted_until)
        .bind(6, query.created_by)
        .bind(7, query.created_at)
        .run();
    return m_db.last_insert_id();
}

std::optional<ListenQueryRow> ListenStore::find_query(std::string_view name) {
    m_find_query.bind(1, name);
    return first_row(m_find_query, read_query);
}

std::optional<ListenQueryRow> ListenStore::find_query(std::int64_t id) {
    m_find_query_id.bind(1, id);
    return first_row(m_find_query_id, read_query);
}

std::vector<ListenQueryRow> ListenStore::queries() {
    return all_rows(m_queries, read_query);
}

bool ListenStore::remove_query(std::string_view name) {
    m_remove_query.bind(1, name).run();
    return m_db.changes() > 0;
}

std::vector<ListenQueryRow> ListenStore::list_queries(std::int64_t now) {
    m_list_queries.bind(1, now - k_day_ms).bind(2, now - 7 * k_day_ms).bind(3, now);
    return all_rows(m_list_queries, [](Statement& row) {
        ListenQueryRow query = read_query(row);
        query.count_24h = row.get_int(8);
        query.count_7d = row.get_int(9);
        return query;
    });
}

std::vector<std::pair<std::int64_t, std::string>> ListenStore::query_texts() {
    return all_rows(m_query_texts, [](Statement& row) {
        return std::pair<std::int64_t, std::string>{row.get_int(0), row.get_text(1)};
    });
}

void ListenStore::set_query_text(std::int64_t id, std::string_view query) {
    m_set_query_text.bind(1, id).bind(2, query).run();
}

void ListenStore::set_muted_until(std::int64_t id, std::optional<std::int64_t> until) {
    m_set_muted.bind(1, id).bind(2, until).run();
}

void ListenStore::set_sensitivity(std::int64_t id, std::string_view sensitivity) {
    m_set_sensitivity.bind(1, id).bind(2, sensitivity).run();
}

std::int64_t ListenStore::add_source(const ListenSourceRow& source) {
    m_add_source.bind(1, source.kind)
        .bind(2, source.target)
        .bind(3, source.term)
        .bind(4, source.interval_seconds)
        .bind(5, source.next_poll_at)
        .bind(6, source.created_by)
        .bind(7, source.created_at)
        .run();
    return m_db.last_insert_id();
}

std::optional<ListenSourceRow> ListenStore::find_source(std::int64_t id) {
    m_find_source.bind(1, id);
    auto rows = collect_sources(m_find_source);
    return rows.empty() ? std::nullopt : std::optional<ListenSourceRow>(std::move(rows.front()));
}

std::optional<ListenSourceRow>
ListenStore::find_source(std::string_view kind, std::string_view target, std::string_view term) {
    m_find_source_spec.bind(1, kind).bind(2, target).bind(3, term);
    auto rows = collect_sources(m_find_source_spec);
    return rows.empty() ? std::nullopt : std::optional<ListenSourceRow>(std::move(rows.front()));
}

bool ListenStore::remove_source(std::int64_t id) {
    m_remove_source.bind(1, id).run();
    return m_db.changes() > 0;
}

std::vector<ListenSourceRow> ListenStore::list_sources() {
    return collect_sources(m_list_sources);
}

std::vector<ListenSourceRow> ListenStore::due_sources(std::int64_t now, int limit) {
    m_due_sources.bind(1, now).bind(2, limit);
    return collect_sources(m_due_sources);
}

std::vector<std::pair<std::int64_t, std::int64_t>> ListenStore::next_polls(int limit) {
    m_next_polls.bind(1, limit);
    return all_rows(m_next_polls, [](Statement& row) {
        return std::pair<std::int64_t, std::int64_t>{row.get_int(0), row.get_int(1)};
    });
}

int ListenStore::mark_due(std::optional<std::int64_t> id, std::int64_t now) {
    if (id) {
        m_mark_due_one.bind(1, *id).bind(2, now).run();
    } else {
        m_mark_due_all.bind(1, now).run();
    }
    return m_db.changes();
}

void ListenStore::record_success(std::int64_t id, std::int64_t now, std::string_view etag,
                                 std::string_view last_modified, std::optional<std::int64_t> items,
                                 std::int64_t next_poll_at) {
    m_success.bind(1, id)
        .bind(2, now)
        .bind(3, etag)
        .bind(4, last_modified)
        .bind(5, items)
        .bind(6, next_poll_at)
        .run();
}

void ListenStore::record_failure(std::int64_t id, std::int64_t now, std::string_view error,
                                 std::int64_t next_poll_at) {
    m_failure.bind(1, id).bind(2, now).bind(3, error).bind(4, next_poll_at).run();
}

std::int64_t ListenStore::add_poll_request(const PollRequestRow& request,
                                           const std::vector<std::int64_t>& source_ids) {
    m_add_request.bind(1, request.user_platform)
        .bind(2, request.user_id)
        .bind(3, request.user_name)
        .bind(4, request.conversation)
        .bind(5, request.thread)
        .bind(6, request.is_direct ? 1 : 0)
        .bind(7, request.created_at)
        .run();
    const std::int64_t id = m_db.last_insert_id();
    for (const std::int64_t source : source_ids) {
        m_add_wait.bind(1, id).bind(2, source).run();
    }
    return id;
}

void ListenStore::record_poll_outcome(std::int64_t source_id, std::int64_t started_at,
                                      std::int64_t new_count, std::string_view error) {
    m_record_outcome.bind(1, source_id).bind(2, started_at).bind(3, new_count).bind(4, error).run();
}

std::vector<PollRequestRow> ListenStore::finished_poll_requests() {
    return all_rows(m_finished, [](Statement& row) {
        PollRequestRow request;
        request.id = row.get_int(0);
        request.user_platform = row.get_text(1);
        request.user_id = row.get_text(2);
        request.user_name = row.get_text(3);
        request.conversation = row.get_text(4);
        request.thread = row.get_text(5);
        request.is_direct = row.get_int(6) != 0;
        request.created_at = row.get_int(7);
        return request;
    });
}

std::vector<PollWaitRow> ListenStore::poll_outcomes(std::int64_t request_id) {
    m_outcomes.bind(1, request_id);
    return all_rows(m_outcomes, [](Statement& row) {
        return PollWaitRow{row.get_int(0), row.get_optional_int(1).value_or(0), row.get_text(2)};
    });
}

void ListenStore::remove_poll_request(std::int64_t request_id) {
    m_remove_request.bind(1, request_id).run();
}

} // namespace onevoice::storage
