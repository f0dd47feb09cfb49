#include "bot/runtime/adapter_state.hpp"

#include "bot/runtime/log.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"

namespace onevoice::bot {

SettingsState::SettingsState(storage::Database& db)
    : m_db(db)
    , m_settings(std::make_unique<storage::Settings>(db)) {}

SettingsState::~SettingsState() = default;

std::optional<std::string> SettingsState::get(std::string_view key) {
    try {
        return m_settings->get(key);
    } catch (const storage::DbError& e) {
        log::error("could not read a setting", {{"key", std::string(key)}, {"error", e.what()}});
        return std::nullopt;
    }
}

bool SettingsState::put(std::string_view key, std::string_view value) {
    try {
        storage::Transaction tx(m_db);
        m_settings->put(key, value);
        tx.commit();
        return true;
    } catch (const storage::DbError& e) {
        log::error("could not store a setting", {{"key", std::string(key)}, {"error", e.what()}});
        return false;
    }
}

} // namespace onevoice::bot
