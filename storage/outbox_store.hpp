#pragma once

#include "storage/database.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

struct OutboxRow {
    std::int64_t id = 0;
    std::string conversation;
    std::string payload;
    std::int64_t created_at = 0;
    std::int64_t next_attempt_at = 0;
    int attempts = 0;
};

// A named message (Reply::anchor): the outbox conversation it was queued in,
// and once posted, where the platform put it. `message` is empty until then,
// and stays empty where the platform cannot edit messages.
struct MessageAnchor {
    std::string conversation;
    std::int64_t outbox_id = 0;
    std::string posted_in;
    std::string message;
};

// The persistent outbox. Rows are written inside the command's transaction and
// delivered later, oldest first within each conversation; a row is delivered
// only when no older row of its conversation is still pending, so one stuck
// message holds back its conversation and nothing else.
class OutboxStore {
public:
    static constexpr std::int64_t k_all = std::numeric_limits<std::int64_t>::max();

    explicit OutboxStore(Database& db);

    std::int64_t enqueue(std::string_view conversation, std::string_view payload, std::int64_t now);
    // The head row of every conversation whose next attempt is due at `now`,
    // skipping the conversations listed in `busy` (already in flight) and heads
    // above id `up_to` (not released for sending yet).
    std::vector<OutboxRow> due_heads(std::int64_t now, const std::vector<std::string>& busy,
                                     int limit, std::int64_t up_to = k_all);
    // The earliest next attempt among the pending heads up to id `up_to` of
    // conversations not in `busy`.
    std::optional<std::int64_t> next_attempt_at(const std::vector<std::string>& busy,
                                                std::int64_t up_to = k_all);
    // The highest row id there is (0 for none). Ids only grow: pruning keeps the newest row.
    std::int64_t newest_id();
    std::optional<OutboxRow> find(std::int64_t id);

    void mark_delivered(std::int64_t id, std::int64_t now);
    void mark_retry(std::int64_t id, std::int64_t next_attempt_at, std::string_view error);
    // Defers a row without counting an attempt (a rate limit is not a failure).
    void defer(std::int64_t id, std::int64_t next_attempt_at);
    void mark_failed(std::int64_t id, std::int64_t now, std::string_view error);

    // Names the message outbox row `outbox_id` becomes; a newer row takes the
    // name over (the message was posted again).
    void set_anchor(std::string_view anchor, std::string_view conversation, std::int64_t outbox_id,
                    std::int64_t now);
    // Records where the platform posted outbox row `outbox_id`, if it is anchored.
    void record_posted(std::int64_t outbox_id, std::string_view posted_in, std::string_view message,
                       std::int64_t now);
    std::optional<MessageAnchor> find_anchor(std::string_view anchor);

    std::int64_t pending_count();
    std::optional<std::int64_t> oldest_pending_created_at();
    // Deletes delivered and failed rows finished before `before`.
    int prune(std::int64_t before);

private:
    Database& m_db;
    Statement m_enqueue;
    Statement m_heads;
    Statement m_next;
    Statement m_find;
    Statement m_delivered;
    Statement m_retry;
    Statement m_defer;
    Statement m_failed;
    Statement m_pending;
    Statement m_oldest;
    Statement m_prune;
    Statement m_newest;
    Statement m_set_anchor;
    Statement m_record_posted;
    Statement m_find_anchor;
};

} // namespace onevoice::storage
