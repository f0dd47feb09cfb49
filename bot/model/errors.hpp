#pragma once

#include <stdexcept>
#include <string>

namespace onevoice::bot {

// Bad user input. The router rolls the command back and answers the requester
// only, with `what()` (already translated) and the usage line of the command.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& what)
        : std::runtime_error(what) {}
};

// The requester lacks a role. Handled like UsageError.
class PermissionError : public UsageError {
public:
    using UsageError::UsageError;
};

// A bad config file, environment variable or flag. `main` prints one line
// naming the key and the problem and exits with code 2.
class ConfigError : public std::runtime_error {
public:
    ConfigError(std::string key, const std::string& problem)
        : std::runtime_error(key + ": " + problem)
        , m_key(std::move(key)) {}
    const std::string& key() const noexcept { return m_key; }

private:
    std::string m_key;
};

} // namespace onevoice::bot
