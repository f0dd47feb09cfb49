#include "bench/slack_bench.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench/child_process.hpp"
#include "bench/slack_load.hpp"

namespace onevoice::bench {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr double k_max_p99_ms = 100; // "held": p99 ack under 100 ms (issue #10)

struct Settings {
    std::string name = "app";
    std::string out;
    std::string workdir = ".";
    std::string log;
    std::vector<double> rates{100, 1000, 5000};
    double phase_seconds = 10;
    double probe_seconds = 5;
    double hold_seconds = 30;
    double drain_seconds = 15;
    // Start, connect, one command, idle RSS, stop: for timing start-up and
    // idle memory in isolation (repeat it from a script for a median).
    bool startup_only = false;
    std::vector<std::string> argv;
};

std::vector<double> parse_rates(const std::string& text) {
    std::vector<double> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        out.push_back(std::stod(item));
    }
    return out;
}

Settings parse(const std::vector<std::string>& args) {
    Settings s;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            s.argv.assign(args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (arg == "--startup-only") {
            s.startup_only = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            throw std::invalid_argument("missing value after " + arg);
        }
        const std::string& value = args[++i];
        if (arg == "--name") {
            s.name = value;
        } else if (arg == "--out") {
            s.out = value;
        } else if (arg == "--workdir") {
            s.workdir = value;
        } else if (arg == "--log") {
            s.log = value;
        } else if (arg == "--rates") {
            s.rates = parse_rates(value);
        } else if (arg == "--phase-seconds") {
            s.phase_seconds = std::stod(value);
        } else if (arg == "--probe-seconds") {
            s.probe_seconds = std::stod(value);
        } else if (arg == "--hold-seconds") {
            s.hold_seconds = std::stod(value);
        } else if (arg == "--drain-seconds") {
            s.drain_seconds = std::stod(value);
        } else {
            throw std::invalid_argument("unknown option " + arg);
        }
    }
    if (s.argv.empty() || s.out.empty()) {
        throw std::invalid_argument("usage: onevoice_bench slack --out FILE [options] -- APP...");
    }
    return s;
}

milliseconds ms(double seconds) {
    return milliseconds(static_cast<long>(seconds * 1000));
}

json summary_json(const LatencySummary& s) {
    return {{"count", s.count},
            {"p50_ms", s.p50_ms},
            {"p99_ms", s.p99_ms},
            {"p999_ms", s.p999_ms},
            {"max_ms", s.max_ms}};
}

json phase_json(const PhaseResult& r) {
    return {{"name", r.spec.name},
            {"rate", r.spec.rate},
            {"seconds", r.spec.duration.count() / 1000.0},
            {"sent", r.sent},
            {"acked", r.acked},
            {"replied", r.replied},
            {"overloaded", r.is_overloaded},
            {"send_rate", r.send_rate},
            {"ack_rate", r.ack_rate},
            {"held", r.is_held(k_max_p99_ms)},
            {"ack", summary_json(r.ack)},
            {"reply", summary_json(r.reply)}};
}

void log_phase(const Settings& s, const PhaseResult& r) {
    std::cerr << "bench: " << s.name << " " << r.spec.name << ": sent " << r.sent << " acked "
              << r.acked << " replied " << r.replied << " ack p50/p99 " << r.ack.p50_ms << "/"
              << r.ack.p99_ms << " ms, reply p99 " << r.reply.p99_ms << " ms, "
              << static_cast<long>(r.ack_rate) << " acks/s"
              << (r.is_overloaded ? " (overloaded)" : "") << "\n";
}

// The highest rate held for the hold time. Candidates come from the
// closed-loop capacity; each is tried briefly (ascending) and the best is
// then held for the full time, stepping down if the long run fails.
json sustained(SlackLoad& load, const Settings& s, double capacity, json& phases) {
    std::vector<double> candidates;
    for (double f : {0.4, 0.6, 0.8, 0.9, 1.0, 1.15}) {
        const double rate = std::max(10.0, std::round(capacity * f / 10) * 10);
        if (candidates.empty() || rate > candidates.back()) {
            candidates.push_back(rate);
        }
    }
    std::vector<double> passed;
    for (double rate : candidates) {
        const PhaseResult r = load.run({"probe " + std::to_string(static_cast<long>(rate)) + "/s",
                                        rate, 0, ms(s.probe_seconds), ms(s.drain_seconds)});
        log_phase(s, r);
        phases.push_back(phase_json(r));
        if (!r.is_held(k_max_p99_ms)) {
            break;
        }
        passed.push_back(rate);
    }
    while (!passed.empty()) {
        const double rate = passed.back();
        passed.pop_back();
        const PhaseResult r = load.run({"hold " + std::to_string(static_cast<long>(rate)) + "/s",
                                        rate, 0, ms(s.hold_seconds), ms(s.drain_seconds)});
        log_phase(s, r);
        phases.push_back(phase_json(r));
        if (r.is_held(k_max_p99_ms)) {
            return {{"rate", rate}, {"seconds", s.hold_seconds}, {"ack_p99_ms", r.ack.p99_ms}};
        }
    }
    return {{"rate", 0}, {"seconds", s.hold_seconds}};
}

json measure(const Settings& s) {
    SlackLoad load;
    ChildProcess::Options options;
    options.argv = s.argv;
    options.cwd = s.workdir;
    options.log_file = s.log;
    options.env = {{"SLACK_API_URL", load.api_url()},
                   {"SLACK_APP_TOKEN", "xapp-not-a-secret-bench"},
                   {"SLACK_BOT_TOKEN", "xoxb-not-a-secret-bench"},
                   {"MATRIX_ACCESS_TOKEN", ""},
                   {"MATRIX_PASSWORD", ""}};
    ChildProcess app(options);
    json out = {{"name", s.name}};
    const auto hello = load.wait_hello(std::chrono::seconds(30));
    if (!hello) {
        throw std::runtime_error(s.name + " did not connect within 30 s (log: " + s.log + ")");
    }
    const auto ms_since_exec = [&](Clock::time_point t) {
        return std::chrono::duration<double, std::milli>(t - app.started_at()).count();
    };
    const auto first = load.probe(std::chrono::seconds(30));
    if (!first.acked || !first.replied) {
        throw std::runtime_error(s.name + " did not answer its first command (log: " + s.log + ")");
    }
    out["hello_ms"] = ms_since_exec(*hello);
    out["startup_ms"] = ms_since_exec(*first.acked);
    out["first_reply_ms"] = ms_since_exec(*first.replied);
    // Idle: connected, one command done, nothing happening for a moment.
    std::this_thread::sleep_for(milliseconds(500));
    out["rss_idle_kib"] = app.rss_kib().value_or(0);
    // Heap and stacks against mapped files (the binary and its libraries).
    out["rss_idle_anon_kib"] = app.status_kib("RssAnon:").value_or(0);
    out["rss_idle_file_kib"] = app.status_kib("RssFile:").value_or(0);
    out["threads_idle"] = app.status_kib("Threads:").value_or(0);
    if (s.startup_only) {
        out["exit_status"] = app.stop();
        return out;
    }

    json phases = json::array();
    for (double rate : s.rates) {
        const PhaseResult r = load.run({std::to_string(static_cast<long>(rate)) + "/s", rate, 0,
                                        ms(s.phase_seconds), ms(s.drain_seconds)});
        log_phase(s, r);
        phases.push_back(phase_json(r));
    }
    const PhaseResult max =
        load.run({"max (window 64)", 0, 64, ms(s.probe_seconds), ms(s.drain_seconds)});
    log_phase(s, max);
    phases.push_back(phase_json(max));
    out["max_ack_rate"] = max.ack_rate;
    out["sustained"] = sustained(load, s, max.ack_rate, phases);
    out["phases"] = phases;
    out["rss_peak_kib"] = app.peak_rss_kib().value_or(0);
    out["api_calls"] = load.calls_summary();
    out["exit_status"] = app.stop();
    return out;
}

} // namespace

int run_slack_bench(const std::vector<std::string>& args) {
    const Settings s = parse(args);
    json out;
    try {
        out = measure(s);
    } catch (const std::exception& e) {
        std::cerr << "bench: " << e.what() << "\n";
        out = {{"name", s.name}, {"error", e.what()}};
    }
    std::ofstream(s.out) << out.dump(2) << "\n";
    return out.contains("error") ? 1 : 0;
}

} // namespace onevoice::bench
