#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::bot {

// Label values in the order of the family's label names.
using LabelValues = std::vector<std::string>;

// What a family of series has in common: its name (without the "onevoice_"
// prefix), help text and label names. Each series is one combination of label
// values. Thread-safe: the runtime's thread counts, the HTTP thread renders.
class MetricFamily {
public:
    MetricFamily(std::string name, std::string help, std::vector<std::string> label_names);
    virtual ~MetricFamily() = default;
    MetricFamily(const MetricFamily&) = delete;
    MetricFamily& operator=(const MetricFamily&) = delete;

    const std::string& name() const { return m_name; }
    const std::vector<std::string>& label_names() const { return m_label_names; }
    virtual std::string_view type() const = 0;
    // Appends the HELP and TYPE lines and every series (Prometheus text format 0.0.4).
    void render(std::string& out) const;

protected:
    // Throws std::invalid_argument when `values` does not match the label names.
    void check(const LabelValues& values) const;
    virtual void render_series(std::string& out) const = 0;
    mutable std::mutex m_mutex;

private:
    std::string m_name;
    std::string m_help;
    std::vector<std::string> m_label_names;
};

// A value that only goes up (events, commands, retries).
class Counter final : public MetricFamily {
public:
    using MetricFamily::MetricFamily;
    std::string_view type() const override { return "counter"; }
    // Adds `amount` (>= 0; a negative amount is ignored) to the series `values`.
    void inc(const LabelValues& values = {}, double amount = 1.0);
    double value(const LabelValues& values = {}) const;

private:
    void render_series(std::string& out) const override;
    std::map<LabelValues, double> m_values;
};

// A value that is set (queue depth, connection state).
class Gauge final : public MetricFamily {
public:
    using MetricFamily::MetricFamily;
    std::string_view type() const override { return "gauge"; }
    void set(const LabelValues& values, double value);
    void set(double value) { set({}, value); }
    double value(const LabelValues& values = {}) const;

private:
    void render_series(std::string& out) const override;
    std::map<LabelValues, double> m_values;
};

// Observations counted into fixed buckets (upper bounds, ascending); rendered
// as cumulative `_bucket{le=...}` series plus `_sum` and `_count`.
class Histogram final : public MetricFamily {
public:
    Histogram(std::string name, std::string help, std::vector<double> buckets,
              std::vector<std::string> label_names);
    std::string_view type() const override { return "histogram"; }
    void observe(double value, const LabelValues& values = {});
    // Observations so far in the series `values`.
    std::uint64_t count(const LabelValues& values = {}) const;

private:
    struct Series {
        std::vector<std::uint64_t> buckets; // per bucket, not cumulative; last is +Inf
        double sum = 0;
        std::uint64_t count = 0;
    };
    void render_series(std::string& out) const override;
    std::vector<double> m_bounds;
    std::map<LabelValues, Series> m_series;
};

// The registry behind /metrics. Families are created on first use and live
// as long as the registry; asking again for a name returns the same family
// (std::invalid_argument if its kind or labels differ), so components that
// share a metric need not know each other. Thread-safe.
class Metrics {
public:
    Metrics() = default;
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    Counter& counter(const std::string& name, const std::string& help,
                     std::vector<std::string> label_names = {});
    Gauge& gauge(const std::string& name, const std::string& help,
                 std::vector<std::string> label_names = {});
    Histogram& histogram(const std::string& name, const std::string& help,
                         std::vector<double> buckets, std::vector<std::string> label_names = {});

    // Every family in name order; names are prefixed with "onevoice_".
    std::string render() const;

private:
    template <typename T, typename Make>
    T& family(const std::string& name, const std::vector<std::string>& label_names, Make make);

    mutable std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<MetricFamily>, std::less<>> m_families;
};

// What a chat adapter reports: events received, the time from receiving an
// event to acknowledging it, and reconnects. Default-constructed it counts
// nothing, so adapters work without a registry (unit tests).
class ChatMetrics {
public:
    ChatMetrics() = default;
    ChatMetrics(Metrics& metrics, std::string platform);

    void event(std::string_view type) const;
    // Wraps `ack` so that calling it also records the time since this call.
    // Measured on the steady clock: latency is real time even where the bot's
    // Clock is faked.
    std::function<void()> timed_ack(std::function<void()> ack) const;
    void reconnect() const;

private:
    std::string m_platform;
    Counter* m_events = nullptr;
    Histogram* m_ack_latency = nullptr;
    Counter* m_reconnects = nullptr;
};

} // namespace onevoice::bot
