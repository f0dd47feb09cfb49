#include "bot/runtime/log.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>

namespace onevoice::bot::log {
namespace {

struct State {
    std::mutex mutex;
    LogLevel level = LogLevel::info;
    LogFormat format = LogFormat::text;
};

State& state() {
    static State s;
    return s;
}

std::string_view level_name(LogLevel level) {
    switch (level) {
    case LogLevel::debug:
        return "debug";
    case LogLevel::info:
        return "info";
    case LogLevel::warn:
        return "warn";
    case LogLevel::error:
    case LogLevel::off:
        break;
    }
    return "error";
}

std::string timestamp() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    char out[40];
    std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(millis));
    return out;
}

void write(LogLevel level, std::string_view message, Fields fields) {
    State& s = state();
    std::string line;
    {
        std::lock_guard lock(s.mutex);
        if (level < s.level) {
            return;
        }
        if (s.format == LogFormat::json) {
            nlohmann::json j = {
                {"ts", timestamp()}, {"level", level_name(level)}, {"msg", std::string(message)}};
            for (const auto& [key, value] : fields) {
                j[std::string(key)] = value;
            }
            line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        } else {
            line = timestamp() + " " + std::string(level_name(level)) + " " + std::string(message);
            for (const auto& [key, value] : fields) {
                line += " " + std::string(key) + "=" + value;
            }
        }
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
}

} // namespace

void configure(LogLevel level, LogFormat format) {
    std::lock_guard lock(state().mutex);
    state().level = level;
    state().format = format;
}

void debug(std::string_view message, Fields fields) {
    write(LogLevel::debug, message, fields);
}
void info(std::string_view message, Fields fields) {
    write(LogLevel::info, message, fields);
}
void warn(std::string_view message, Fields fields) {
    write(LogLevel::warn, message, fields);
}
void error(std::string_view message, Fields fields) {
    write(LogLevel::error, message, fields);
}

std::string incident_id() {
    static std::mutex mutex;
    static std::mt19937 engine{std::random_device{}()};
    std::lock_guard lock(mutex);
    char out[8];
    std::snprintf(out, sizeof out, "%04x", static_cast<unsigned>(engine() & 0xffff));
    return out;
}

} // namespace onevoice::bot::log
