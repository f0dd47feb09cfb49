#include "commands/listening/digest/digest.hpp"

#include "commands/listening/mention_identity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace onevoice::commands {
namespace {

constexpr std::array<std::string_view, 8> k_bars{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr auto k_failing_for = std::chrono::hours(24);

// Whether two fingerprints belong to the same story (0, a text without
// words, is near nothing).
bool is_near(std::uint64_t a, std::uint64_t b) {
    return is_near_duplicate(a, b);
}

// The order of DigestStore::top_mentions: engagement (none counts as 0) first,
// then negative before neutral before positive, then newest, then highest id.
bool ranks_before(const storage::RangeMention* a, const storage::RangeMention* b) {
    const std::int64_t ea = a->engagement.value_or(0);
    const std::int64_t eb = b->engagement.value_or(0);
    if (ea != eb) {
        return ea > eb;
    }
    if (a->polarity != b->polarity) {
        return a->polarity < b->polarity;
    }
    return a->at != b->at ? a->at > b->at : a->id > b->id;
}

// The `limit` best mentions of the day with their texts, as top_mentions
// would return them: only these few rows are read in full.
std::vector<storage::DigestMention> best_mentions(storage::DigestStore& store,
                                                  const std::vector<storage::RangeMention>& day,
                                                  std::size_t limit) {
    std::vector<const storage::RangeMention*> order;
    order.reserve(day.size());
    for (const storage::RangeMention& row : day) {
        order.push_back(&row);
    }
    const auto middle = order.begin() + static_cast<std::ptrdiff_t>(std::min(limit, order.size()));
    std::partial_sort(order.begin(), middle, order.end(), ranks_before);
    std::vector<storage::DigestMention> best;
    for (auto it = order.begin(); it != middle; ++it) {
        const storage::RangeMention& row = **it;
        storage::DigestMention mention;
        mention.id = row.id;
        mention.domain = row.domain;
        mention.engagement = row.engagement;
        mention.polarity = row.polarity;
        mention.at = row.at;
        mention.simhash = row.simhash;
        if (store.fill_texts(mention)) {
            best.push_back(std::move(mention));
        }
    }
    return best;
}

} // namespace

std::string sparkline(std::span<const std::int64_t> values) {
    std::int64_t max = 0;
    for (const std::int64_t v : values) {
        max = std::max(max, v);
    }
    std::string line;
    for (const std::int64_t v : values) {
        std::int64_t level = 0;
        if (max > 0 && v > 0) {
            // Rounded to the nearest of 7 steps; any mention at all lifts the bar off the floor.
            level = std::max<std::int64_t>(1, (v * 7 + max / 2) / max);
        }
        line += k_bars[static_cast<std::size_t>(std::min<std::int64_t>(level, 7))];
    }
    return line;
}

std::optional<long> change_percent(std::int64_t count, double average) {
    if (average <= 0) {
        return std::nullopt;
    }
    return std::lround((static_cast<double>(count) - average) / average * 100.0);
}

std::vector<DigestItem>
cluster_mentions(const std::vector<storage::DigestMention>& mentions,
                 const std::vector<std::pair<std::int64_t, std::uint64_t>>& fingerprints,
                 std::size_t limit) {
    std::vector<DigestItem> items;
    std::unordered_set<std::int64_t> counted;
    for (const storage::DigestMention& mention : mentions) {
        if (items.size() == limit) {
            break;
        }
        const bool is_copy = counted.contains(mention.id) ||
                             std::ranges::any_of(items, [&mention](const DigestItem& item) {
                                 return is_near(item.mention.simhash, mention.simhash);
                             });
        if (is_copy) {
            continue;
        }
        DigestItem item{mention, 0};
        counted.insert(mention.id);
        for (const auto& [id, simhash] : fingerprints) {
            if (!counted.contains(id) && is_near(simhash, mention.simhash)) {
                counted.insert(id);
                ++item.similar;
            }
        }
        items.push_back(std::move(item));
    }
    return items;
}

Digest::Digest(storage::DigestStore& store, storage::ListenStore& queries,
               const bot::HandlerContext& context)
    : m_store(store)
    , m_queries(queries)
    , m_context(context) {}

DigestData Digest::collect(bot::LocalDate date) {
    DigestData data;
    data.date = date;
    // Local midnights, so a day is 23 or 25 hours around a DST change.
    std::vector<std::int64_t> bounds;
    for (int d = -(k_days - 1); d <= 1; ++d) {
        bounds.push_back(bot::to_millis(m_context.zone.start_of_day(date.plus_days(d))));
    }
    const std::int64_t from = bounds[bounds.size() - 2];
    const std::int64_t to = bounds.back();
    std::vector<std::string> domains;
    std::unordered_map<std::string, bool> seen_before;
    for (storage::ListenQueryRow& query : m_queries.queries()) {
        QueryDigest q;
        q.days = m_store.counts(query.id, bounds);
        q.count = q.days.back();
        double week = 0;
        for (int d = k_days - 8; d < k_days - 1; ++d) {
            week += static_cast<double>(q.days[static_cast<std::size_t>(d)]);
        }
        q.average = week / 7.0;
        if (q.count > 0) {
            q.split = m_store.sentiment(query.id, from, to);
        }
        // Competitors count for share of voice; their mentions are not ours to read out.
        if (!query.is_competitor && q.count > 0) {
            // One pass over the day's mentions serves ranking, clustering and
            // new domains; on a busy day (tens of thousands of mentions) the
            // join is most of the digest's time.
            const auto day = m_store.range_mentions(query.id, from, to);
            std::vector<std::pair<std::int64_t, std::uint64_t>> fingerprints;
            fingerprints.reserve(day.size());
            for (const storage::RangeMention& row : day) {
                fingerprints.emplace_back(row.id, row.simhash);
                if (row.domain.empty()) {
                    continue;
                }
                // Whether a domain is new depends on the day only, not the query.
                auto [seen, added] = seen_before.try_emplace(row.domain, false);
                if (added) {
                    seen->second = m_store.domain_seen_before(row.domain, from);
                    if (!seen->second) {
                        domains.push_back(row.domain);
                    }
                }
            }
            q.top = cluster_mentions(
                best_mentions(m_store, day, static_cast<std::size_t>(k_candidates)), fingerprints,
                k_top);
        }
        q.query = std::move(query);
        data.queries.push_back(std::move(q));
    }
    std::ranges::sort(domains);
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    data.new_domains = std::move(domains);
    data.failing = m_store.failing_since(bot::to_millis(m_context.clock.now() - k_failing_for));
    return data;
}

std::vector<bot::Reply> Digest::build(bot::LocalDate date, const bot::Place& place) {
    bot::Reply whole = render_digest(collect(date), m_context);
    whole.place = place;
    return split_messages(whole);
}

} // namespace onevoice::commands
