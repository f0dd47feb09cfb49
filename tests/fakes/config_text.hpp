#pragma once

#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <map>
#include <optional>
#include <string>

namespace onevoice::tests {

// The Config that `toml` as the config file and `env` as the environment give.
inline bot::Config load_config_text(const std::string& toml,
                                    std::map<std::string, std::string> env = {}) {
    const TempDir dir;
    const std::string path = dir.write("onevoice.toml", toml);
    return bot::load_config(
        {"--config", path},
        [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
            const auto it = env.find(std::string(name));
            return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
        },
        {});
}

// The ConfigError message `toml` causes, or "no error".
inline std::string config_problem(const std::string& toml,
                                  std::map<std::string, std::string> env = {}) {
    try {
        load_config_text(toml, std::move(env));
    } catch (const bot::ConfigError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace onevoice::tests
