#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onevoice::storage {

// A saved listening query as the digest and the spike detector read it.
// Mentions of one query in a time range by polarity.
struct SentimentSplit {
    std::int64_t positive = 0;
    std::int64_t neutral = 0;
    std::int64_t negative = 0;

    std::int64_t total() const { return positive + neutral + negative; }
};

// One mention as the digest and alerts show it. `at` is the time that counts
// (mention_matches.at); `simhash` is the 64-bit fingerprint of its text.
struct DigestMention {
    std::int64_t id = 0;
    std::string url;
    std::string title;
    std::string text;
    std::string author;
    std::string domain;
    std::optional<std::int64_t> engagement;
    int polarity = 0; // -1, 0, 1
    std::int64_t at = 0;
    std::uint64_t simhash = 0;
};

// One matched mention of a range without its texts: what ranking, clustering
// and new-domain detection read for every mention of a digest's day. `at` and
// `polarity` are those of the match (mention_matches), as in DigestMention.
struct RangeMention {
    std::int64_t id = 0;
    std::int64_t at = 0;
    int polarity = 0;
    std::optional<std::int64_t> engagement;
    std::uint64_t simhash = 0;
    std::string domain;
};

// Mentions of a query in one rolling hour, `hours_ago` 0 being the hour just
// before `now` (see DigestStore::hourly).
struct HourCount {
    int hours_ago = 0;
    std::int64_t count = 0;
    std::int64_t negative = 0;
};

// A source that has been failing since `failing_since`.
struct FailingSource {
    std::int64_t id = 0;
    std::string kind;
    std::string target;
    std::string term;
    std::int64_t failing_since = 0;
    std::string last_error;
};

// A spike alert: open while `ended_at` is unset (one alert per query, kind and spike).
struct SpikeAlertRow {
    std::int64_t id = 0;
    std::int64_t query_id = 0;
    std::string kind = "volume"; // volume | negative
    std::int64_t hour_start = 0;
    std::int64_t count = 0;
    double baseline = 0;
    double threshold = 0;
    std::optional<double> negative_share;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> ended_at;
};

// Read-only aggregations over the listening tables (migration 7) for the daily
// digest and the spike detector, plus the spike_alerts rows. Every range is
// [from, to) in UTC milliseconds; callers turn local days into such ranges.
// Counts are range scans on the mention_matches primary key (query_id, at, ...),
// so they stay fast on a million mentions. Runs inside the caller's
// transaction (or none: each statement is then atomic). Throws DbError.
class DigestStore {
public:
    explicit DigestStore(Database& db);

    // Mentions of the query in [bounds[i], bounds[i+1]) for each i: one count
    // per consecutive range (the days of a sparkline). Empty for < 2 bounds.
    std::vector<std::int64_t> counts(std::int64_t query_id,
                                     const std::vector<std::int64_t>& bounds);
    SentimentSplit sentiment(std::int64_t query_id, std::int64_t from, std::int64_t to);
    // The top mentions of the range: most engagement first (none counts as 0),
    // then negative before neutral before positive, then newest.
    std::vector<DigestMention> top_mentions(std::int64_t query_id, std::int64_t from,
                                            std::int64_t to, int limit);
    // As top_mentions, negative mentions only.
    std::vector<DigestMention> top_negative(std::int64_t query_id, std::int64_t from,
                                            std::int64_t to, int limit);
    // (mention id, simhash) of every mention of the range, for clustering.
    std::vector<std::pair<std::int64_t, std::uint64_t>>
    fingerprints(std::int64_t query_id, std::int64_t from, std::int64_t to);
    // Every mention of the range in one pass over the join (index order:
    // time, then id): the digest ranks, clusters and finds new domains from
    // these instead of joining the day's mentions once per question.
    std::vector<RangeMention> range_mentions(std::int64_t query_id, std::int64_t from,
                                             std::int64_t to);
    // Fills url, title, text and author of `mention` (by its id); false when gone.
    bool fill_texts(DigestMention& mention);
    // Whether any mention from `domain` was seen before `before` (index
    // mentions_domain): a domain of the day that was not is new.
    bool domain_seen_before(std::string_view domain, std::int64_t before);
    // Domains of the query's mentions in the range that no mention seen before
    // `from` came from: the new sources of that day. Sorted.
    std::vector<std::string> new_domains(std::int64_t query_id, std::int64_t from, std::int64_t to);
    // Counts per rolling hour before `now`, for hours 0..hours-1 ago; hours
    // without mentions are left out.
    std::vector<HourCount> hourly(std::int64_t query_id, std::int64_t now, int hours);
    // Sources failing since `since` or earlier, oldest failure first.
    std::vector<FailingSource> failing_since(std::int64_t since);

    // Opens an alert; returns its id.
    std::int64_t open_alert(const SpikeAlertRow& alert);
    std::optional<SpikeAlertRow> open_alert_for(std::int64_t query_id, std::string_view kind);
    std::optional<SpikeAlertRow> find_alert(std::int64_t id);
    void close_alert(std::int64_t id, std::int64_t ended_at);

private:
    std::vector<DigestMention> collect_mentions(Statement& statement);

    Database& m_db;
    Statement m_count;
    Statement m_sentiment;
    Statement m_top;
    Statement m_top_negative;
    Statement m_fingerprints;
    Statement m_new_domains;
    Statement m_range_mentions;
    Statement m_texts;
    Statement m_domain_seen;
    Statement m_hourly;
    Statement m_failing;
    Statement m_open_alert;
    Statement m_open_alert_for;
    Statement m_find_alert;
    Statement m_close_alert;
};

} // namespace onevoice::storage
