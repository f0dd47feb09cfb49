#include "commands/listening/listen_ingest.hpp"

#include "bot/runtime/log.hpp"
#include "bot/text/url.hpp"
#include "commands/listening/mention_identity.hpp"

#include <algorithm>
#include <bit>

namespace onevoice::commands {
namespace {

int polarity_value(Polarity polarity) {
    switch (polarity) {
    case Polarity::negative:
        return -1;
    case Polarity::positive:
        return 1;
    case Polarity::neutral:
        break;
    }
    return 0;
}

} // namespace

ListenIngest::ListenIngest(storage::ListenStore& store, const SentimentAnalyzer& sentiment)
    : m_store(store)
    , m_sentiment(sentiment) {}

void ListenIngest::refresh_queries() {
    auto texts = m_store.query_texts();
    if (texts == m_texts) {
        return;
    }
    m_queries.clear();
    for (const auto& [id, text] : texts) {
        try {
            m_queries.emplace_back(id, Query::parse(text));
        } catch (const QueryError& e) {
            // Stored queries were parsed when added; a newer parser may still
            // refuse an old one. Skip it rather than stop listening.
            bot::log::warn("saved listening query does not parse; skipped",
                           {{"query", std::to_string(id)}, {"error", e.what()}});
        }
    }
    m_texts = std::move(texts);
}

IngestCounts ListenIngest::ingest(std::int64_t source_id, const std::vector<bot::Mention>& mentions,
                                  bot::TimePoint now) {
    IngestCounts counts;
    counts.items = static_cast<int>(mentions.size());
    refresh_queries();
    if (m_queries.empty()) {
        return counts;
    }
    const std::int64_t seen_at = bot::to_millis(now);
    for (const bot::Mention& mention : mentions) {
        m_buffer.assign(mention.title);
        m_buffer += '\n';
        m_buffer += mention.text;
        const MatchText match_text(m_buffer, mention.url);
        m_matched.clear();
        for (const auto& [id, query] : m_queries) {
            if (query.matches(match_text)) {
                m_matched.push_back(id);
            }
        }
        if (m_matched.empty()) {
            continue;
        }
        ++counts.matched;
        m_row.source_id = source_id;
        m_row.external_id = mention.external_id.empty() ? mention.url : mention.external_id;
        m_row.url = canonical_url(mention.url);
        m_row.text_key = normalized_text_key(mention.title, mention.text);
        auto id = m_store.find_duplicate(m_row);
        if (!id) {
            m_row.domain = bot::site_host(m_row.url);
            m_row.author = mention.author;
            m_row.title = mention.title;
            m_row.text = mention.text;
            m_row.language = mention.language;
            m_row.published_at =
                mention.published ? std::optional<std::int64_t>(bot::to_millis(*mention.published))
                                  : std::nullopt;
            m_row.seen_at = seen_at;
            m_row.engagement = mention.engagement
                                   ? std::optional<std::int64_t>(mention.engagement->total())
                                   : std::nullopt;
            const Sentiment sentiment = m_sentiment.score(m_buffer, mention.language);
            m_row.sentiment = sentiment.score;
            m_row.polarity = polarity_value(sentiment.polarity);
            m_row.simhash = std::bit_cast<std::int64_t>(simhash(m_buffer));
            id = m_store.insert_mention(m_row);
            ++counts.new_mentions;
            m_store.add_new_matches(*id, m_row, m_matched);
            continue;
        }
        m_store.add_matches(*id, m_matched);
    }
    return counts;
}

} // namespace onevoice::commands
