#include "commands/listening/source_poller.hpp"

#include "bot/model/fetch_error.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox.hpp"
#include "storage/database.hpp"
#include "storage/listen_store.hpp"

#include <algorithm>
#include <array>

namespace onevoice::bot {
namespace {

constexpr std::array<std::pair<std::string_view, SourceKind>, 4> k_kinds{{
    {"rss", SourceKind::rss},
    {"mastodon", SourceKind::mastodon},
    {"reddit", SourceKind::reddit},
    {"hackernews", SourceKind::hackernews},
}};

SourceSpec spec_of(const storage::ListenSourceRow& source) {
    SourceSpec spec;
    for (const auto& [name, kind] : k_kinds) {
        if (name == source.kind) {
            spec.kind = kind;
        }
    }
    spec.target = source.target;
    spec.term = source.term;
    return spec;
}

Duration interval_of(const storage::ListenSourceRow& source) {
    return std::chrono::seconds(std::max<std::int64_t>(source.interval_seconds, 60));
}

} // namespace

std::string source_label(const storage::ListenSourceRow& source) {
    std::string label = "#" + std::to_string(source.id) + " " + source.kind;
    if (!source.target.empty()) {
        label += " " + source.target;
    }
    if (!source.term.empty()) {
        label += source.kind == "mastodon" ? " #" + source.term : " " + source.term;
    }
    return label;
}

SourcePoller::SourcePoller(storage::Database& db, storage::ListenStore& store,
                           MentionFetcher& fetcher, OutboxWriter& outbox, const Catalog& catalog,
                           const Clock& clock, IngestFunction ingest, SourcePollerSettings settings)
    : m_db(db)
    , m_store(store)
    , m_fetcher(fetcher)
    , m_outbox(outbox)
    , m_catalog(catalog)
    , m_clock(clock)
    , m_ingest(std::move(ingest))
    , m_settings(settings) {}

SourcePoller::~SourcePoller() {
    *m_alive = false;
}

Duration SourcePoller::backoff(Duration interval, int failures) const {
    const Duration cap = std::max(interval, m_settings.max_backoff);
    Duration wait = interval;
    for (int i = 1; i < failures && wait < cap; ++i) {
        wait *= 2;
    }
    return std::min(wait, cap);
}

std::optional<TimePoint> SourcePoller::next_due() {
    const auto busy = static_cast<int>(m_in_flight.size() + m_held.size());
    if (static_cast<int>(m_in_flight.size()) >= m_settings.max_in_flight) {
        return std::nullopt;
    }
    std::optional<TimePoint> next;
    for (const auto& [id, at] : m_store.next_polls(busy + 1)) {
        if (m_in_flight.contains(id)) {
            continue;
        }
        TimePoint due = from_millis(at);
        if (const auto held = m_held.find(id); held != m_held.end()) {
            due = std::max(due, held->second);
        }
        if (!next || due < *next) {
            next = due;
        }
    }
    return next;
}

void SourcePoller::run_due(TimePoint now) {
    try {
        const auto free = m_settings.max_in_flight - static_cast<int>(m_in_flight.size());
        if (free <= 0) {
            return;
        }
        std::erase_if(m_held, [now](const auto& held) { return held.second <= now; });
        const auto busy = static_cast<int>(m_in_flight.size() + m_held.size());
        int started = 0;
        for (const auto& source : m_store.due_sources(to_millis(now), free + busy)) {
            if (started == free) {
                break;
            }
            if (m_in_flight.contains(source.id) || m_held.contains(source.id)) {
                continue;
            }
            start(source, now);
            ++started;
        }
    } catch (const std::exception& e) {
        log::error("could not read the listening sources", {{"error", e.what()}});
    }
}

void SourcePoller::start(const storage::ListenSourceRow& source, TimePoint now) {
    m_in_flight[source.id] = now;
    log::debug("polling a source", {{"source", source_label(source)}});
    m_fetcher.fetch(spec_of(source), FetchValidators{source.etag, source.last_modified},
                    [this, alive = std::weak_ptr<bool>(m_alive), id = source.id,
                     started = now](FetchResult result) {
                        const auto is_alive = alive.lock();
                        if (is_alive && *is_alive) {
                            finish(id, started, result);
                        }
                    });
}

void SourcePoller::set_metrics(Metrics& metrics) {
    m_polls = &metrics.counter("source_polls_total", "Listening source polls finished.");
    m_poll_errors = &metrics.counter("source_poll_errors_total",
                                     "Listening source polls that failed or were rate limited.");
}

void SourcePoller::finish(std::int64_t source_id, TimePoint started, const FetchResult& result) {
    m_in_flight.erase(source_id);
    if (m_polls != nullptr) {
        m_polls->inc();
        if (result.outcome == FetchResult::Outcome::failed ||
            result.outcome == FetchResult::Outcome::rate_limited) {
            m_poll_errors->inc();
        }
    }
    const TimePoint now = m_clock.now();
    bool ingested = false;
    try {
        storage::Transaction tx(m_db);
        const auto source = m_store.find_source(source_id);
        if (source) {
            ingested = record(*source, started, result, now);
            answer_requests();
        }
        tx.commit();
    } catch (const std::exception& e) {
        // Nothing of this poll is stored; hold the source back so a broken
        // database does not turn into a polling loop.
        log::error("could not store a poll; retrying later",
                   {{"source", std::to_string(source_id)}, {"error", e.what()}});
        m_held[source_id] = now + m_settings.max_backoff / 24;
        ingested = false;
    }
    if (ingested && m_on_ingested) {
        try {
            m_on_ingested(now);
        } catch (const std::exception& e) {
            log::error("spike detection failed", {{"error", e.what()}});
        }
    }
    if (m_on_change) {
        m_on_change();
    }
}

bool SourcePoller::record(const storage::ListenSourceRow& source, TimePoint started,
                          const FetchResult& result, TimePoint now) {
    const std::int64_t at = to_millis(now);
    const Duration interval = interval_of(source);
    const std::string& etag = result.validators.etag.empty() ? source.etag : result.validators.etag;
    const std::string& modified = result.validators.last_modified.empty()
                                      ? source.last_modified
                                      : result.validators.last_modified;
    switch (result.outcome) {
    case FetchResult::Outcome::fresh: {
        const int fresh = m_ingest ? m_ingest(source.id, result.mentions, now) : 0;
        m_store.record_success(source.id, at, etag, modified,
                               static_cast<std::int64_t>(result.mentions.size()),
                               to_millis(now + interval));
        m_store.record_poll_outcome(source.id, to_millis(started), fresh, "");
        log::info("source polled", {{"source", source_label(source)},
                                    {"items", std::to_string(result.mentions.size())},
                                    {"new", std::to_string(fresh)}});
        return true;
    }
    case FetchResult::Outcome::not_modified:
        m_store.record_success(source.id, at, etag, modified, std::nullopt,
                               to_millis(now + interval));
        m_store.record_poll_outcome(source.id, to_millis(started), 0, "");
        return false;
    case FetchResult::Outcome::rate_limited:
    case FetchResult::Outcome::failed:
        break;
    }
    const int failures = source.consecutive_failures + 1;
    Duration wait = backoff(interval, failures);
    FetchError why = result.error;
    if (result.outcome == FetchResult::Outcome::rate_limited) {
        if (result.retry_after) {
            wait = std::clamp<Duration>(*result.retry_after, std::chrono::seconds(1),
                                        m_settings.max_retry_after);
        }
        why.kind = FetchError::Kind::rate_limited;
    } else if (why.empty()) {
        why.kind = FetchError::Kind::network; // a fetcher that gave no reason
    }
    const std::string error = encode_fetch_error(why);
    m_store.record_failure(source.id, at, error, to_millis(now + wait));
    m_store.record_poll_outcome(source.id, to_millis(started), 0, error);
    log::warn("source poll failed", {{"source", source_label(source)},
                                     {"error", describe_fetch_error(m_catalog, error)},
                                     {"failures", std::to_string(failures)}});
    return false;
}

void SourcePoller::answer_requests() {
    for (const storage::PollRequestRow& request : m_store.finished_poll_requests()) {
        std::vector<Inline> lines;
        for (const storage::PollWaitRow& outcome : m_store.poll_outcomes(request.id)) {
            const auto source = m_store.find_source(outcome.source_id);
            const std::string label =
                source ? source_label(*source) : "#" + std::to_string(outcome.source_id);
            if (!outcome.error.empty()) {
                lines.push_back(m_catalog.rich(
                    "listen.poll_failed",
                    {plain(label), plain(describe_fetch_error(m_catalog, outcome.error))}));
            } else {
                lines.push_back(m_catalog.plural_rich(
                    "listen.poll_new", outcome.new_count,
                    {plain(label), plain(std::to_string(outcome.new_count))}));
            }
        }
        m_store.remove_poll_request(request.id);
        if (lines.empty()) {
            continue; // every source it waited for was removed meanwhile
        }
        Reply reply = Reply::to_requester();
        reply.place =
            Place{request.user_platform, request.conversation, request.thread, request.is_direct};
        reply.recipient = UserRef{request.user_platform, request.user_id, request.user_name, ""};
        for (Inline& line : lines) {
            reply.text(std::move(line));
        }
        m_outbox.enqueue(reply);
    }
}

} // namespace onevoice::bot
