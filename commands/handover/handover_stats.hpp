#pragma once

#include "bot/model/clock.hpp"
#include "storage/handover_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace onevoice::commands {

// Times of one kind (to first response, to answer) over a set of handovers.
// Percentiles are nearest-rank: the value at position ceil(p * n) of the
// sorted times, so the median of 4 values is the 2nd, their p90 the 4th.
struct TimingSummary {
    int count = 0; // handovers that have this time at all
    std::optional<bot::Duration> median;
    std::optional<bot::Duration> p90;
};

struct StatsGroup {
    std::string name; // topic or user key; "" for the total
    int count = 0;
    int overdue = 0; // escalated, or still waiting past the deadline
    TimingSummary first_response;
    TimingSummary answer;
    // 0..100, rounded to the nearest whole percent.
    int overdue_percent() const { return count == 0 ? 0 : (overdue * 200 + count) / (count * 2); }
};

struct HandoverStats {
    StatsGroup total;
    std::vector<StatsGroup> by_topic;  // by topic name
    std::vector<StatsGroup> by_expert; // by the current assignee's user key
};

// The nearest-rank percentile `p` (0 < p <= 1) of `values`; nullopt when empty.
std::optional<bot::Duration> percentile(std::vector<bot::Duration> values, double p);

// Figures for `handover stats` over `handovers` (already limited to the period),
// judged at `now` (a still-open handover past its deadline counts as overdue).
HandoverStats compute_stats(const std::vector<storage::HandoverRow>& handovers, bot::TimePoint now);

} // namespace onevoice::commands
