#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::storage {
class Database;
class Settings;
} // namespace onevoice::storage

namespace onevoice::bot {

// Small named values a chat adapter keeps across restarts outside any command
// (Matrix: the access token of a password login, the sync token of a batch
// without commands, direct rooms). Values that must commit with a command's
// effects travel on the command instead (Checkpoint). Used on the runtime's
// thread only.
class AdapterState {
public:
    virtual ~AdapterState() = default;
    virtual std::optional<std::string> get(std::string_view key) = 0;
    // Stores `value` in its own transaction; false (and a log line) when the
    // database refused, so the caller can keep its old value and try again.
    virtual bool put(std::string_view key, std::string_view value) = 0;
};

// AdapterState over the settings table (storage::Settings). `db` must
// outlive it. Keys are prefixed by the adapter ("matrix.since:@bot:example.org").
class SettingsState final : public AdapterState {
public:
    explicit SettingsState(storage::Database& db);
    ~SettingsState() override;

    std::optional<std::string> get(std::string_view key) override;
    bool put(std::string_view key, std::string_view value) override;

private:
    storage::Database& m_db;
    std::unique_ptr<storage::Settings> m_settings;
};

} // namespace onevoice::bot
