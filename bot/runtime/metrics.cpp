#include "bot/runtime/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace onevoice::bot {
namespace {

constexpr std::string_view k_prefix = "onevoice_";

// Ack deadlines are seconds (Slack wants an ack within 3 s), commits milliseconds.
const std::vector<double> k_ack_buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,   0.25,   0.5,   1,    2.5,   5};

// Shortest text that reads back as the same double; Prometheus spells the
// special values +Inf, -Inf and NaN.
std::string number(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

// HELP text escapes backslash and line feed; label values also the double quote.
std::string escape(std::string_view text, bool is_label) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && is_label) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    return out;
}

// `{a="x",b="y"}`, with an optional extra label (the histogram's `le`); empty without labels.
std::string label_text(const std::vector<std::string>& names, const LabelValues& values,
                       std::string_view extra_name = {}, std::string_view extra_value = {}) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        out += out.empty() ? "{" : ",";
        out += names[i] + "=\"" + escape(values[i], true) + '"';
    }
    if (!extra_name.empty()) {
        out += out.empty() ? "{" : ",";
        out += std::string(extra_name) + "=\"" + escape(extra_value, true) + '"';
    }
    return out.empty() ? out : out + "}";
}

bool is_valid_name(std::string_view name, bool allow_colon) {
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) {
        return false;
    }
    return std::ranges::all_of(name, [allow_colon](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || (allow_colon && c == ':');
    });
}

} // namespace

MetricFamily::MetricFamily(std::string name, std::string help, std::vector<std::string> label_names)
    : m_name(std::string(k_prefix) + name)
    , m_help(std::move(help))
    , m_label_names(std::move(label_names)) {
    if (!is_valid_name(m_name, true)) {
        throw std::invalid_argument("not a metric name: " + m_name);
    }
    for (const std::string& label : m_label_names) {
        // `le` is the histogram's own; names starting "__" are reserved by Prometheus.
        if (!is_valid_name(label, false) || label == "le" || label.starts_with("__")) {
            throw std::invalid_argument("not a label name: " + label);
        }
    }
}

void MetricFamily::check(const LabelValues& values) const {
    if (values.size() != m_label_names.size()) {
        throw std::invalid_argument(m_name + " takes " + std::to_string(m_label_names.size()) +
                                    " label values, not " + std::to_string(values.size()));
    }
}

void MetricFamily::render(std::string& out) const {
    out += "# HELP " + m_name + " " + escape(m_help, false) + "\n";
    out += "# TYPE " + m_name + " " + std::string(type()) + "\n";
    const std::lock_guard lock(m_mutex);
    render_series(out);
}

void Counter::inc(const LabelValues& values, double amount) {
    check(values);
    if (!(amount >= 0)) {
        return; // a counter never goes down
    }
    const std::lock_guard lock(m_mutex);
    m_values[values] += amount;
}

double Counter::value(const LabelValues& values) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_values.find(values);
    return it == m_values.end() ? 0 : it->second;
}

void Counter::render_series(std::string& out) const {
    // A counter without labels exists from the start: 0 is a fact, not a gap.
    if (m_values.empty() && label_names().empty()) {
        out += name() + " 0\n";
    }
    for (const auto& [values, value] : m_values) {
        out += name() + label_text(label_names(), values) + " " + number(value) + "\n";
    }
}

void Gauge::set(const LabelValues& values, double value) {
    check(values);
    const std::lock_guard lock(m_mutex);
    m_values[values] = value;
}

double Gauge::value(const LabelValues& values) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_values.find(values);
    return it == m_values.end() ? 0 : it->second;
}

void Gauge::render_series(std::string& out) const {
    for (const auto& [values, value] : m_values) {
        out += name() + label_text(label_names(), values) + " " + number(value) + "\n";
    }
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> buckets,
                     std::vector<std::string> label_names)
    : MetricFamily(std::move(name), std::move(help), std::move(label_names))
    , m_bounds(std::move(buckets)) {
    if (m_bounds.empty() || !std::ranges::is_sorted(m_bounds) ||
        std::ranges::adjacent_find(m_bounds) != m_bounds.end() ||
        !std::ranges::all_of(m_bounds, [](double b) { return std::isfinite(b); })) {
        throw std::invalid_argument(this->name() + ": buckets must be finite and ascending");
    }
}

void Histogram::observe(double value, const LabelValues& values) {
    check(values);
    if (std::isnan(value)) {
        return;
    }
    const std::lock_guard lock(m_mutex);
    Series& series = m_series[values];
    series.buckets.resize(m_bounds.size() + 1);
    // Upper bounds are inclusive: 0.5 falls into le="0.5".
    const auto bucket = std::ranges::lower_bound(m_bounds, value) - m_bounds.begin();
    ++series.buckets[static_cast<std::size_t>(bucket)];
    series.sum += value;
    ++series.count;
}

std::uint64_t Histogram::count(const LabelValues& values) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_series.find(values);
    return it == m_series.end() ? 0 : it->second.count;
}

void Histogram::render_series(std::string& out) const {
    const auto render_one = [&](const LabelValues& values, const Series& series) {
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= m_bounds.size(); ++i) {
            cumulative += i < series.buckets.size() ? series.buckets[i] : 0;
            const std::string le = i < m_bounds.size() ? number(m_bounds[i]) : "+Inf";
            out += name() + "_bucket" + label_text(label_names(), values, "le", le) + " " +
                   std::to_string(cumulative) + "\n";
        }
        out +=
            name() + "_sum" + label_text(label_names(), values) + " " + number(series.sum) + "\n";
        out += name() + "_count" + label_text(label_names(), values) + " " +
               std::to_string(series.count) + "\n";
    };
    if (m_series.empty() && label_names().empty()) {
        render_one({}, Series{});
    }
    for (const auto& [values, series] : m_series) {
        render_one(values, series);
    }
}

template <typename T, typename Make>
T& Metrics::family(const std::string& name, const std::vector<std::string>& label_names,
                   Make make) {
    const std::lock_guard lock(m_mutex);
    auto it = m_families.find(name);
    if (it == m_families.end()) {
        it = m_families.emplace(name, make()).first;
    }
    auto* family = dynamic_cast<T*>(it->second.get());
    if (family == nullptr || family->label_names() != label_names) {
        throw std::invalid_argument("metric " + name + " exists with another kind or labels");
    }
    return *family;
}

Counter& Metrics::counter(const std::string& name, const std::string& help,
                          std::vector<std::string> label_names) {
    return family<Counter>(name, label_names,
                           [&] { return std::make_unique<Counter>(name, help, label_names); });
}

Gauge& Metrics::gauge(const std::string& name, const std::string& help,
                      std::vector<std::string> label_names) {
    return family<Gauge>(name, label_names,
                         [&] { return std::make_unique<Gauge>(name, help, label_names); });
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                              std::vector<double> buckets, std::vector<std::string> label_names) {
    return family<Histogram>(name, label_names, [&] {
        return std::make_unique<Histogram>(name, help, std::move(buckets), label_names);
    });
}

std::string Metrics::render() const {
    const std::lock_guard lock(m_mutex);
    std::string out;
    for (const auto& [name, family] : m_families) {
        family->render(out);
    }
    return out;
}

ChatMetrics::ChatMetrics(Metrics& metrics, std::string platform)
    : m_platform(std::move(platform))
    , m_events(&metrics.counter("events_received_total",
                                "Events received from the chat platform, by platform and type.",
                                {"platform", "type"}))
    , m_ack_latency(&metrics.histogram(
          "ack_latency_seconds",
          "Seconds from receiving an event to acknowledging it (after its commit).", k_ack_buckets,
          {"platform"}))
    , m_reconnects(&metrics.counter("reconnects_total",
                                    "Chat connections re-established after a loss, by platform.",
                                    {"platform"})) {}

void ChatMetrics::event(std::string_view type) const {
    if (m_events != nullptr) {
        m_events->inc({m_platform, std::string(type)});
    }
}

std::function<void()> ChatMetrics::timed_ack(std::function<void()> ack) const {
    if (m_ack_latency == nullptr) {
        return ack;
    }
    return [ack = std::move(ack), histogram = m_ack_latency, platform = m_platform,
            started = std::chrono::steady_clock::now()] {
        if (ack) {
            ack();
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        histogram->observe(took.count(), {platform});
    };
}

void ChatMetrics::reconnect() const {
    if (m_reconnects != nullptr) {
        m_reconnects->inc({m_platform});
    }
}

} // namespace onevoice::bot
