#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onevoice::storage {

// A saved listening query with its mention counts (issue #8). Instants are
// UTC milliseconds.
struct ListenQueryRow {
    std::int64_t id = 0;
    std::string name;
    std::string query; // as Query::text() normalised it
    bool is_competitor = false;
    std::string sensitivity = "normal"; // low | normal | high
    std::optional<std::int64_t> muted_until;
    std::string created_by;
    std::int64_t created_at = 0;
    // Filled by list_queries(): matches in the last 24 hours and 7 days.
    std::int64_t count_24h = 0;
    std::int64_t count_7d = 0;

    bool is_muted_at(std::int64_t now) const { return muted_until && *muted_until > now; }
};

// Where listening reads the web. `kind` is rss | mastodon | reddit | hackernews
// (bot::SourceKind by name); `target` and `term` as in bot::SourceSpec.
// `item_count` is how many items the last fresh answer held.
struct ListenSourceRow {
    std::int64_t id = 0;
    std::string kind;
    std::string target;
    std::string term;
    std::int64_t interval_seconds = 3600;
    std::string etag;
    std::string last_modified;
    std::int64_t next_poll_at = 0;
    std::optional<std::int64_t> last_poll_at;
    std::optional<std::int64_t> last_success_at;
    std::optional<std::int64_t> failing_since;
    int consecutive_failures = 0;
    std::string last_error;
    std::int64_t item_count = 0;
    std::string created_by;
    std::int64_t created_at = 0;
};

// One mention as ingestion stores it; see the "listening" migration.
struct MentionRow {
    std::int64_t source_id = 0;
    std::string external_id;
    std::string url; // canonical
    std::string domain;
    std::string author;
    std::string title;
    std::string text;
    std::string language;
    std::optional<std::int64_t> published_at;
    std::int64_t seen_at = 0;
    std::optional<std::int64_t> engagement;
    double sentiment = 0;
    int polarity = 0; // -1, 0, 1
    std::string text_key;
    std::int64_t simhash = 0; // the 64-bit fingerprint, bit for bit
};

// Who asked for a poll (`listen poll`, `listen source add`) and where to answer.
struct PollRequestRow {
    std::int64_t id = 0;
    std::string user_platform;
    std::string user_id;
    std::string user_name;
    std::string conversation;
    std::string thread;
    bool is_direct = false;
    std::int64_t created_at = 0;
};

// The outcome of one source's poll for a request.
struct PollWaitRow {
    std::int64_t source_id = 0;
    std::int64_t new_count = 0;
    std::string error;
};

// Queries, sources, mentions and poll requests of listening. All methods run
// inside the caller's transaction; not-found is std::nullopt / false.
// Split over listen_store.cpp (queries, sources, poll requests) and
// listen_mentions.cpp (mention ingestion).
class ListenStore {
public:
    explicit ListenStore(Database& db);

    // --- queries
    // Throws DbError (constraint) when the name exists: check find_query first.
    std::int64_t add_query(const ListenQueryRow& query);
    std::optional<ListenQueryRow> find_query(std::string_view name);
    std::optional<ListenQueryRow> find_query(std::int64_t id);
    bool remove_query(std::string_view name);
    // Every query, by name, without counts (the digest and the spike check).
    std::vector<ListenQueryRow> queries();
    // By name, with counts of matches whose time is in (now - 24 h, now] and (now - 7 d, now].
    std::vector<ListenQueryRow> list_queries(std::int64_t now);
    // Id and query text of every query, by id: what matching needs.
    std::vector<std::pair<std::int64_t, std::string>> query_texts();
    void set_query_text(std::int64_t id, std::string_view query);
    void set_muted_until(std::int64_t id, std::optional<std::int64_t> until);
    void set_sensitivity(std::int64_t id, std::string_view sensitivity);

    // --- sources
    // Throws DbError (constraint) for a duplicate kind/target/term: check find_source first.
    std::int64_t add_source(const ListenSourceRow& source);
    std::optional<ListenSourceRow> find_source(std::int64_t id);
    std::optional<ListenSourceRow> find_source(std::string_view kind, std::string_view target,
                                               std::string_view term);
    bool remove_source(std::int64_t id);
    std::vector<ListenSourceRow> list_sources(); // by id
    // Sources whose next poll is at or before `now`, earliest first.
    std::vector<ListenSourceRow> due_sources(std::int64_t now, int limit);
    // Every source's id and next poll, earliest first (the poller skips those in flight).
    std::vector<std::pair<std::int64_t, std::int64_t>> next_polls(int limit);
    // Makes one source (or every source) due at `now`; returns how many.
    int mark_due(std::optional<std::int64_t> id, std::int64_t now);
    // A good answer (also 304): validators for next time, the items it held
    // (nullopt for 304: unchanged), failures cleared.
    void record_success(std::int64_t id, std::int64_t now, std::string_view etag,
                        std::string_view last_modified, std::optional<std::int64_t> items,
                        std::int64_t next_poll_at);
    // A failed poll: the error, one more consecutive failure, failing_since kept
    // from the first failure of the run.
    void record_failure(std::int64_t id, std::int64_t now, std::string_view error,
                        std::int64_t next_poll_at);

    // --- mentions (listen_mentions.cpp)
    // The mention this one duplicates: same source and external id, else the
    // same canonical URL, else the same text key stored from another source.
    std::optional<std::int64_t> find_duplicate(const MentionRow& mention);
    std::int64_t insert_mention(const MentionRow& mention);
    // Adds mention_matches rows for `query_ids` (existing pairs are kept);
    // returns how many were new. `at` is the mention's published time when
    // known and not after it was first seen, else the time first seen.
    int add_matches(std::int64_t mention_id, const std::vector<std::int64_t>& query_ids);
    // As add_matches, for the mention just inserted from `mention`: its time
    // that counts and its polarity are known, so the row is not read back.
    int add_new_matches(std::int64_t mention_id, const MentionRow& mention,
                        const std::vector<std::int64_t>& query_ids);
    std::int64_t mention_count();

    // --- poll requests
    std::int64_t add_poll_request(const PollRequestRow& request,
                                  const std::vector<std::int64_t>& source_ids);
    // Records the outcome of a poll that started at `started_at` for every
    // request on this source made before then.
    void record_poll_outcome(std::int64_t source_id, std::int64_t started_at,
                             std::int64_t new_count, std::string_view error);
    // Requests whose every source has an outcome (also those left with no
    // source at all, after removals), oldest first.
    std::vector<PollRequestRow> finished_poll_requests();
    std::vector<PollWaitRow> poll_outcomes(std::int64_t request_id); // by source id
    void remove_poll_request(std::int64_t request_id);

private:
    Database& m_db;
    Statement m_add_query;
    Statement m_find_query;
    Statement m_find_query_id;
    Statement m_queries;
    Statement m_remove_query;
    Statement m_list_queries;
    Statement m_query_texts;
    Statement m_set_query_text;
    Statement m_set_muted;
    Statement m_set_sensitivity;
    Statement m_add_source;
    Statement m_find_source;
    Statement m_find_source_spec;
    Statement m_remove_source;
    Statement m_list_sources;
    Statement m_due_sources;
    Statement m_next_polls;
    Statement m_mark_due_one;
    Statement m_mark_due_all;
    Statement m_success;
    Statement m_failure;
    Statement m_dup_external;
    Statement m_dup_url;
    Statement m_dup_text;
    Statement m_insert_mention;
    Statement m_add_match;
    Statement m_add_new_match;
    Statement m_mention_count;
    Statement m_add_request;
    Statement m_add_wait;
    Statement m_record_outcome;
    Statement m_finished;
    Statement m_outcomes;
    Statement m_remove_request;
};

} // namespace onevoice::storage
