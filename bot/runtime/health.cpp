#include "bot/runtime/health.hpp"

#include "bot/runtime/chat_adapter.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "storage/outbox_store.hpp"
#include "storage/write_probe.hpp"

#include <algorithm>

namespace onevoice::bot {

HealthCheck::HealthCheck(storage::Database& db, storage::OutboxStore& outbox,
                         const ChatAdapter& adapter, const Clock& clock, Metrics& metrics)
    : m_outbox(outbox)
    , m_adapter(adapter)
    , m_clock(clock)
    , m_probe(std::make_unique<storage::WriteProbe>(db))
    , m_pending(metrics.gauge("outbox_pending", "Outbox messages waiting to be delivered."))
    , m_oldest_age(metrics.gauge("outbox_oldest_pending_age_seconds",
                                 "Age of the oldest pending outbox message (0 when none)."))
    , m_connected(metrics.gauge("chat_connected",
                                "1 when the chat connection is up, else 0, by platform.",
                                {"platform"})) {}

HealthCheck::~HealthCheck() = default;

HealthReport HealthCheck::check() {
    if (const std::string problem = m_probe->problem(); !problem.empty()) {
        return {false, "database not writable: " + problem};
    }
    if (!m_adapter.is_connected()) {
        return {false, "chat connection (" + std::string(m_adapter.platform()) + ") is down"};
    }
    return {};
}

void HealthCheck::update_gauges() {
    m_connected.set({std::string(m_adapter.platform())}, m_adapter.is_connected() ? 1 : 0);
    try {
        m_pending.set(static_cast<double>(m_outbox.pending_count()));
        const auto oldest = m_outbox.oldest_pending_created_at();
        const auto age = oldest ? m_clock.now() - from_millis(*oldest) : Duration{0};
        m_oldest_age.set(std::max(0.0, std::chrono::duration<double>(age).count()));
    } catch (const std::exception& e) {
        // The scrape still answers, with the last values; the log says why.
        log::warn("could not read the outbox for the metrics", {{"error", e.what()}});
    }
}

} // namespace onevoice::bot
