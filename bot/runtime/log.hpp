#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace onevoice::bot {

// `off` is for tests only; no flag or key selects it.
enum class LogLevel { debug, info, warn, error, off };
enum class LogFormat { text, json };

// Process-wide logging to stderr: human-readable lines by default, JSON lines
// with --log-format json. Thread-safe. Never pass a secret: types holding
// secrets only hand out their redacted form.
namespace log {

using Fields = std::initializer_list<std::pair<std::string_view, std::string>>;

void configure(LogLevel level, LogFormat format);
void debug(std::string_view message, Fields fields = {});
void info(std::string_view message, Fields fields = {});
void warn(std::string_view message, Fields fields = {});
void error(std::string_view message, Fields fields = {});

// A short random id ("7f3a") that ties a user's "Something went wrong" to a log line.
std::string incident_id();

} // namespace log
} // namespace onevoice::bot
