#include "bench/stats.hpp"

#include <algorithm>
#include <cmath>

namespace onevoice::bench {

double Latencies::percentile(double p) {
    if (m_samples.empty()) {
        return 0;
    }
    if (!m_sorted) {
        std::sort(m_samples.begin(), m_samples.end());
        m_sorted = true;
    }
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(m_samples.size())));
    return m_samples[std::clamp<std::size_t>(rank, 1, m_samples.size()) - 1];
}

LatencySummary summarize(Latencies& latencies) {
    LatencySummary out;
    out.count = latencies.count();
    out.p50_ms = latencies.percentile(50) / 1000.0;
    out.p99_ms = latencies.percentile(99) / 1000.0;
    out.p999_ms = latencies.percentile(99.9) / 1000.0;
    out.max_ms = latencies.percentile(100) / 1000.0;
    return out;
}

} // namespace onevoice::bench
