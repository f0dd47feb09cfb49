#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

namespace onevoice::tests {

// How a platform paces requests (a token bucket): `burst` at once, then one
// more every `interval`, as Slack paces chat.postMessage per channel and
// Synapse's rc_message paces a user's sends. A burst of 0 or less: no pace.
class Allowance {
public:
    using Clock = std::chrono::steady_clock;

    Allowance(int burst, std::chrono::milliseconds interval)
        : m_burst(burst)
        , m_interval(interval)
        , m_tokens(burst) {}

    // Counts a request made at `now` and returns nullopt when it may go; else
    // how long until one may (rounded up to whole milliseconds), not counted.
    std::optional<std::chrono::milliseconds> take(Clock::time_point now) {
        if (m_burst <= 0) {
            return std::nullopt;
        }
        const std::chrono::duration<double, std::milli> interval = m_interval;
        if (m_refilled_at) {
            m_tokens = std::min<double>(m_burst, m_tokens + (now - *m_refilled_at) / interval);
        }
        m_refilled_at = now;
        if (m_tokens >= 1) {
            m_tokens -= 1;
            return std::nullopt;
        }
        return std::chrono::milliseconds(
            static_cast<std::int64_t>(std::ceil((1 - m_tokens) * interval.count())));
    }

private:
    int m_burst;
    std::chrono::milliseconds m_interval;
    double m_tokens;
    std::optional<Clock::time_point> m_refilled_at; // unset: never asked, the burst is whole
};

} // namespace onevoice::tests
