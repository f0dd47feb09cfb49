#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace onevoice::bench {

// Latencies of one phase in microseconds. Percentiles use the nearest-rank
// method on the sorted samples, so p99.9 of fewer than 1000 samples is the
// maximum: small phases say so through `count`.
class Latencies {
public:
    void add(double micros) { m_samples.push_back(micros); }
    std::size_t count() const { return m_samples.size(); }
    // p in (0, 100]; 0 when there are no samples. Sorts on first use.
    double percentile(double p);

private:
    std::vector<double> m_samples;
    bool m_sorted = false;
};

// The summary of one phase as printed in JSON: milliseconds, three decimals.
struct LatencySummary {
    std::size_t count = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    double p999_ms = 0;
    double max_ms = 0;
};

LatencySummary summarize(Latencies& latencies);

} // namespace onevoice::bench
