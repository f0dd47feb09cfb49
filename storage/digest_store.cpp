#include "storage/digest_store.hpp"

#include "storage/sql.hpp"

namespace onevoice::storage {
namespace {

constexpr std::int64_t k_hour_ms = 3'600'000;

// The mention columns read_mention() expects, over `mention_matches mm JOIN mentions m`.
constexpr const char* k_mention_select =
    "SELECT m.id, m.url, m.title, m.text, m.author, m.domain, m.engagement, mm.polarity, mm.at, "
    "m.simhash FROM mention_matches mm JOIN mentions m ON m.id = mm.mention_id "
    "WHERE mm.query_id = ?1 AND mm.at >= ?2 AND mm.at < ?3";

// Engagement first (a source without numbers counts as none), then negative
// first (polarity ascends from -1), then newest: what a reader should see first.
constexpr const char* k_mention_order =
    " ORDER BY coalesce(m.engagement, 0) DESC, mm.polarity ASC, mm.at DESC, m.id DESC LIMIT ?4";

constexpr const char* k_alert_select =
    "SELECT id, query_id, kind, hour_start, count, baseline, threshold, negative_share, "
    "created_at, ended_at FROM spike_alerts";

DigestMention read_mention(const Statement& s) {
    DigestMention m;
    m.id = s.get_int(0);
    m.url = s.get_text(1);
    m.title = s.get_text(2);
    m.text = s.get_text(3);
    m.author = s.get_text(4);
    m.domain = s.get_text(5);
    m.engagement = s.get_optional_int(6);
    m.polarity = static_cast<int>(s.get_int(7));
    m.at = s.get_int(8);
    // SQLite integers are signed; the fingerprint is the same 64 bits.
    m.simhash = static_cast<std::uint64_t>(s.get_int(9));
    return m;
}

SpikeAlertRow read_alert(const Statement& s) {
    SpikeAlertRow a;
    a.id = s.get_int(0);
    a.query_id = s.get_int(1);
    a.kind = s.get_text(2);
    a.hour_start = s.get_int(3);
    a.count = s.get_int(4);
    a.baseline = s.get_double(5);
    a.threshold = s.get_double(6);
    if (!s.is_null(7)) {
        a.negative_share = s.get_double(7);
    }
    a.created_at = s.get_int(8);
    a.ended_at = s.get_optional_int(9);
    return a;
}

std::string join(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (const std::string_view part : parts) {
        out += part;
    }
    return out;
}

} // namespace

DigestStore::DigestStore(Database& db)
    : m_db(db)
    , m_count(db,
              "SELECT count(*) FROM mention_matches WHERE query_id = ?1 AND at >= ?2 AND at < ?3")
    , m_sentiment(db, "SELECT coalesce(sum(polarity > 0), 0), coalesce(sum(polarity = 0), 0), "
                      "coalesce(sum(polarity < 0), 0) FROM mention_matches "
                      "WHERE query_id = ?1 AND at >= ?2 AND at < ?3")
    , m_top(db, join({k_mention_select, k_mention_order}))
    , m_top_negative(db, join({k_mention_select, " AND mm.polarity < 0", k_mention_order}))
    , m_fingerprints(db, "SELECT m.id, m.simhash FROM mention_matches mm JOIN mentions m "
                         "ON m.id = mm.mention_id WHERE mm.query_id = ?1 AND mm.at >= ?2 "
                         "AND mm.at < ?3")
    // A domain is new on a day when no mention seen before the day came from
    // it (index mentions_domain(domain, seen_at)).
    , m_new_domains(db, "SELECT DISTINCT m.domain FROM mention_matches mm JOIN mentions m "
                        "ON m.id = mm.mention_id WHERE mm.query_id = ?1 AND mm.at >= ?2 "
                        "AND mm.at < ?3 AND m.domain <> '' AND NOT EXISTS (SELECT 1 FROM "
                        "mentions o WHERE o.domain = m.domain AND o.seen_at < ?2) "
                        "ORDER BY m.domain")
    , m_range_mentions(db, "SELECT m.id, mm.at, mm.polarity, m.engagement, m.simhash, m.domain "
                           "FROM mention_matches mm JOIN mentions m ON m.id = mm.mention_id "
                           "WHERE mm.query_id = ?1 AND mm.at >= ?2 AND mm.at < ?3")
    , m_texts(db, "SELECT url, title, text, author FROM mentions WHERE id = ?1")
    , m_domain_seen(db, "SELECT EXISTS (SELECT 1 FROM mentions WHERE domain = ?1 "
                        "AND seen_at < ?2)")
    // (now - 1 - at) / 1h is 0 for the hour just before now, 1 for the one
    // before...: rolling hours, so a poll at 10:05 compares full hours.
    , m_hourly(db, "SELECT (?2 - 1 - at) / 3600000 AS ago, count(*), sum(polarity < 0) "
                   "FROM mention_matches WHERE query_id = ?1 AND at >= ?3 AND at < ?2 "
                   "GROUP BY ago ORDER BY ago")
    , m_failing(db, "SELECT id, kind, target, term, failing_since, last_error FROM listen_sources "
                    "WHERE failing_since IS NOT NULL AND failing_since <= ?1 "
                    "ORDER BY failing_since, id")
    , m_open_alert(db, "INSERT INTO spike_alerts (query_id, kind, hour_start, count, baseline, "
                       "threshold, negative_share, created_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
    , m_open_alert_for(db, join({k_alert_select, " WHERE query_id = ?1 AND kind = ?2 "
                                                 "AND ended_at IS NULL ORDER BY id DESC LIMIT 1"}))
    , m_find_alert(db, join({k_alert_select, " WHERE id = ?1"}))
    , m_close_alert(db, "UPDATE spike_alerts SET ended_at = ?2 WHERE id = ?1") {}

std::vector<std::int64_t> DigestStore::counts(std::int64_t query_id,
                                              const std::vector<std::int64_t>& bounds) {
    std::vector<std::int64_t> counts;
    for (std::size_t i = 0; i + 1 < bounds.size(); ++i) {
        m_count.bind(1, query_id).bind(2, bounds[i]).bind(3, bounds[i + 1]);
        counts.push_back(m_count.step() ? m_count.get_int(0) : 0);
        m_count.reset();
    }
    return counts;
}

SentimentSplit DigestStore::sentiment(std::int64_t query_id, std::int64_t from, std::int64_t to) {
    m_sentiment.bind(1, query_id).bind(2, from).bind(3, to);
    SentimentSplit split;
    if (m_sentiment.step()) {
        split.positive = m_sentiment.get_int(0);
        split.neutral = m_sentiment.get_int(1);
        split.negative = m_sentiment.get_int(2);
    }
    m_sentiment.reset();
    return split;
}

std::vector<DigestMention> DigestStore::collect_mentions(Statement& statement) {
    return all_rows(statement, [](Statement& row) { return read_mention(row); });
}

std::vector<DigestMention> DigestStore::top_mentions(std::int64_t query_id, std::int64_t from,
                                                     std::int64_t to, int limit) {
    m_top.bind(1, query_id).bind(2, from).bind(3, to).bind(4, limit);
    return collect_mentions(m_top);
}

std::vector<DigestMention> DigestStore::top_negative(std::int64_t query_id, std::int64_t from,
                                                     std::int64_t to, int limit) {
    m_top_negative.bind(1, query_id).bind(2, from).bind(3, to).bind(4, limit);
    return collect_mentions(m_top_negative);
}

std::vector<std::pair<std::int64_t, std::uint64_t>>
DigestStore::fingerprints(std::int64_t query_id, std::int64_t from, std::int64_t to) {
    m_fingerprints.bind(1, query_id).bind(2, from).bind(3, to);
    return all_rows(m_fingerprints, [](Statement& row) {
        return std::pair{row.get_int(0), static_cast<std::uint64_t>(row.get_int(1))};
    });
}

std::vector<std::string> DigestStore::new_domains(std::int64_t query_id, std::int64_t from,
                                                  std::int64_t to) {
    m_new_domains.bind(1, query_id).bind(2, from).bind(3, to);
    return all_rows(m_new_domains, [](Statement& row) { return row.get_text(0); });
}

std::vector<RangeMention> DigestStore::range_mentions(std::int64_t query_id, std::int64_t from,
                                                      std::int64_t to) {
    m_range_mentions.bind(1, query_id).bind(2, from).bind(3, to);
    return all_rows(m_range_mentions, [](Statement& row) {
        RangeMention mention;
        mention.id = row.get_int(0);
        mention.at = row.get_int(1);
        mention.polarity = static_cast<int>(row.get_int(2));
        mention.engagement = row.get_optional_int(3);
        mention.simhash = static_cast<std::uint64_t>(row.get_int(4));
        mention.domain = row.get_text(5);
        return mention;
    });
}

bool DigestStore::fill_texts(DigestMention& mention) {
    m_texts.bind(1, mention.id);
    const bool found = m_texts.step();
    if (found) {
        mention.url = m_texts.get_text(0);
        mention.title = m_texts.get_text(1);
        mention.text = m_texts.get_text(2);
        mention.author = m_texts.get_text(3);
    }
    m_texts.reset();
    return found;
}

bool DigestStore::domain_seen_before(std::string_view domain, std::int64_t before) {
    m_domain_seen.bind(1, domain).bind(2, before);
    const bool seen = m_domain_seen.step() && m_domain_seen.get_int(0) != 0;
    m_domain_seen.reset();
    return seen;
}

std::vector<HourCount> DigestStore::hourly(std::int64_t query_id, std::int64_t now, int hours) {
    m_hourly.bind(1, query_id).bind(2, now).bind(3, now - hours * k_hour_ms);
    return all_rows(m_hourly, [](Statement& row) {
        return HourCount{static_cast<int>(row.get_int(0)), row.get_int(1), row.get_int(2)};
    });
}

std::vector<FailingSource> DigestStore::failing_since(std::int64_t since) {
    m_failing.bind(1, since);
    return all_rows(m_failing, [](Statement& row) {
        return FailingSource{row.get_int(0),  row.get_text(1), row.get_text(2),
                             row.get_text(3), row.get_int(4),  row.get_text(5)};
    });
}

std::int64_t DigestStore::open_alert(const SpikeAlertRow& a) {
    m_open_alert.bind(1, a.query_id)
        .bind(2, a.kind)
        .bind(3, a.hour_start)
        .bind(4, a.count)
        .bind(5, a.baseline)
        .bind(6, a.threshold)
        .bind(7, a.negative_share)
        .bind(8, a.created_at)
        .run();
    return m_db.last_insert_id();
}

std::optional<SpikeAlertRow> DigestStore::open_alert_for(std::int64_t query_id,
                                                         std::string_view kind) {
    m_open_alert_for.bind(1, query_id).bind(2, kind);
    std::optional<SpikeAlertRow> row;
    if (m_open_alert_for.step()) {
        row = read_alert(m_open_alert_for);
    }
    m_open_alert_for.reset();
    return row;
}

std::optional<SpikeAlertRow> DigestStore::find_alert(std::int64_t id) {
    m_find_alert.bind(1, id);
    std::optional<SpikeAlertRow> row;
    if (m_find_alert.step()) {
        row = read_alert(m_find_alert);
    }
    m_find_alert.reset();
    return row;
}

void DigestStore::close_alert(std::int64_t id, std::int64_t ended_at) {
    m_close_alert.bind(1, id).bind(2, ended_at).run();
}

} // namespace onevoice::storage
