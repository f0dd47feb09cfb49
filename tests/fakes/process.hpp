#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace onevoice::tests {

// How a child process ended, with everything it wrote.
struct ProcessResult {
    int exit_code = -1;     // the exit status, or -1 when it was killed by a signal
    int term_signal = 0;    // the signal that killed it, or 0
    bool timed_out = false; // the deadline passed and the helper killed it with SIGKILL
    std::string out;        // all of stdout
    std::string err;        // all of stderr
};

// How to start a Process. Outside the class so that `= {}` works as a default argument.
struct ProcessOptions {
    std::vector<std::string> args;          // after argv[0]
    std::map<std::string, std::string> env; // added to the environment, replacing equal names
    bool inherit_env = true;                // false: the child sees only `env`
    std::string cwd;                        // empty: the test process's directory
};

// A child process on real pipes, for end-to-end tests that drive a built binary.
//
// The constructor spawns `program` with fork/execve: argv[0] is `program`, then
// `options.args`. Its stdin, stdout and stderr are pipes owned by this object; stdout and
// stderr are read into buffers by whichever call is waiting (poll on all pipes at once, so a
// child that writes a lot while we write its stdin never deadlocks). A program that cannot be
// started throws std::runtime_error naming the errno.
//
// Every call that waits takes a deadline and never blocks past it. Nothing here sleeps: the
// helper polls the pipes and a pidfd of the child. The first use ignores SIGPIPE in the test
// process, so that writing to a child that exited returns an error instead of killing the tests;
// the child starts with default signal dispositions and an empty signal mask.
//
// The child leads its own process group. The destructor kills a child that is still running
// (SIGKILL to the group, so also what it started) and reaps it. Not thread-safe: use one Process
// from one thread.
class Process {
public:
    using Duration = std::chrono::milliseconds;
    static constexpr Duration k_default_deadline = std::chrono::seconds(20);

    using Options = ProcessOptions;

    explicit Process(const std::string& program, Options options = {});
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return m_pid; }

    // Writes all of `data` to the child's stdin, reading its output meanwhile. Returns false when
    // the child closed its stdin (or exited) or the deadline passed before everything was written.
    bool write_stdin(std::string_view data, Duration deadline = k_default_deadline);
    // Closes the child's stdin so it sees end of input. Idempotent.
    void close_stdin();
    // Sends `signal` to the child only (not its group), unless it has been reaped already.
    void send_signal(int signal);

    // Reads output until `ready(*this)` holds, the child has exited and closed its pipes, or the
    // deadline passes; returns whether `ready` held. Does not kill the child.
    bool wait_until(const std::function<bool(const Process&)>& ready,
                    Duration deadline = k_default_deadline);
    // wait_until stdout contains `text`.
    bool wait_for_stdout(std::string_view text, Duration deadline = k_default_deadline);

    // Reads stdout and stderr to their end and reaps the child. If that takes longer than the
    // deadline, kills its process group with SIGKILL, records a failed doctest check (with what it
    // wrote so far) and returns timed_out = true. Closes nothing but what the child closes itself:
    // call close_stdin() first for a program that reads until end of input. Calling it again
    // returns the same result.
    ProcessResult wait(Duration deadline = k_default_deadline);

    // What the child has written so far (everything, once wait() returned).
    const std::string& out() const { return m_result.out; }
    const std::string& err() const { return m_result.err; }
    // True once the child has exited and been reaped (its pipes may still hold output).
    bool has_exited() const { return m_reaped; }

private:
    using Clock = std::chrono::steady_clock;
    // One round of poll over the open pipes (and the pidfd), at most until `until`: writes pending
    // stdin data, appends output, reaps the child when it exits. Returns false when nothing is
    // left to wait for.
    bool pump(Clock::time_point until);
    bool try_reap();
    void kill_and_reap();
    bool output_open() const { return m_out_fd >= 0 || m_err_fd >= 0; }

    std::string m_program;
    pid_t m_pid = -1;
    int m_in_fd = -1;
    int m_out_fd = -1;
    int m_err_fd = -1;
    int m_pid_fd = -1; // readable once the child exits; -1 where pidfd_open is unavailable
    std::string m_pending_input;
    bool m_reaped = false;
    ProcessResult m_result;
};

// Runs `program` to completion: spawns it, writes `input`, closes stdin and waits.
ProcessResult run_process(const std::string& program, Process::Options options,
                          std::string_view input = {},
                          Process::Duration deadline = Process::k_default_deadline);

} // namespace onevoice::tests
