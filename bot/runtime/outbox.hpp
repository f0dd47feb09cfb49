#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/model.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace onevoice::storage {
class Database;
class OutboxStore;
} // namespace onevoice::storage

namespace onevoice::bot {

class CommitPipeline;
class Counter;
class Metrics;

// The conversation whose order a reply keeps: direct messages are ordered per
// recipient, everything else per conversation.
std::string conversation_key(const Reply& reply);

// Writes replies into the outbox table. Called inside the caller's transaction
// (the router's or a job's), so the messages commit with the effects.
class OutboxWriter {
public:
    OutboxWriter(storage::OutboxStore& store, const Clock& clock);
    // Returns the row id; 0 for an edit of a message that was never anchored
    // (nothing to edit). An edit is queued behind the message it edits.
    std::int64_t enqueue(const Reply& reply);

private:
    storage::OutboxStore& m_store;
    const Clock& m_clock;
};

// How one delivery attempt ended, as the adapter classifies it once per platform.
struct DeliveryResult {
    enum class Kind { delivered, transient, rate_limited, permanent };
    Kind kind = Kind::delivered;
    Duration retry_after{0}; // for rate_limited: how long the platform asked us to wait
    std::string error;       // for the log; never contains a secret
    // For delivered: where the platform put the message, when it can be edited
    // later (the conversation and the platform's message id); else empty.
    std::string posted_in;
    std::string posted_message;

    static DeliveryResult ok() { return {}; }
    static DeliveryResult posted(std::string in, std::string message) {
        DeliveryResult result;
        result.posted_in = std::move(in);
        result.posted_message = std::move(message);
        return result;
    }
    static DeliveryResult transient(std::string why) {
        return {Kind::transient, {}, std::move(why), {}, {}};
    }
    static DeliveryResult rate_limited(Duration wait) {
        return {Kind::rate_limited, wait, {}, {}, {}};
    }
    static DeliveryResult permanent(std::string why) {
        return {Kind::permanent, {}, std::move(why), {}, {}};
    }
};

// Implemented by each chat adapter. `deliver` may complete synchronously or
// later, but always on the runtime's thread, and exactly once. `id` is the
// outbox row id, stable across retries (Matrix uses it as transaction id); a
// negative id is a reply sent directly, without a row (the refusal while the
// database cannot be written): unique, never retried.
class Deliverer {
public:
    // What the outbox knows about a row it hands over (deliver_queued).
    struct Queued {
        TimePoint queued_at{}; // when the row was written: every attempt came later
        // An earlier attempt (in this run, or in one before a restart) may have reached the
        // platform: an adapter that cannot check that must not simply send again.
        bool may_have_been_sent = true;
        bool is_last_attempt = false; // a transient failure now marks the row failed
    };

    virtual ~Deliverer() = default;
    virtual void deliver(std::int64_t id, const Reply& reply,
                         std::function<void(DeliveryResult)> done) = 0;
    // The outbox's way in; adapters that look for earlier attempts use `queued`.
    virtual void deliver_queued(std::int64_t id, const Queued& queued, const Reply& reply,
                                std::function<void(DeliveryResult)> done) {
        (void)queued;
        deliver(id, reply, std::move(done));
    }
};

struct OutboxPolicy {
    int max_attempts = 8;
    Duration first_retry = std::chrono::seconds(1);
    Duration max_retry = std::chrono::minutes(5);
    int batch = 64;
};

// Delivers outbox rows: one in flight per conversation, oldest first, retries
// with exponential backoff and jitter, waits as long as a rate limit asks
// (without counting an attempt), and marks permanent failures visibly.
class OutboxSender {
public:
    // `random01` returns a uniform number in [0, 1) for jitter (fixed in tests).
    OutboxSender(storage::Database& db, storage::OutboxStore& store, Deliverer& deliverer,
                 const Clock& clock, OutboxPolicy policy, std::function<double()> random01);

    // Starts every delivery that is due now; returns how many finished or were
    // started. Safe to call at any time, also from a delivery's completion.
    int pump();
    // When the next row becomes due, if any is pending and not in flight.
    std::optional<TimePoint> next_due();
    // Deliveries under way (a result waiting to be recorded is not one).
    std::size_t in_flight() const { return m_in_flight.size() - m_unrecorded.size(); }
    std::int64_t pending();
    // The wait before attempt `attempts + 1` (attempts already made >= 1).
    Duration backoff(int attempts) const;
    // Called after every delivery result is recorded, so the owner can re-arm
    // its timer for a retry or a rate-limit wait (deliveries end asynchronously).
    void set_on_settled(std::function<void()> on_settled) { m_on_settled = std::move(on_settled); }
    // Counts deliveries, retries and rate-limit waits; `metrics` must outlive the sender.
    void set_metrics(Metrics& metrics);
    // From now on a row is sent only once `commits` released it: the commit
    // that wrote it is durable (a message must not announce what a power
    // failure could undo). `commits` must outlive the sender.
    void set_commits(CommitPipeline& commits) { m_commits = &commits; }
    // Delivery results are recorded together: `later` runs the recording after
    // the work already queued (the runtime posts it to its loop), so replies
    // answered at the same time cost one commit. Unset, each is recorded at once.
    void set_later(std::function<void(std::function<void()>)> later) { m_later = std::move(later); }

private:
    // Points an Edit (or Unpin) at the posted message it names, and turns a
    // PostBeside into a Post in that message's conversation; false: nothing to do.
    bool resolve_edit(Reply& reply);
    // A delivery attempt that ended; recorded with others in one transaction.
    struct Finished {
        std::int64_t id;
        std::string conversation;
        int attempts;
        DeliveryResult result;
    };
    void finish(Finished done);
    void record_finished();
    // Records one result inside record_finished's transaction; true when it will be retried.
    bool record(const Finished& done, TimePoint now);
    void count(const std::string& conversation, const DeliveryResult& result,
               bool will_retry) const;
    // The newest row that may be sent (asks for the rows written since).
    std::int64_t released();

    storage::Database& m_db;
    storage::OutboxStore& m_store;
    Deliverer& m_deliverer;
    const Clock& m_clock;
    OutboxPolicy m_policy;
    std::function<double()> m_random01;
    std::function<void()> m_on_settled;
    std::set<std::string> m_in_flight;
    // Results the database refused to record (full disk). Their conversations
    // stay in m_in_flight, so a delivered message is not sent again on every
    // pump; recording is retried by the next pumps.
    std::vector<Finished> m_unrecorded;
    std::vector<Finished> m_finished; // results waiting for record_finished
    std::function<void(std::function<void()>)> m_later;
    bool m_record_scheduled = false;
    bool m_pumping = false;
    bool m_repump = false;
    CommitPipeline* m_commits = nullptr;
    std::int64_t m_newest_at_start = 0; // rows up to this id were written by an earlier run
    Counter* m_deliveries = nullptr;
    Counter* m_retries = nullptr;
    Counter* m_rate_limit_waits = nullptr;
    Counter* m_rate_limit_seconds = nullptr;
};

} // namespace onevoice::bot
