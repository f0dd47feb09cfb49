#pragma once

#include "bot/model/catalog.hpp"
#include "bot/model/model.hpp"
#include "bot/runtime/handler_context.hpp"
#include "storage/digest_store.hpp"
#include "storage/listen_store.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// A 14-day trend as block characters ▁▂▃▄▅▆▇█, one per value, scaled from 0
// to the largest value (all zero: a flat ▁ line). Pure.
std::string sparkline(std::span<const std::int64_t> values);

// The change of `count` against `average` in whole percent, rounded half away
// from zero; nullopt when the average is 0 (a "new" topic). Pure.
std::optional<long> change_percent(std::int64_t count, double average);

// A mention shown in the digest, standing for itself and `similar` near-duplicates.
struct DigestItem {
    storage::DigestMention mention;
    int similar = 0;
};

// One query's day: `days` holds the 14 local days ending with the digest's
// date (oldest first); `average` is the mean of the 7 days before the date.
struct QueryDigest {
    storage::ListenQueryRow query;
    std::int64_t count = 0;
    double average = 0;
    std::vector<std::int64_t> days;
    storage::SentimentSplit split;
    std::vector<DigestItem> top;
};

// Everything one digest shows, before it is turned into messages.
struct DigestData {
    bot::LocalDate date;
    std::vector<QueryDigest> queries;
    std::vector<std::string> new_domains;
    std::vector<storage::FailingSource> failing;
};

// Groups `mentions` (best first) into near-duplicate clusters: each kept
// mention is one not near any mention kept before it; its `similar` counts the
// other entries of `fingerprints` (the whole day) near it and not already
// counted for an earlier cluster. At most `limit` items. Pure.
std::vector<DigestItem>
cluster_mentions(const std::vector<storage::DigestMention>& mentions,
                 const std::vector<std::pair<std::int64_t, std::uint64_t>>& fingerprints,
                 std::size_t limit);

// What one chat message may hold, below Slack's limits (50 blocks, 3 000
// characters per section text; integrations/slack/block_kit.hpp) and Matrix's
// practical event size (~30 000 bytes of body + formatted_body, which repeat
// the text, and HTML adds markup). Estimates are deliberately generous.
struct MessageLimits {
    std::size_t max_blocks = 40;
    std::size_t max_block_chars = 2500;
    std::size_t max_message_bytes = 20000;
};

// The estimated rendered size of content: each span's text and link target
// with room for escaping and markup (Slack mrkdwn `<url|label>`, Matrix
// `<a href>` plus the plain body).
std::size_t estimated_size(const bot::Inline& content);

// Splits `whole` into replies within `limits`: a new message starts before a
// block that would not fit; a list longer than one block's budget becomes
// several lists, never cutting an item. Every reply keeps the audience and
// place of `whole`. Pure.
std::vector<bot::Reply> split_messages(const bot::Reply& whole, const MessageLimits& limits = {});

// One mention as a line: its title (or text) linked to it, domain, author,
// engagement, a negative mark and "+N similar".
bot::Inline mention_line(const DigestItem& item, const bot::Catalog& catalog);

// Turns a digest into one long reply to the place (digest_render.cpp).
bot::Reply render_digest(const DigestData& data, const bot::HandlerContext& context);

// Builds the daily digest (issue #8): per query the count with its change
// against the 7-day average, the sentiment split, the 14-day sparkline and
// the top mentions (near-duplicates clustered); new sources, share of voice
// against competitor queries, failing sources; a quiet day still says so.
// Reads through DigestStore only; the day boundaries are those of the team's
// time zone.
class Digest {
public:
    static constexpr std::size_t k_top = 5;
    // How many of the best mentions are considered before clustering.
    static constexpr int k_candidates = 60;
    static constexpr int k_days = 14;

    Digest(storage::DigestStore& store, storage::ListenStore& queries,
           const bot::HandlerContext& context);

    DigestData collect(bot::LocalDate date);
    // The digest for `date` as messages to `place`, split to fit every platform.
    std::vector<bot::Reply> build(bot::LocalDate date, const bot::Place& place);

private:
    storage::DigestStore& m_store;
    storage::ListenStore& m_queries;
    const bot::HandlerContext& m_context;
};

// The catalog entries of `digest` and the spike alerts, English and German.
std::span<const bot::CatalogEntry> digest_messages();

} // namespace onevoice::commands
