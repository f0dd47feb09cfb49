// Spike detection: the last hour of each query against its rolling baseline.
#include "commands/listening/listen_spikes.hpp"

#include <algorithm>
#include <cmath>

namespace onevoice::commands {
namespace {

constexpr auto k_hour = std::chrono::hours(1);
// The baseline: each of the last 24 hours, and the same hour on the 6 days
// before those (the day before is hour 24, already among the 24).
constexpr int k_recent_hours = 24;
constexpr int k_baseline_days = 7;
// MAD × 1.4826 estimates the standard deviation for normal data; a baseline
// that never moves (MAD 0) still gets a spread of one mention, so one extra
// mention is not an infinite z-score.
constexpr double k_mad_scale = 1.4826;
constexpr double k_min_spread = 1.0;

double sensitivity_factor(std::string_view sensitivity) {
    if (sensitivity == "low") {
        return 1.5;
    }
    if (sensitivity == "high") {
        return 0.7;
    }
    return 1.0;
}

double min_count_for(const SpikeSettings& settings, std::string_view sensitivity) {
    return std::ceil(settings.min_count * sensitivity_factor(sensitivity));
}

} // namespace

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0;
    }
    std::ranges::sort(values);
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

SpikeCheck check_volume(std::int64_t count, std::span<const std::int64_t> samples,
                        const SpikeSettings& settings, std::string_view sensitivity) {
    std::vector<double> values(samples.begin(), samples.end());
    const double center = median(values);
    std::vector<double> deviations;
    for (const double v : values) {
        deviations.push_back(std::abs(v - center));
    }
    const double spread = std::max(k_mad_scale * median(deviations), k_min_spread);
    SpikeCheck check;
    check.level = static_cast<double>(count);
    check.baseline = center;
    check.z = (check.level - center) / spread;
    const double z_threshold = settings.z_threshold * sensitivity_factor(sensitivity);
    check.threshold = std::max(min_count_for(settings, sensitivity), center + z_threshold * spread);
    check.is_spike = check.level >= check.threshold;
    check.is_normal = check.level < (check.baseline + check.threshold) / 2.0;
    return check;
}

SpikeCheck check_negative(std::int64_t count, std::int64_t negative, std::int64_t baseline_count,
                          std::int64_t baseline_negative, const SpikeSettings& settings,
                          std::string_view sensitivity) {
    SpikeCheck check;
    check.level = count > 0 ? static_cast<double>(negative) / static_cast<double>(count) : 0.0;
    check.baseline = baseline_count > 0 ? static_cast<double>(baseline_negative) /
                                              static_cast<double>(baseline_count)
                                        : 0.0;
    const double jump = settings.negative_share_jump * sensitivity_factor(sensitivity);
    check.threshold = std::min(1.0, check.baseline + jump);
    const bool has_volume = static_cast<double>(count) >= min_count_for(settings, sensitivity);
    check.is_spike = has_volume && check.level >= check.threshold;
    check.is_normal = !has_volume || check.level < check.baseline + jump / 2.0;
    return check;
}

SpikeAlerts::SpikeAlerts(storage::DigestStore& store, storage::ListenStore& queries,
                         DeclareCrisis declare_crisis, const bot::HandlerContext& context,
                         SpikeSettings settings, PlaceOf place_of)
    : m_store(store)
    , m_queries(queries)
    , m_declare_crisis(std::move(declare_crisis))
    , m_context(context)
    , m_settings(settings)
    , m_place_of(std::move(place_of)) {}

std::vector<bot::Reply> SpikeAlerts::check(bot::TimePoint now) {
    std::vector<bot::Reply> replies;
    for (const storage::ListenQueryRow& query : m_queries.queries()) {
        if (!query.is_muted_at(bot::to_millis(now))) {
            check_query(query, now, replies);
        }
    }
    return replies;
}

void SpikeAlerts::check_query(const storage::ListenQueryRow& query, bot::TimePoint now,
                              std::vector<bot::Reply>& replies) {
    const int hours = k_baseline_days * 24 + 1;
    std::vector<storage::HourCount> by_hour(static_cast<std::size_t>(hours));
    for (const storage::HourCount& row : m_store.hourly(query.id, bot::to_millis(now), hours)) {
        by_hour[static_cast<std::size_t>(row.hours_ago)] = row;
    }
    std::vector<std::int64_t> samples;
    std::int64_t baseline_count = 0;
    std::int64_t baseline_negative = 0;
    const auto sample = [&](int ago) {
        const storage::HourCount& hour = by_hour[static_cast<std::size_t>(ago)];
        samples.push_back(hour.count);
        baseline_count += hour.count;
        baseline_negative += hour.negative;
    };
    for (int ago = 1; ago <= k_recent_hours; ++ago) {
        sample(ago);
    }
    for (int day = 2; day <= k_baseline_days; ++day) {
        sample(day * 24);
    }
    const storage::HourCount& last = by_hour[0];
    update_alert(query, "volume", check_volume(last.count, samples, m_settings, query.sensitivity),
                 last.count, now, replies);
    update_alert(query, "negative",
                 check_negative(last.count, last.negative, baseline_count, baseline_negative,
                                m_settings, query.sensitivity),
                 last.count, now, replies);
}

void SpikeAlerts::update_alert(const storage::ListenQueryRow& query, std::string_view kind,
                               const SpikeCheck& check, std::int64_t count, bot::TimePoint now,
                               std::vector<bot::Reply>& replies) {
    const auto open = m_store.open_alert_for(query.id, kind);
    if (open) {
        if (check.is_normal) {
            m_store.close_alert(open->id, bot::to_millis(now));
        }
        return; // one alert per spike, not one per poll
    }
    if (!check.is_spike) {
        return;
    }
    storage::SpikeAlertRow alert;
    alert.query_id = query.id;
    alert.kind = std::string(kind);
    alert.hour_start = bot::to_millis(now - k_hour);
    alert.count = count;
    alert.baseline = check.baseline;
    alert.threshold = check.threshold;
    if (kind == "negative") {
        alert.negative_share = check.level;
    }
    alert.created_at = bot::to_millis(now);
    alert.id = m_store.open_alert(alert);
    replies.push_back(alert_message(alert, query));
}

std::vector<storage::DigestMention> SpikeAlerts::top_of(const storage::SpikeAlertRow& alert,
                                                        int limit) {
    const std::int64_t end = alert.hour_start + std::chrono::milliseconds(k_hour).count();
    auto top = m_store.top_negative(alert.query_id, alert.hour_start, end, limit);
    if (top.empty()) {
        top = m_store.top_mentions(alert.query_id, alert.hour_start, end, limit);
    }
    return top;
}

} // namespace onevoice::commands
