#pragma once

#include "bot/runtime/adapter_state.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::tests {

// Adapter state kept in a map, for adapter tests without a database.
class MemoryState final : public bot::AdapterState {
public:
    std::optional<std::string> get(std::string_view key) override {
        const auto it = values.find(std::string(key));
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    bool put(std::string_view key, std::string_view value) override {
        values[std::string(key)] = std::string(value);
        return true;
    }
    std::map<std::string, std::string> values;
};

} // namespace onevoice::tests
