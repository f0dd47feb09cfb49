#include "bench/child_process.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace onevoice::bench {

namespace {

int decode(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

// Runs in the child between fork and exec: only async-signal-safe calls and
// memory prepared before the fork.
[[noreturn]] void exec_child(const ChildProcess::Options& options, int log_fd,
                             const std::vector<char*>& argv, const std::vector<char*>& envp) {
    if (log_fd >= 0) {
        dup2(log_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
    }
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) {
        dup2(null_fd, STDIN_FILENO);
    }
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) {
        _exit(127);
    }
    execve(argv[0], argv.data(), envp.data());
    execvpe(argv[0], argv.data(), envp.data());
    static const char message[] = "bench: exec failed\n";
    [[maybe_unused]] const auto written = write(STDERR_FILENO, message, sizeof message - 1);
    _exit(127);
}

} // namespace

ChildProcess::ChildProcess(const Options& options) {
    std::map<std::string, std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string::npos) {
            env[text.substr(0, equals)] = text.substr(equals + 1);
        }
    }
    for (const auto& [name, value] : options.env) {
        env[name] = value;
    }
    std::vector<std::string> env_text;
    env_text.reserve(env.size());
    for (const auto& [name, value] : env) {
        env_text.push_back(name + "=" + value);
    }
    std::vector<std::string> args = options.argv;
    std::vector<char*> argv;
    for (std::string& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (std::string& entry : env_text) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    const int log_fd = options.log_file.empty()
                           ? -1
                           : open(options.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    m_started = std::chrono::steady_clock::now();
    m_pid = fork();
    if (m_pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (m_pid == 0) {
        exec_child(options, log_fd, argv, envp);
    }
    if (log_fd >= 0) {
        close(log_fd);
    }
}

ChildProcess::~ChildProcess() {
    stop(std::chrono::seconds(2));
}

bool ChildProcess::has_exited() {
    if (m_status) {
        return true;
    }
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_status = decode(status);
        return true;
    }
    return false;
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
    if (has_exited()) {
        return *m_status;
    }
    kill(m_pid, SIGTERM);
    const auto end = std::chrono::steady_clock::now() + grace;
    while (!has_exited()) {
        if (std::chrono::steady_clock::now() >= end) {
            kill(m_pid, SIGKILL);
            int status = 0;
            waitpid(m_pid, &status, 0);
            m_status = decode(status);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return *m_status;
}

std::optional<long> ChildProcess::status_kib(const std::string& key) const {
    std::ifstream in("/proc/" + std::to_string(m_pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) {
            return std::strtol(line.c_str() + key.size(), nullptr, 10);
        }
    }
    return std::nullopt;
}

} // namespace onevoice::bench
