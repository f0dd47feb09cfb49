#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace onevoice::bench {

// A process under test: started with the benchmark's environment plus `env`,
// in `cwd`, stdout and stderr appended to `log_file` (a file, not a pipe, so
// a chatty process never blocks on a full pipe and skews the figures).
// The destructor stops it (SIGTERM, then SIGKILL after a grace period).
class ChildProcess {
public:
    struct Options {
        std::vector<std::string> argv;
        std::map<std::string, std::string> env;
        std::string cwd;
        std::string log_file;
    };

    // Throws std::runtime_error when fork fails; an exec failure shows as an
    // early exit with status 127 (and a line in the log).
    explicit ChildProcess(const Options& options);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return m_pid; }
    // When fork was called: the start of "exec to connected".
    std::chrono::steady_clock::time_point started_at() const { return m_started; }
    bool has_exited();
    // /proc/PID/status VmRSS and VmHWM (peak) in KiB; nullopt once it is gone.
    std::optional<long> rss_kib() const { return status_kib("VmRSS:"); }
    std::optional<long> peak_rss_kib() const { return status_kib("VmHWM:"); }
    // Any numeric line of /proc/PID/status ("RssAnon:", "Threads:"), its
    // number only; nullopt once the process is gone or the key is unknown.
    std::optional<long> status_kib(const std::string& key) const;
    // SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit status
    // (128 + signal when killed by one).
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

private:
    pid_t m_pid = -1;
    std::optional<int> m_status;
    std::chrono::steady_clock::time_point m_started;
};

} // namespace onevoice::bench
