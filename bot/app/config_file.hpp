#pragma once

// Internal to bot/app/config.cpp and bot/app/config_file.cpp, which share how values are checked
// and how errors are worded, so that a flag and its file key accept the same values.

#include "bot/app/config.hpp"
#include "bot/runtime/config_value.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace onevoice::bot::detail {

inline constexpr std::array<Choice<std::string_view>, 3> k_adapters{
    {{"console", "console"}, {"slack", "slack"}, {"matrix", "matrix"}}};
inline constexpr std::array<Choice<Locale>, 2> k_locales{{{"en", Locale::en}, {"de", Locale::de}}};
inline constexpr std::array<Choice<LogLevel>, 4> k_log_levels{{{"debug", LogLevel::debug},
                                                               {"info", LogLevel::info},
                                                               {"warn", LogLevel::warn},
                                                               {"error", LogLevel::error}}};
inline constexpr std::array<Choice<LogFormat>, 2> k_log_formats{
    {{"text", LogFormat::text}, {"json", LogFormat::json}}};

// "host:port" or "[v6-address]:port" as a ListenAddress, or a ConfigError naming `key`.
inline ListenAddress listen_address(std::string_view key, std::string_view text) {
    const auto colon = text.rfind(':');
    std::string_view host = colon == std::string_view::npos ? text : text.substr(0, colon);
    const std::string_view port = colon == std::string_view::npos ? "" : text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const bool is_number = !port.empty() && port.size() <= 5 &&
                           std::ranges::all_of(port, [](char c) { return c >= '0' && c <= '9'; });
    const int number = is_number ? std::stoi(std::string(port)) : -1;
    if (host.empty() || has_space(host) || number < 0 || number > 65535) {
        fail_config(key, "must be host:port, like \"127.0.0.1:9477\"");
    }
    return ListenAddress{std::string(host), number};
}

// Reads the TOML file at `path` into `config`, key by key, and sets `config.config_path`. Throws
// ConfigError naming the path (unreadable file, syntax error) or the dotted key.
void read_config_file(const std::string& path, Config& config, const ZoneValidator& is_zone);

} // namespace onevoice::bot::detail
