// Mention ingestion of ListenStore: each mention is stored once, and every
// query it matched gets a mention_matches row (see the "listening" migration).
#include "storage/listen_store.hpp"

#include <charconv>

namespace onevoice::storage {
namespace {

// Statement binds no doubles; SQLite's REAL affinity turns this text into a
// REAL. to_chars is exact and, unlike printf, ignores the C locale.
std::string real_text(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::optional<std::int64_t> first_id(Statement& s) {
    std::optional<std::int64_t> id;
    if (s.step()) {
        id = s.get_int(0);
    }
    s.reset();
    return id;
}

} // namespace

std::optional<std::int64_t> ListenStore::find_duplicate(const MentionRow& mention) {
    m_dup_external.bind(1, mention.source_id).bind(2, mention.external_id);
    if (auto id = first_id(m_dup_external)) {
        return id;
    }
    if (!mention.url.empty()) {
        m_dup_url.bind(1, mention.url);
        if (auto id = first_id(m_dup_url)) {
            return id;
        }
    }
    // The same story syndicated under another URL: only across sources, since
    // one source repeating a short text ("Love it!") is usually two mentions.
    if (!mention.text_key.empty()) {
        m_dup_text.bind(1, mention.text_key).bind(2, mention.source_id);
        return first_id(m_dup_text);
    }
    return std::nullopt;
}

std::int64_t ListenStore::insert_mention(const MentionRow& mention) {
    m_insert_mention.bind(1, mention.source_id)
        .bind(2, mention.external_id)
        .bind(3, mention.url)
        .bind(4, mention.domain)
        .bind(5, mention.author)
        .bind(6, mention.title)
        .bind(7, mention.text)
        .bind(8, mention.language)
        .bind(9, mention.published_at)
        .bind(10, mention.seen_at)
        .bind(11, mention.engagement)
        .bind(12, real_text(mention.sentiment))
        .bind(13, mention.polarity)
        .bind(14, mention.text_key)
        .bind(15, mention.simhash)
        .run();
    return m_db.last_insert_id();
}

int ListenStore::add_matches(std::int64_t mention_id, const std::vector<std::int64_t>& query_ids) {
    int added = 0;
    for (const std::int64_t query : query_ids) {
        m_add_match.bind(1, mention_id).bind(2, query).run();
        added += m_db.changes();
    }
    return added;
}

int ListenStore::add_new_matches(std::int64_t mention_id, const MentionRow& mention,
                                 const std::vector<std::int64_t>& query_ids) {
    // The rule of m_add_match's CASE, on the values just inserted.
    const std::int64_t at = mention.published_at && *mention.published_at <= mention.seen_at
                                ? *mention.published_at
                                : mention.seen_at;
    int added = 0;
    for (const std::int64_t query : query_ids) {
        m_add_new_match.bind(1, query)
            .bind(2, at)
            .bind(3, mention_id)
            .bind(4, mention.polarity)
            .run();
        added += m_db.changes();
    }
    return added;
}

std::int64_t ListenStore::mention_count() {
    m_mention_count.step();
    const std::int64_t count = m_mention_count.get_int(0);
    m_mention_count.reset();
    return count;
}

} // namespace onevoice::storage
