#pragma once

#include <chrono>
#include <functional>

namespace onevoice::integrations::net {

// Reconnect delays: exponential with a cap and "equal jitter" (AWS
// Architecture Blog, "Exponential Backoff And Jitter"). The n-th delay
// (n = 0, 1, …) lies in [d/2, d] with d = min(cap, base * 2^n), so
// reconnecting clients spread out but never retry immediately.
//
// Not thread-safe; one Backoff per reconnect loop. Call `reset()` once a
// connection proved good (Slack `hello`, the first good Matrix /sync).
class Backoff {
public:
    using Duration = std::chrono::milliseconds;

    // `random01` returns a uniform number in [0, 1); tests pass a fixed one.
    // Without it a std::mt19937 seeded from std::random_device is used.
    Backoff(Duration base, Duration cap, std::function<double()> random01 = {});

    // The delay before the next attempt; each call doubles the ceiling until it reaches `cap`.
    Duration next();
    // Back to `base` for the next call of `next()`.
    void reset() { m_attempt = 0; }
    // How many times `next()` was called since construction or `reset()`.
    int attempts() const { return m_attempt; }

private:
    Duration m_base;
    Duration m_cap;
    std::function<double()> m_random01;
    int m_attempt = 0;
};

} // namespace onevoice::integrations::net
