#include <cmath>
#include <cstdio>
#include <functional>

#include "bench/report.hpp"

namespace onevoice::bench {

namespace {

using nlohmann::json;

enum class Better { lower, higher };

std::string format(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// A figure read from a result file; nullopt when absent (not run, failed).
using Reader = std::function<std::optional<double>(const json&)>;

std::optional<double> at_path(const json& root, const json::json_pointer& path) {
    if (root.is_null() || !root.contains(path) || !root.at(path).is_number()) {
        return std::nullopt;
    }
    return root.at(path).get<double>();
}

Reader path(const std::string& pointer) {
    return [p = json::json_pointer(pointer)](const json& root) {
        return at_path(root, p);
    };
}

// A phase's latency figure, by phase name ("1000/s") and pointer inside it.
Reader phase(const std::string& name, const std::string& pointer) {
    return [name, p = json::json_pointer(pointer)](const json& root) -> std::optional<double> {
        if (root.is_null() || !root.contains("phases")) {
            return std::nullopt;
        }
        for (const json& ph : root["phases"]) {
            if (ph.value("name", "") == name) {
                if (ph.value("acked", 0L) == 0) {
                    return std::nullopt;
                }
                return at_path(ph, p);
            }
        }
        return std::nullopt;
    };
}

struct Target {
    std::optional<double> limit;  // absolute: value <= limit (lower) or >= limit (higher)
    std::optional<double> factor; // relative to Bolt: at least this many times better
    std::string text;
};

struct Spec {
    std::string figure;
    Reader read;
    Better better;
    int decimals;
    double scale = 1; // applied to the value read (KiB to MB and the like)
    Target target;
};

Row make_row(const Spec& spec, const json& onevoice, const json& bolt, bool judge) {
    Row row;
    row.figure = spec.figure;
    row.target = spec.target.text;
    auto ours = spec.read(onevoice);
    auto theirs = spec.read(bolt);
    if (ours) {
        *ours *= spec.scale;
    }
    if (theirs) {
        *theirs *= spec.scale;
    }
    row.onevoice = ours ? format(*ours, spec.decimals) : "n/a";
    row.bolt = bolt.is_null() ? "not run" : (theirs ? format(*theirs, spec.decimals) : "n/a");
    std::optional<double> advantage;
    if (ours && theirs && *ours > 0 && *theirs > 0) {
        advantage = spec.better == Better::lower ? *theirs / *ours : *ours / *theirs;
        row.ratio = format(*advantage, *advantage >= 10 ? 0 : 1) + "×";
    }
    if (!judge || (!spec.target.limit && !spec.target.factor)) {
        return row;
    }
    if (!ours) {
        row.met = "no";
        return row;
    }
    bool met = true;
    if (spec.target.limit) {
        met = spec.better == Better::lower ? *ours <= *spec.target.limit
                                           : *ours >= *spec.target.limit;
    }
    if (spec.target.factor) {
        if (advantage) {
            met = met && *advantage >= *spec.target.factor;
        } else if (!bolt.is_null()) {
            met = false;
        }
    }
    row.met = met ? "yes" : "no";
    if (met && spec.target.factor && !advantage) {
        row.met = "yes (without Bolt)";
    }
    return row;
}

// The steady rates that were run, in order ("100/s" ...).
std::vector<std::string> steady_phases(const json& onevoice) {
    std::vector<std::string> out;
    if (!onevoice.contains("phases")) {
        return out;
    }
    for (const json& ph : onevoice["phases"]) {
        const std::string name = ph.value("name", "");
        if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) {
            out.push_back(name);
        }
    }
    return out;
}

} // namespace

std::vector<Row> build_rows(const json& onevoice, const json& bolt, const json& listen,
                            bool judge) {
    std::vector<Spec> specs;
    for (const std::string& rate : steady_phases(onevoice)) {
        const bool is_target_rate = rate == "1000/s";
        specs.push_back({"ack p50 @ " + rate + " (ms)", phase(rate, "/ack/p50_ms"), Better::lower,
                         3, 1, is_target_rate ? Target{0.2, std::nullopt, "≤ 0.2"} : Target{}});
        specs.push_back({"ack p99 @ " + rate + " (ms)", phase(rate, "/ack/p99_ms"), Better::lower,
                         3, 1, is_target_rate ? Target{2.0, std::nullopt, "≤ 2"} : Target{}});
        specs.push_back({"ack p99.9 @ " + rate + " (ms)", phase(rate, "/ack/p999_ms"),
                         Better::lower, 3, 1, Target{}});
        specs.push_back({"reply p50 @ " + rate + " (ms)", phase(rate, "/reply/p50_ms"),
                         Better::lower, 3, 1, Target{}});
        specs.push_back({"reply p99 @ " + rate + " (ms)", phase(rate, "/reply/p99_ms"),
                         Better::lower, 3, 1, Target{}});
        specs.push_back({"reply p99.9 @ " + rate + " (ms)", phase(rate, "/reply/p999_ms"),
                         Better::lower, 3, 1, Target{}});
    }
    specs.push_back({"as fast as acks allow, window 64 (commands/s)", path("/max_ack_rate"),
                     Better::higher, 0, 1, Target{}});
    specs.push_back({"highest rate held 30 s with p99 ack < 100 ms (commands/s)",
                     path("/sustained/rate"), Better::higher, 0, 1,
                     Target{20000.0, 10.0, "≥ 20 000 and ≥ 10× Bolt"}});
    specs.push_back({"RSS idle after start (MB)", path("/rss_idle_kib"), Better::lower, 1,
                     1.0 / 1024, Target{15.0, 4.0, "≤ 15 and ≤ ¼ Bolt"}});
    specs.push_back({"RSS peak during the runs (MB)", path("/rss_peak_kib"), Better::lower, 1,
                     1.0 / 1024, Target{40.0, 4.0, "≤ 40 and ≤ ¼ Bolt"}});
    specs.push_back(
        {"start-up: exec to hello (ms)", path("/hello_ms"), Better::lower, 1, 1, Target{}});
    specs.push_back({"start-up: exec to first command acked (ms)", path("/startup_ms"),
                     Better::lower, 1, 1, Target{50.0, std::nullopt, "≤ 50"}});

    std::vector<Row> rows;
    for (const Spec& spec : specs) {
        rows.push_back(make_row(spec, onevoice, bolt, judge));
    }
    // Listening is OneVoice's own: the peer has no listening to compare.
    const json none;
    rows.push_back(make_row({"feed items ingested (items/s)", path("/ingest/items_per_second"),
                             Better::higher, 0, 1, Target{50000.0, std::nullopt, "≥ 50 000"}},
                            listen, none, judge));
    rows.back().bolt = "—";
    const std::string digest_figure =
        "digest of one day, " + std::to_string(listen.value("/digest/mentions"_json_pointer, 0L)) +
        " mentions in the database (ms)";
    rows.push_back(make_row({digest_figure, path("/digest/first_ms"), Better::lower, 1, 1,
                             Target{300.0, std::nullopt, "≤ 300"}},
                            listen, none, judge));
    rows.back().bolt = "—";
    return rows;
}

} // namespace onevoice::bench
