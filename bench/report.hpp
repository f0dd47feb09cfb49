#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace onevoice::bench {

// One line of the results table. Values are already formatted; `met` is
// "yes", "no" or "" (no target, or not judged in a quick run).
struct Row {
    std::string figure;
    std::string onevoice;
    std::string bolt;
    std::string ratio; // how many times better OneVoice is (>1: better), "" when unknown
    std::string target;
    std::string met;
};

// The rows from the three result files (bolt may be null: not run). In
// report_table.cpp. `judge` is false for quick runs, whose rates and counts
// are too small for the targets to mean anything.
std::vector<Row> build_rows(const nlohmann::json& onevoice, const nlohmann::json& bolt,
                            const nlohmann::json& listen, bool judge);

// `onevoice_bench report --onevoice F --listen F [--bolt F | --bolt-skipped WHY]
// --out-dir DIR [--quick] [--note TEXT]...`: prints the table and writes results.md and
// results.json into DIR. Fails (exit 1) only when a result file is missing
// or holds an error.
int run_report(const std::vector<std::string>& args);

} // namespace onevoice::bench
