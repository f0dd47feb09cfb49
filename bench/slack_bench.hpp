#pragma once

#include <string>
#include <vector>

namespace onevoice::bench {

// `onevoice_bench slack ...`: starts the app given after `--` against the
// load fake, measures start-up, memory and the command round trip at the
// given rates, searches the highest rate held, and writes the figures as
// JSON. Returns the process exit code (0 also when targets are missed: the
// report judges; non-zero only when the run itself failed).
int run_slack_bench(const std::vector<std::string>& args);

} // namespace onevoice::bench
