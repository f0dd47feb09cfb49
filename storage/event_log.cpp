#include "storage/event_log.hpp"

namespace onevoice::storage {

EventLog::EventLog(Database& db)
    : m_contains(db, "SELECT 1 FROM inbound_events WHERE event_id = ?1")
    , m_record(db, "INSERT OR IGNORE INTO inbound_events (event_id, received_at) VALUES (?1, ?2)")
    , m_prune(db, "DELETE FROM inbound_events WHERE received_at < ?1")
    , m_db(db) {}

bool EventLog::contains(std::string_view event_id) {
    m_contains.bind(1, event_id);
    const bool found = m_contains.step();
    m_contains.reset();
    return found;
}

bool EventLog::record(std::string_view event_id, std::int64_t received_at) {
    m_record.bind(1, event_id).bind(2, received_at).run();
    return m_db.changes() > 0;
}

int EventLog::prune(std::int64_t before) {
    m_prune.bind(1, before).run();
    return m_db.changes();
}

Settings::Settings(Database& db)
    : m_get(db, "SELECT value FROM settings WHERE key = ?1")
    , m_put(db, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value") {}

std::optional<std::string> Settings::get(std::string_view key) {
    m_get.bind(1, key);
    std::optional<std::string> value;
    if (m_get.step()) {
        value = m_get.get_text(0);
    }
    m_get.reset();
    return value;
}

void Settings::put(std::string_view key, std::string_view value) {
    m_put.bind(1, key).bind(2, value).run();
}

} // namespace onevoice::storage
