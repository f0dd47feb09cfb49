#include "tests/fakes/process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX, not in a header

namespace onevoice::tests {
namespace {

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

void set_nonblocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Only async-signal-safe calls between fork and execve: the test process may have threads.
[[noreturn]] void exec_child(const std::array<int, 3>& stdio, int error_fd, const char* cwd,
                             const char* program, char* const* argv, char* const* envp) {
    // Its own process group, so that a kill also reaches whatever it started.
    ::setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGPIPE, &dfl, nullptr);
    for (int target = 0; target < 3; ++target) {
        // dup2 onto itself keeps O_CLOEXEC, so clear it explicitly.
        if (stdio[target] == target) {
            ::fcntl(target, F_SETFD, 0);
        } else if (::dup2(stdio[target], target) < 0) {
            break;
        }
    }
    if (cwd == nullptr || ::chdir(cwd) == 0) {
        ::execve(program, argv, envp);
    }
    const int error = errno;
    [[maybe_unused]] const auto written = ::write(error_fd, &error, sizeof error);
    ::_exit(127);
}

std::vector<std::string> environment_of(const Process::Options& options) {
    std::vector<std::string> entries;
    if (options.inherit_env) {
        for (char** entry = environ; entry && *entry; ++entry) {
            const std::string_view text(*entry);
            const std::string name(text.substr(0, text.find('=')));
            if (!options.env.contains(name)) {
                entries.emplace_back(text);
            }
        }
    }
    for (const auto& [name, value] : options.env) {
        entries.push_back(name);
        entries.back().append("=").append(value);
    }
    return entries;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (std::string& text : strings) {
        pointers.push_back(text.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

std::string tail(const std::string& text) {
    constexpr std::size_t k_max = 2000;
    return text.size() <= k_max ? text : "..." + text.substr(text.size() - k_max);
}

} // namespace

Process::Process(const std::string& program, Options options)
    : m_program(program) {
    // Writing to a child that exited must be an EPIPE, not the end of the test run.
    static const bool sigpipe_ignored = [] {
        std::signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)sigpipe_ignored;

    std::vector<std::string> argv_strings{program};
    argv_strings.insert(argv_strings.end(), options.args.begin(), options.args.end());
    std::vector<std::string> env_strings = environment_of(options);
    const std::vector<char*> argv = pointers_to(argv_strings);
    const std::vector<char*> envp = pointers_to(env_strings);

    int in[2], out[2], err[2], error[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 ||
        ::pipe2(err, O_CLOEXEC) != 0 || ::pipe2(error, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe2: " + std::string(std::strerror(errno)));
    }
    m_pid = ::fork();
    if (m_pid == 0) {
        exec_child({in[0], out[1], err[1]}, error[1],
                   options.cwd.empty() ? nullptr : options.cwd.c_str(), program.c_str(),
                   argv.data(), envp.data());
    }
    const int fork_errno = errno;
    if (m_pid > 0) {
        ::setpgid(m_pid, m_pid); // also here: a kill may come before the child ran its setpgid
    }
    for (int fd : {in[0], out[1], err[1], error[1]}) {
        ::close(fd);
    }
    m_in_fd = in[1];
    m_out_fd = out[0];
    m_err_fd = err[0];
    if (m_pid < 0) {
        for (int* fd : {&error[0], &m_in_fd, &m_out_fd, &m_err_fd}) {
            close_fd(*fd);
        }
        throw std::runtime_error("fork: " + std::string(std::strerror(fork_errno)));
    }
    // The error pipe closes on a successful execve, or carries the errno of the failure.
    int exec_errno = 0;
    ssize_t n;
    do {
        n = ::read(error[0], &exec_errno, sizeof exec_errno);
    } while (n < 0 && errno == EINTR);
    ::close(error[0]);
    if (n > 0) {
        kill_and_reap();
        close_fd(m_in_fd);
        close_fd(m_out_fd);
        close_fd(m_err_fd);
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(exec_errno));
    }
    for (int fd : {m_in_fd, m_out_fd, m_err_fd}) {
        set_nonblocking(fd);
    }
    m_pid_fd = static_cast<int>(::syscall(SYS_pidfd_open, m_pid, 0));
}

Process::~Process() {
    if (!m_reaped) {
        kill_and_reap();
    }
    close_fd(m_in_fd);
    close_fd(m_out_fd);
    close_fd(m_err_fd);
    close_fd(m_pid_fd);
}

bool Process::try_reap() {
    if (m_reaped) {
        return true;
    }
    int status = 0;
    pid_t done;
    do {
        done = ::waitpid(m_pid, &status, WNOHANG);
    } while (done < 0 && errno == EINTR);
    if (done == 0) {
        return false;
    }
    m_reaped = true;
    close_fd(m_pid_fd);
    if (done > 0 && WIFEXITED(status)) {
        m_result.exit_code = WEXITSTATUS(status);
    } else if (done > 0 && WIFSIGNALED(status)) {
        m_result.term_signal = WTERMSIG(status);
    }
    return true;
}

void Process::kill_and_reap() {
    if (m_pid > 0) {
        ::kill(-m_pid, SIGKILL); // the group: the child and anything it started
    }
    if (m_reaped) {
        return;
    }
    ::kill(m_pid, SIGKILL);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_reaped = true;
    close_fd(m_pid_fd);
    m_result.exit_code = -1;
    m_result.term_signal = SIGKILL;
}

bool Process::pump(Clock::time_point until) {
    std::vector<pollfd> fds;
    const bool writing = m_in_fd >= 0 && !m_pending_input.empty();
    if (writing) {
        fds.push_back({m_in_fd, POLLOUT, 0});
    }
    for (int fd : {m_out_fd, m_err_fd, m_reaped ? -1 : m_pid_fd}) {
        if (fd >= 0) {
            fds.push_back({fd, POLLIN, 0});
        }
    }
    if (fds.empty() && m_reaped) {
        return false;
    }
    auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
    // Without a pidfd the exit is noticed by asking waitpid every few milliseconds.
    if (!m_reaped && m_pid_fd < 0) {
        left = std::min<decltype(left)>(left, 5);
    }
    const int ready =
        ::poll(fds.data(), fds.size(), static_cast<int>(std::max<decltype(left)>(left, 0)));
    if (ready < 0 && errno != EINTR) {
        throw std::runtime_error("poll: " + std::string(std::strerror(errno)));
    }
    for (const pollfd& fd : fds) {
        if (ready <= 0 || fd.revents == 0) {
            continue;
        }
        if (fd.fd == m_in_fd) {
            const ssize_t n = ::write(m_in_fd, m_pending_input.data(), m_pending_input.size());
            if (n > 0) {
                m_pending_input.erase(0, static_cast<std::size_t>(n));
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                close_stdin(); // EPIPE: the child closed its end or exited
            }
        } else if (fd.fd == m_out_fd || fd.fd == m_err_fd) {
            int& own = fd.fd == m_out_fd ? m_out_fd : m_err_fd;
            std::string& into = fd.fd == m_out_fd ? m_result.out : m_result.err;
            std::array<char, 65536> buffer;
            const ssize_t n = ::read(own, buffer.data(), buffer.size());
            if (n > 0) {
                into.append(buffer.data(), static_cast<std::size_t>(n));
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                close_fd(own);
            }
        }
    }
    if (m_pid_fd < 0 || (ready > 0 && std::any_of(fds.begin(), fds.end(), [&](const pollfd& p) {
                             return p.fd == m_pid_fd && p.revents != 0;
                         }))) {
        try_reap();
    }
    return true;
}

bool Process::write_stdin(std::string_view data, Duration deadline) {
    if (m_in_fd < 0) {
        return false;
    }
    const auto until = Clock::now() + deadline;
    m_pending_input.append(data);
    while (!m_pending_input.empty() && m_in_fd >= 0 && Clock::now() < until) {
        pump(until);
    }
    const bool written = m_pending_input.empty() && m_in_fd >= 0;
    m_pending_input.clear();
    return written;
}

void Process::close_stdin() {
    close_fd(m_in_fd);
    m_pending_input.clear();
}

void Process::send_signal(int signal) {
    if (!m_reaped) {
        ::kill(m_pid, signal);
    }
}

bool Process::wait_until(const std::function<bool(const Process&)>& ready, Duration deadline) {
    const auto until = Clock::now() + deadline;
    while (!ready(*this)) {
        if ((m_reaped && !output_open()) || Clock::now() >= until) {
            return false;
        }
        pump(until);
    }
    return true;
}

bool Process::wait_for_stdout(std::string_view text, Duration deadline) {
    return wait_until(
        [text](const Process& process) { return process.out().find(text) != std::string::npos; },
        deadline);
}

ProcessResult Process::wait(Duration deadline) {
    const auto until = Clock::now() + deadline;
    while (!(m_reaped && !output_open()) && Clock::now() < until) {
        pump(until);
    }
    if (!m_reaped || output_open()) {
        const bool was_running = !m_reaped;
        kill_and_reap();
        // Whatever the pipes still hold; a grandchild may keep them open, so do not wait.
        pump(Clock::now());
        close_fd(m_out_fd);
        close_fd(m_err_fd);
        m_result.timed_out = true;
        const std::string what =
            m_program +
            (was_running ? " did not exit"
                         : " exited, but a process it started kept its output open") +
            " within " + std::to_string(deadline.count()) + " ms; killed with SIGKILL.\nstdout:\n" +
            tail(m_result.out) + "\nstderr:\n" + tail(m_result.err);
        FAIL_CHECK(what);
    }
    close_stdin();
    return m_result;
}

ProcessResult run_process(const std::string& program, Process::Options options,
                          std::string_view input, Process::Duration deadline) {
    Process process(program, std::move(options));
    const auto start = std::chrono::steady_clock::now();
    if (!input.empty()) {
        process.write_stdin(input, deadline);
    }
    process.close_stdin();
    const auto spent =
        std::chrono::duration_cast<Process::Duration>(std::chrono::steady_clock::now() - start);
    return process.wait(std::max(deadline - spent, Process::Duration{0}));
}

} // namespace onevoice::tests
