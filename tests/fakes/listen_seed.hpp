#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace onevoice::tests {

// How ListenSeed::mention stores one mention.
struct ListenSpec {
    std::string domain = "news.example";
    std::string title = "A mention";
    std::string text = "Some text";
    std::string author = "someone";
    std::optional<std::int64_t> engagement;
    int polarity = 0;
    std::uint64_t simhash = 0;
    std::optional<std::int64_t> seen_at;
};

// Writes listening rows (migration 7) straight into a test database, so the
// digest and spike tests do not depend on the ingestion code. Each mention
// matches one query at `at` (the time that counts); `seen_at` defaults to `at`.
class ListenSeed {
public:
    explicit ListenSeed(storage::Database& db)
        : m_db(db)
        , m_query(db, "INSERT INTO listen_queries (name, query, is_competitor, sensitivity, "
                      "muted_until, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'test', 0)")
        , m_source(db, "INSERT INTO listen_sources (kind, target, interval_seconds, next_poll_at, "
                       "failing_since, last_error, created_by, created_at) "
                       "VALUES ('rss', ?1, 900, 0, ?2, ?3, 'test', 0)")
        , m_mention(db, "INSERT INTO mentions (source_id, external_id, url, domain, author, title, "
                        "text, seen_at, engagement, polarity, text_key, simhash) "
                        "VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?1, ?10)")
        , m_match(db, "INSERT INTO mention_matches (query_id, at, mention_id, polarity) "
                      "VALUES (?1, ?2, ?3, ?4)") {}

    std::int64_t query(const std::string& name, bool is_competitor = false,
                       const std::string& sensitivity = "normal",
                       std::optional<std::int64_t> muted_until = std::nullopt) {
        m_query.bind(1, name)
            .bind(2, name)
            .bind(3, is_competitor ? 1 : 0)
            .bind(4, sensitivity)
            .bind(5, muted_until)
            .run();
        return m_db.last_insert_id();
    }

    std::int64_t source(const std::string& url, std::optional<std::int64_t> failing_since,
                        const std::string& error = "") {
        m_source.bind(1, url).bind(2, failing_since).bind(3, error).run();
        return m_db.last_insert_id();
    }

    using Spec = ListenSpec;

    // A mention of `query_id` at `at`; returns the mention id.
    std::int64_t mention(std::int64_t query_id, std::int64_t at,
                         const ListenSpec& spec = ListenSpec{}) {
        const std::string id = "m" + std::to_string(++m_count);
        m_mention.bind(1, id)
            .bind(2, "https://" + spec.domain + "/" + id)
            .bind(3, spec.domain)
            .bind(4, spec.author)
            .bind(5, spec.title)
            .bind(6, spec.text)
            .bind(7, spec.seen_at.value_or(at))
            .bind(8, spec.engagement)
            .bind(9, spec.polarity)
            .bind(10, static_cast<std::int64_t>(spec.simhash))
            .run();
        const std::int64_t mention_id = m_db.last_insert_id();
        match(query_id, at, mention_id, spec.polarity);
        return mention_id;
    }

    void match(std::int64_t query_id, std::int64_t at, std::int64_t mention_id, int polarity) {
        m_match.bind(1, query_id).bind(2, at).bind(3, mention_id).bind(4, polarity).run();
    }

    // `n` plain mentions of `query_id` spread over [from, from + span).
    void many(std::int64_t query_id, std::int64_t from, std::int64_t span, int n,
              int polarity = 0) {
        for (int i = 0; i < n; ++i) {
            Spec spec;
            spec.polarity = polarity;
            spec.simhash = static_cast<std::uint64_t>(m_count + 1) * 0x9E3779B97F4A7C15ULL;
            mention(query_id, from + span * i / n, spec);
        }
    }

private:
    storage::Database& m_db;
    storage::Statement m_query;
    storage::Statement m_source;
    storage::Statement m_mention;
    storage::Statement m_match;
    int m_count = 0;
};

} // namespace onevoice::tests
