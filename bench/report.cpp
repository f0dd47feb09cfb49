#include "bench/report.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace onevoice::bench {

namespace {

using nlohmann::json;

struct Settings {
    std::string onevoice;
    std::string bolt;
    std::string bolt_skipped;
    std::string listen;
    std::string out_dir;
    std::vector<std::string> notes;
    bool is_quick = false;
};

Settings parse(const std::vector<std::string>& args) {
    Settings s;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--quick") {
            s.is_quick = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            throw std::invalid_argument("missing value after " + arg);
        }
        const std::string& value = args[++i];
        if (arg == "--onevoice") {
            s.onevoice = value;
        } else if (arg == "--bolt") {
            s.bolt = value;
        } else if (arg == "--bolt-skipped") {
            s.bolt_skipped = value;
        } else if (arg == "--listen") {
            s.listen = value;
        } else if (arg == "--out-dir") {
            s.out_dir = value;
        } else if (arg == "--note") {
            s.notes.push_back(value);
        } else {
            throw std::invalid_argument("unknown option " + arg);
        }
    }
    if (s.onevoice.empty() || s.listen.empty() || s.out_dir.empty()) {
        throw std::invalid_argument("usage: onevoice_bench report --onevoice F --listen F "
                                    "[--bolt F | --bolt-skipped WHY] --out-dir DIR [--quick]");
    }
    return s;
}

json load(const std::string& file) {
    std::ifstream in(file);
    if (!in) {
        return {{"error", "no result file " + file}};
    }
    return json::parse(in, nullptr, false);
}

std::string first_line_of(const std::string& file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(colon + 2);
        }
    }
    return "";
}

json machine() {
    double load[3] = {0, 0, 0};
    std::ifstream("/proc/loadavg") >> load[0] >> load[1] >> load[2];
    std::ifstream version("/proc/sys/kernel/osrelease");
    std::string kernel;
    std::getline(version, kernel);
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    return {{"date", stamp},
            {"cores", std::thread::hardware_concurrency()},
            {"cpu", first_line_of("/proc/cpuinfo", "model name")},
            {"memory", first_line_of("/proc/meminfo", "MemTotal")},
            {"kernel", kernel},
            {"load_average", {load[0], load[1], load[2]}}};
}

std::string markdown(const std::vector<Row>& rows, const json& info, const Settings& s,
                     const std::vector<std::string>& notes) {
    std::ostringstream md;
    md << "# OneVoice benchmark" << (s.is_quick ? " (quick: not a measurement)" : "") << "\n\n";
    md << "- date: " << info["date"].get<std::string>() << "\n";
    md << "- machine: " << info["cores"] << " cores, " << info["cpu"].get<std::string>() << ", "
       << info["memory"].get<std::string>() << ", Linux " << info["kernel"].get<std::string>()
       << "\n";
    md << "- load average when the report was written: " << info["load_average"][0] << " "
       << info["load_average"][1] << " " << info["load_average"][2] << "\n";
    for (const std::string& note : notes) {
        md << "- " << note << "\n";
    }
    md << "\nratio: how many times better OneVoice is than Bolt (> 1: OneVoice is better).\n\n";
    md << "| figure | OneVoice | Bolt | ratio | target | met? |\n";
    md << "|---|---:|---:|---:|---|---|\n";
    for (const Row& r : rows) {
        md << "| " << r.figure << " | " << r.onevoice << " | " << r.bolt << " | " << r.ratio
           << " | " << r.target << " | " << r.met << " |\n";
    }
    return md.str();
}

// The table for a terminal: padded columns.
void print(const std::vector<Row>& rows) {
    const std::vector<std::string> head = {"figure", "OneVoice", "Bolt", "ratio", "target", "met?"};
    std::vector<std::size_t> width(head.size());
    const auto cells = [](const Row& r) {
        return std::vector<std::string>{r.figure, r.onevoice, r.bolt, r.ratio, r.target, r.met};
    };
    // Columns are measured in bytes; the few multi-byte signs (≤, ×) only
    // shift a cell by a space or two.
    for (std::size_t c = 0; c < head.size(); ++c) {
        width[c] = head[c].size();
        for (const Row& r : rows) {
            width[c] = std::max(width[c], cells(r)[c].size());
        }
    }
    const auto line = [&](const std::vector<std::string>& values) {
        for (std::size_t c = 0; c < values.size(); ++c) {
            std::cout << values[c] << std::string(width[c] - values[c].size() + 2, ' ');
        }
        std::cout << "\n";
    };
    line(head);
    for (const Row& r : rows) {
        line(cells(r));
    }
}

} // namespace

int run_report(const std::vector<std::string>& args) {
    const Settings s = parse(args);
    const json onevoice = load(s.onevoice);
    const json listen = load(s.listen);
    json bolt;
    std::vector<std::string> notes = s.notes;
    if (!s.bolt.empty()) {
        bolt = load(s.bolt);
        if (bolt.is_discarded() || bolt.contains("error")) {
            notes.push_back("Bolt failed: " +
                            (bolt.is_discarded() ? "unreadable result" : bolt.value("error", "")));
            bolt = nullptr;
        }
    } else {
        notes.push_back("Bolt not run: " + (s.bolt_skipped.empty() ? "skipped" : s.bolt_skipped));
    }
    int status = 0;
    const std::vector<std::pair<std::string, const json*>> ours = {{"OneVoice", &onevoice},
                                                                   {"listening", &listen}};
    for (const auto& [name, result] : ours) {
        if (result->is_discarded() || result->contains("error")) {
            notes.push_back(name + " failed: " +
                            (result->is_discarded() ? std::string("unreadable result")
                                                    : result->value("error", "")));
            status = 1;
        }
    }
    const json clean_ours = onevoice.is_discarded() ? json() : onevoice;
    const json clean_listen = listen.is_discarded() ? json() : listen;
    const std::vector<Row> rows = build_rows(clean_ours, bolt, clean_listen, !s.is_quick);
    const json info = machine();
    print(rows);
    for (const std::string& note : notes) {
        std::cout << "note: " << note << "\n";
    }
    std::filesystem::create_directories(s.out_dir);
    std::ofstream(s.out_dir + "/results.md") << markdown(rows, info, s, notes);
    json table = json::array();
    for (const Row& r : rows) {
        table.push_back({{"figure", r.figure},
                         {"onevoice", r.onevoice},
                         {"bolt", r.bolt},
                         {"ratio", r.ratio},
                         {"target", r.target},
                         {"met", r.met}});
    }
    const json all = {
        {"mode", s.is_quick ? "quick" : "full"},
        {"machine", info},
        {"notes", notes},
        {"table", table},
        {"raw", {{"onevoice", clean_ours}, {"bolt", bolt}, {"listen", clean_listen}}}};
    std::ofstream(s.out_dir + "/results.json") << all.dump(2) << "\n";
    std::cout << "bench: wrote " << s.out_dir << "/results.md and results.json\n";
    return status;
}

} // namespace onevoice::bench
