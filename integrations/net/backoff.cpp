#include "integrations/net/backoff.hpp"

#include <algorithm>
#include <memory>
#include <random>

namespace onevoice::integrations::net {

Backoff::Backoff(Duration base, Duration cap, std::function<double()> random01)
    : m_base(std::max(base, Duration{1}))
    , m_cap(std::max(cap, m_base))
    , m_random01(std::move(random01)) {
    if (!m_random01) {
        auto engine = std::make_shared<std::mt19937>(std::random_device{}());
        m_random01 = [engine] {
            return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
        };
    }
}

Backoff::Duration Backoff::next() {
    // Double until the cap; stop shifting early so base << n cannot overflow.
    Duration ceiling = m_base;
    for (int i = 0; i < m_attempt && ceiling < m_cap; ++i) {
        ceiling *= 2;
    }
    ceiling = std::min(ceiling, m_cap);
    ++m_attempt;
    const double r = std::clamp(m_random01(), 0.0, 1.0);
    const auto half = ceiling / 2;
    const auto jitter = Duration{
        static_cast<Duration::rep>(static_cast<double>(ceiling.count() - half.count()) * r)};
    return half + jitter;
}

} // namespace onevoice::integrations::net
