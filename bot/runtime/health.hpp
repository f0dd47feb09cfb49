#pragma once

#include "bot/model/clock.hpp"

#include <memory>
#include <string>

namespace onevoice::storage {
class Database;
class OutboxStore;
class WriteProbe;
} // namespace onevoice::storage

namespace onevoice::bot {

class ChatAdapter;
class Gauge;
class Metrics;

struct HealthReport {
    bool is_healthy = true;
    std::string reason; // why not, one line for the operator; empty when healthy
};

// Answers /healthz and sets the gauges that are computed when /metrics is
// scraped. Runs on the runtime's thread only (the HTTP endpoint posts its
// questions there), because the database connection and the adapter belong
// to it. Everything passed in must outlive it.
class HealthCheck {
public:
    HealthCheck(storage::Database& db, storage::OutboxStore& outbox, const ChatAdapter& adapter,
                const Clock& clock, Metrics& metrics);
    ~HealthCheck();
    HealthCheck(const HealthCheck&) = delete;
    HealthCheck& operator=(const HealthCheck&) = delete;

    // Healthy when the database takes a write and the chat connection is up.
    HealthReport check();
    // Outbox depth, the age of its oldest pending message, the chat connection.
    void update_gauges();

private:
    storage::OutboxStore& m_outbox;
    const ChatAdapter& m_adapter;
    const Clock& m_clock;
    std::unique_ptr<storage::WriteProbe> m_probe;
    Gauge& m_pending;
    Gauge& m_oldest_age;
    Gauge& m_connected;
};

} // namespace onevoice::bot
