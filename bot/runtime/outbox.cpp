#include "bot/runtime/outbox.hpp"

#include "bot/runtime/commit_pipeline.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/reply_codec.hpp"
#include "storage/database.hpp"
#include "storage/outbox_store.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>
#include <vector>

namespace onevoice::bot {
namespace {

// How soon a delivery result the database refused is recorded again.
constexpr auto k_record_retry = std::chrono::seconds(5);
// Without a commit pipeline every row is on disk once written.
constexpr std::int64_t k_all_rows = std::numeric_limits<std::int64_t>::max();

// The anchor of the earlier message a reply acts on or goes next to; empty: none.
const std::string& earlier_anchor(const Reply& reply) {
    static const std::string none;
    return std::visit(
        Overloaded{[](const Edit& edit) -> const std::string& { return edit.anchor; },
                   [](const Unpin& unpin) -> const std::string& { return unpin.anchor; },
                   [](const PostBeside& beside) -> const std::string& { return beside.anchor; },
                   [](const auto&) -> const std::string& {
                       return none;
                   }},
        reply.intent);
}

} // namespace

std::string conversation_key(const Reply& reply) {
    if (reply.audience == Audience::direct && reply.recipient) {
        return reply.recipient->platform + ":dm:" + reply.recipient->id;
    }
    return reply.place.platform + ":" + reply.place.conversation;
}

OutboxWriter::OutboxWriter(storage::OutboxStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock) {}

std::int64_t OutboxWriter::enqueue(const Reply& reply) {
    const std::int64_t now = to_millis(m_clock.now());
    std::string conversation = conversation_key(reply);
    if (const std::string& earlier = earlier_anchor(reply); !earlier.empty()) {
        const auto anchor = m_store.find_anchor(earlier);
        if (!anchor) {
            return 0;
        }
        // In the original's queue, so the edit (or the message next to it) is never
        // sent before the message exists.
        conversation = anchor->conversation;
    }
    const std::int64_t id = m_store.enqueue(conversation, encode_reply(reply), now);
    if (!reply.anchor().empty()) {
        m_store.set_anchor(reply.anchor(), conversation, id, now);
    }
    return id;
}

OutboxSender::OutboxSender(storage::Database& db, storage::OutboxStore& store, Deliverer& deliverer,
                           const Clock& clock, OutboxPolicy policy,
                           std::function<double()> random01)
    : m_db(db)
    , m_store(store)
    , m_deliverer(deliverer)
    , m_clock(clock)
    , m_policy(policy)
    , m_random01(std::move(random01))
    , m_newest_at_start(store.newest_id()) {}

void OutboxSender::set_metrics(Metrics& metrics) {
    m_deliveries = &metrics.counter(
        "deliveries_total", "Outbox messages finished, by platform and result (delivered, failed).",
        {"platform", "result"});
    m_retries =
        &metrics.counter("delivery_retries_total",
                         "Deliveries that failed for now and will be retried.", {"platform"});
    m_rate_limit_waits =
        &metrics.counter("rate_limit_waits_total",
                         "Deliveries the platform asked to wait (HTTP 429).", {"platform"});
    m_rate_limit_seconds = &metrics.counter("rate_limit_wait_seconds_total",
                                            "Seconds the platforms asked to wait.", {"platform"});
}

std::int64_t OutboxSender::released() {
    return m_commits ? m_commits->release_rows(m_store.newest_id()) : k_all_rows;
}

Duration OutboxSender::backoff(int attempts) const {
    const double base = static_cast<double>(m_policy.first_retry.count()) *
                        std::pow(2.0, std::max(0, attempts - 1));
    const double capped = std::min(base, static_cast<double>(m_policy.max_retry.count()));
    // "Equal jitter": between half and all of the capped delay, so retries of
    // many conversations spread out but never come back immediately.
    return Duration{static_cast<std::int64_t>(capped * (0.5 + 0.5 * m_random01()))};
}

int OutboxSender::pump() {
    if (m_pumping) {
        // A synchronous completion inside deliver(): the running loop picks up
        // the conversation's next row.
        m_repump = true;
        return 0;
    }
    m_pumping = true;
    // A failed read or write (full disk) throws out of here: later pumps must still run.
    struct Unlatch {
        bool& flag;
        ~Unlatch() { flag = false; }
    } unlatch{m_pumping};
    if (!m_unrecorded.empty()) {
        // Records them now (or keeps them for later again); the pump() inside only asks for a
        // repump.
        std::move(m_unrecorded.begin(), m_unrecorded.end(), std::back_inserter(m_finished));
        m_unrecorded.clear();
        record_finished();
    }
    const std::int64_t released_id = released();
    int started = 0;
    do {
        m_repump = false;
        const std::vector<std::string> busy(m_in_flight.begin(), m_in_flight.end());
        for (auto& row :
             m_store.due_heads(to_millis(m_clock.now()), busy, m_policy.batch, released_id)) {
            auto reply = decode_reply(row.payload);
            if (!reply) {
                log::error("outbox row is not a reply; marked failed",
                           {{"id", std::to_string(row.id)}});
                storage::Transaction tx(m_db);
                m_store.mark_failed(row.id, to_millis(m_clock.now()), "undecodable payload");
                tx.commit();
                m_repump = true;
                continue;
            }
            if (!earlier_anchor(*reply).empty() && !resolve_edit(*reply)) {
                log::debug("nothing to edit or post beside; skipped",
                           {{"id", std::to_string(row.id)}, {"anchor", earlier_anchor(*reply)}});
                storage::Transaction tx(m_db);
                m_store.mark_delivered(row.id, to_millis(m_clock.now()));
                tx.commit();
                m_repump = true;
                continue;
            }
            m_in_flight.insert(row.conversation);
            ++started;
            const Deliverer::Queued queued{from_millis(row.created_at),
                                           row.attempts > 0 || row.id <= m_newest_at_start,
                                           row.attempts + 1 >= m_policy.max_attempts};
            m_deliverer.deliver_queued(row.id, queued, *reply,
                                       [this, id = row.id, conversation = row.conversation,
                                        attempts = row.attempts](const DeliveryResult& result) {
                                           finish(Finished{id, conversation, attempts, result});
                                       });
        }
    } while (m_repump);
    return started;
}

bool OutboxSender::resolve_edit(Reply& reply) {
    const auto anchor = m_store.find_anchor(earlier_anchor(reply));
    if (!anchor || anchor->message.empty()) {
        return false; // never posted, failed, ephemeral, or a platform without edits
    }
    const std::string platform = reply.recipient ? reply.recipient->platform : reply.place.platform;
    reply.audience = Audience::place;
    reply.place = Place{platform, anchor->posted_in, "", false};
    if (auto* edit = std::get_if<Edit>(&reply.intent)) {
        edit->message = anchor->message;
    } else if (auto* unpin = std::get_if<Unpin>(&reply.intent)) {
        unpin->message = anchor->message;
    } else {
        reply.intent = Post{}; // beside it: a new message in its conversation
    }
    return true;
}

void OutboxSender::finish(Finished done) {
    m_finished.push_back(std::move(done));
    if (!m_later) {
        record_finished();
        return;
    }
    if (!m_record_scheduled) {
        m_record_scheduled = true;
        m_later([this] {
            m_record_scheduled = false;
            record_finished();
        });
    }
}

bool OutboxSender::record(const Finished& done, TimePoint now) {
    const std::string id_text = std::to_string(done.id);
    const DeliveryResult& result = done.result;
    switch (result.kind) {
    case DeliveryResult::Kind::delivered:
        m_store.mark_delivered(done.id, to_millis(now));
        if (!result.posted_message.empty()) {
            m_store.record_posted(done.id, result.posted_in, result.posted_message, to_millis(now));
        }
        return false;
    case DeliveryResult::Kind::rate_limited:
        log::info(
            "rate limited; waiting",
            {{"id", id_text}, {"retry_after_ms", std::to_string(result.retry_after.count())}});
        // The clock reads whole milliseconds, rounded down: one more keeps the
        // platform's wait from ending up to a millisecond early.
        m_store.defer(done.id,
                      to_millis(now + std::max(result.retry_after, Duration{1}) + Duration{1}));
        return false;
    case DeliveryResult::Kind::transient:
        if (done.attempts + 1 < m_policy.max_attempts) {
            const Duration wait = backoff(done.attempts + 1);
            log::warn("delivery failed; will retry",
                      {{"id", id_text},
                       {"error", result.error},
                       {"attempt", std::to_string(done.attempts + 1)},
                       {"retry_in_ms", std::to_string(wait.count())}});
            m_store.mark_retry(done.id, to_millis(now + wait), result.error);
            return true;
        }
        [[fallthrough]];
    case DeliveryResult::Kind::permanent:
        log::error("delivery failed permanently",
                   {{"id", id_text},
                    {"conversation", done.conversation},
                    {"error", result.error},
                    {"attempts", std::to_string(done.attempts + 1)}});
        m_store.mark_failed(done.id, to_millis(now), result.error);
        return false;
    }
    return false;
}

void OutboxSender::record_finished() {
    std::vector<Finished> batch = std::exchange(m_finished, {});
    if (batch.empty()) {
        return;
    }
    std::vector<bool> will_retry(batch.size());
    try {
        const TimePoint now = m_clock.now();
        storage::Transaction tx(m_db);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            will_retry[i] = record(batch[i], now);
        }
        tx.commit();
    } catch (const std::exception& e) {
        // Sending these rows again now would repeat delivered messages on every
        // pump while the disk is full: their conversations stay busy until the
        // results are recorded. Only a restart before that sends them again
        // (Slack's read-back and Matrix's transaction id make that harmless).
        log::error("could not record delivery results; will retry",
                   {{"count", std::to_string(batch.size())}, {"error", e.what()}});
        std::move(batch.begin(), batch.end(), std::back_inserter(m_unrecorded));
        batch.clear();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        m_in_flight.erase(batch[i].conversation);
        count(batch[i].conversation, batch[i].result, will_retry[i]);
    }
    pump();
    if (m_on_settled) {
        m_on_settled();
    }
}

void OutboxSender::count(const std::string& conversation, const DeliveryResult& result,
                         bool will_retry) const {
    if (m_deliveries == nullptr) {
        return;
    }
    // The conversation key starts with the platform ("slack:C123", "matrix:dm:@a:b").
    const std::string platform = conversation.substr(0, conversation.find(':'));
    if (result.kind == DeliveryResult::Kind::delivered) {
        m_deliveries->inc({platform, "delivered"});
    } else if (result.kind == DeliveryResult::Kind::rate_limited) {
        m_rate_limit_waits->inc({platform});
        m_rate_limit_seconds->inc({platform},
                                  std::chrono::duration<double>(result.retry_after).count());
    } else if (will_retry) {
        m_retries->inc({platform});
    } else {
        m_deliveries->inc({platform, "failed"});
    }
}

std::optional<TimePoint> OutboxSender::next_due() {
    // Conversations in flight wake the sender through their completion instead.
    const auto next = m_store.next_attempt_at({m_in_flight.begin(), m_in_flight.end()},
                                              m_commits ? m_commits->released_rows() : k_all_rows);
    std::optional<TimePoint> due;
    if (next) {
        due = from_millis(*next);
    }
    if (!m_unrecorded.empty()) {
        const TimePoint record_again = m_clock.now() + k_record_retry;
        due = due ? std::min(*due, record_again) : record_again;
    }
    return due;
}

std::int64_t OutboxSender::pending() {
    return m_store.pending_count();
}

} // namespace onevoice::bot
