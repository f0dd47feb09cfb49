#pragma once

#include "bot/model/catalog.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/mention.hpp"
#include "bot/runtime/timed_work.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace onevoice::storage {
class Database;
class ListenStore;
struct ListenSourceRow;
} // namespace onevoice::storage

namespace onevoice::bot {

class Counter;
class Metrics;
class OutboxWriter;

struct SourcePollerSettings {
    int max_in_flight = 4;
    // Failures back off from the source's interval, doubling up to this.
    Duration max_backoff = std::chrono::hours(6);
    // The longest a rate limit's Retry-After is honoured (a broken header
    // must not silence a source for a month).
    Duration max_retry_after = std::chrono::hours(24);
};

// Stores a poll's mentions inside the poller's transaction and returns how
// many were new (commands::ListenIngest, wired by the app: bot/ does not know
// commands/).
using IngestFunction =
    std::function<int(std::int64_t source_id, const std::vector<Mention>& mentions, TimePoint now)>;

// Polls the listening sources when they are due (issue #8): at most
// `max_in_flight` fetches at a time, earliest due first. When a fetch ends it
// runs, in one transaction: the ingest, the source's bookkeeping (validators,
// item count, next poll; or the error with a backoff that doubles from the
// interval up to max_backoff, or the rate limit's Retry-After), and the
// answers to `listen poll` requests that are complete ("<source>: N new
// mentions", catalog keys of commands/listening/listen_messages.cpp). A failing source
// never stops the others; a failed transaction is logged and the source
// retried after its backoff. After each committed ingest `on_ingested(now)`
// runs (spike detection). Runs on the runtime's thread.
class SourcePoller final : public TimedWork {
public:
    SourcePoller(storage::Database& db, storage::ListenStore& store, MentionFetcher& fetcher,
                 OutboxWriter& outbox, const Catalog& catalog, const Clock& clock,
                 IngestFunction ingest, SourcePollerSettings settings = {});
    ~SourcePoller() override;
    SourcePoller(const SourcePoller&) = delete;
    SourcePoller& operator=(const SourcePoller&) = delete;

    void set_on_ingested(std::function<void(TimePoint)> on_ingested) {
        m_on_ingested = std::move(on_ingested);
    }

    // The earliest next poll of a source not in flight; nullopt when no
    // source exists or max_in_flight fetches are running.
    std::optional<TimePoint> next_due() override;
    // Starts the fetches of the sources due at `now`.
    void run_due(TimePoint now) override;
    void set_on_change(std::function<void()> on_change) override {
        m_on_change = std::move(on_change);
    }
    std::size_t in_flight() const { return m_in_flight.size(); }
    // Counts finished polls and failed ones; `metrics` must outlive the poller.
    void set_metrics(Metrics& metrics);

    // The wait after the `failures`-th consecutive failure (1, 2...) of a
    // source polled every `interval`.
    Duration backoff(Duration interval, int failures) const;

private:
    void start(const storage::ListenSourceRow& source, TimePoint now);
    void finish(std::int64_t source_id, TimePoint started, const FetchResult& result);
    // Records the outcome; returns false when the transaction failed.
    bool record(const storage::ListenSourceRow& source, TimePoint started,
                const FetchResult& result, TimePoint now);
    void answer_requests();

    storage::Database& m_db;
    storage::ListenStore& m_store;
    MentionFetcher& m_fetcher;
    OutboxWriter& m_outbox;
    const Catalog& m_catalog;
    const Clock& m_clock;
    IngestFunction m_ingest;
    SourcePollerSettings m_settings;
    std::function<void(TimePoint)> m_on_ingested;
    std::function<void()> m_on_change;
    std::map<std::int64_t, TimePoint> m_in_flight; // source id -> started
    // Sources whose poll could not be stored, held back until then.
    std::map<std::int64_t, TimePoint> m_held;
    // Completions check it: a fetch that ends after the poller is gone is dropped.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    Counter* m_polls = nullptr;
    Counter* m_poll_errors = nullptr;
};

// The name a source goes by in replies: "#3 rss https://example.com/feed".
std::string source_label(const storage::ListenSourceRow& source);

} // namespace onevoice::bot
