#pragma once

#include "bot/model/clock.hpp"

#include <chrono>
#include <optional>

namespace onevoice::integrations::net {

// Measures how long a chat connection was down, for the "back online" notice
// (issue 3): from the first loss until the next working connection. Uses the
// steady clock: the outage is real time even where the bot's Clock is faked.
class OfflineClock {
public:
    // The connection is gone; a second loss before reconnecting changes nothing.
    void on_lost() {
        if (!m_since) {
            m_since = std::chrono::steady_clock::now();
        }
    }
    // Connected again: how long it was offline, or nullopt if it never was.
    std::optional<bot::Duration> on_connected() {
        if (!m_since) {
            return std::nullopt;
        }
        const auto offline =
            std::chrono::duration_cast<bot::Duration>(std::chrono::steady_clock::now() - *m_since);
        m_since.reset();
        return offline;
    }

private:
    std::optional<std::chrono::steady_clock::time_point> m_since;
};

} // namespace onevoice::integrations::net
