#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/mention.hpp"
#include "commands/listening/query/listen_query.hpp"
#include "commands/listening/sentiment/sentiment.hpp"
#include "storage/listen_store.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace onevoice::commands {

// What one ingest of one source's poll did.
struct IngestCounts {
    int items = 0;        // mentions the source returned
    int matched = 0;      // of those, mentions that matched at least one query
    int new_mentions = 0; // of those, mentions stored for the first time
};

// Turns a poll's mentions into stored mentions (issue #8): each item's text is
// prepared for matching once (MatchText) and tried against every saved query;
// only a mention that matches at least one query is stored, because a feed
// (a news site, a search) returns much that is not about us and the digest,
// the counts and the alerts all read through mention_matches. A stored mention
// is identified by source and id, canonical URL or normalised text (the store
// decides); sentiment is scored once, for new mentions only. A mention seen
// again gains matches of queries added since.
//
// Parsed queries are cached and re-read only when the stored query texts
// change, so a poll of a few hundred items costs one small SELECT for the
// queries. Runs inside the caller's transaction, on the runtime's thread.
class ListenIngest {
public:
    ListenIngest(storage::ListenStore& store, const SentimentAnalyzer& sentiment);

    IngestCounts ingest(std::int64_t source_id, const std::vector<bot::Mention>& mentions,
                        bot::TimePoint now);

private:
    // Re-parses the saved queries when their texts differ from the cached ones.
    void refresh_queries();

    storage::ListenStore& m_store;
    const SentimentAnalyzer& m_sentiment;
    std::vector<std::pair<std::int64_t, std::string>> m_texts;
    std::vector<std::pair<std::int64_t, Query>> m_queries;
    // Reused per item, so a large poll does not allocate these again and again.
    std::string m_buffer;
    std::vector<std::int64_t> m_matched;
    storage::MentionRow m_row;
};

} // namespace onevoice::commands
