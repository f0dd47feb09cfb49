#pragma once

// Internal to bot/app/config.cpp and bot/app/config_file.cpp, which share how values are checked
// and how errors are worded, so that a flag and its file key accept the same values.

#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace onevoice::bot::detail {

// ConfigError promises one line, but keys and values quoted from the file or the command line
// may hold control characters (a quoted TOML key can contain "\n").
inline std::string one_line(std::string_view text) {
    std::string line(text);
    for (char& c : line) {
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
            c = ' ';
        }
    }
    return line;
}

[[noreturn]] inline void fail(std::string_view key, std::string_view problem) {
    throw ConfigError(one_line(key), one_line(problem));
}

inline bool has_space(std::string_view text) {
    return std::ranges::any_of(text, [](char c) { return c == ' ' || c == '\t'; });
}

template <typename T>
struct Choice {
    std::string_view name;
    T value;
};

inline constexpr std::array<Choice<std::string_view>, 3> k_adapters{
    {{"console", "console"}, {"slack", "slack"}, {"matrix", "matrix"}}};
inline constexpr std::array<Choice<Locale>, 2> k_locales{{{"en", Locale::en}, {"de", Locale::de}}};
inline constexpr std::array<Choice<LogLevel>, 4> k_log_levels{{{"debug", LogLevel::debug},
                                                               {"info", LogLevel::info},
                                                               {"warn", LogLevel::warn},
                                                               {"error", LogLevel::error}}};
inline constexpr std::array<Choice<LogFormat>, 2> k_log_formats{
    {{"text", LogFormat::text}, {"json", LogFormat::json}}};

// The value named `text`, or a ConfigError listing the choices: `must be "en" or "de", not "fr"`.
template <typename T, std::size_t N>
T pick(const std::array<Choice<T>, N>& choices, std::string_view key, std::string_view text) {
    for (const auto& choice : choices) {
        if (choice.name == text) {
            return choice.value;
        }
    }
    std::string problem = "must be ";
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) {
            problem += i + 1 == N ? " or " : ", ";
        }
        problem += '"' + std::string(choices[i].name) + '"';
    }
    fail(key, problem + ", not \"" + std::string(text) + '"');
}

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
        fail(key, "must be host:port, like \"127.0.0.1:9477\"");
    }
    return ListenAddress{std::string(host), number};
}

// Reads the TOML file at `path` into `config`, key by key, and sets `config.config_path`. Throws
// ConfigError naming the path (unreadable file, syntax error) or the dotted key.
void read_config_file(const std::string& path, Config& config, const ZoneValidator& is_zone);

} // namespace onevoice::bot::detail
