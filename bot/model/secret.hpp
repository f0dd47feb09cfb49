#pragma once

#include <string>
#include <utility>

namespace onevoice::bot {

// A token or password. The value leaves this type only through `reveal()`, which the code that
// authenticates calls; logs and error messages use `redacted()`. There is deliberately no
// operator<<, so a Secret cannot end up in a log line by accident (STYLE.md §3).
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value)
        : m_value(std::move(value)) {}

    const std::string& reveal() const { return m_value; }
    bool empty() const { return m_value.empty(); }

    // "xoxb-…(redacted)": keeps a short type prefix such as Slack's "xoxb-" (up to and including
    // the first '-', at most 5 characters) so a log shows which kind of token is in use, else
    // "(redacted)"; "(unset)" when empty.
    std::string redacted() const {
        if (m_value.empty()) {
            return "(unset)";
        }
        const auto dash = m_value.find('-');
        // `dash + 1 < size` so that a value which is nothing but a short prefix is not revealed.
        if (dash != std::string::npos && dash + 1 <= k_max_prefix && dash + 1 < m_value.size()) {
            return m_value.substr(0, dash + 1) + "…(redacted)";
        }
        return "(redacted)";
    }

private:
    static constexpr std::size_t k_max_prefix = 5;
    std::string m_value;
};

} // namespace onevoice::bot
