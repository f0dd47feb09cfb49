// onevoice_bench: the load driver and measurements behind bench/run.
#include <iostream>
#include <string>
#include <vector>

#include "bench/listen_bench.hpp"
#include "bench/report.hpp"
#include "bench/slack_bench.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::string usage = "usage: onevoice_bench slack|listen|report [options]\n";
    if (args.empty()) {
        std::cerr << usage;
        return 2;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (args[0] == "slack") {
            return onevoice::bench::run_slack_bench(rest);
        }
        if (args[0] == "listen") {
            return onevoice::bench::run_listen_bench(rest);
        }
        if (args[0] == "report") {
            return onevoice::bench::run_report(rest);
        }
    } catch (const std::exception& e) {
        std::cerr << "onevoice_bench: " << e.what() << "\n";
        return 2;
    }
    std::cerr << usage;
    return 2;
}
