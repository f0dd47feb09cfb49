#include "tests/fakes/process.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <sys/wait.h>

using onevoice::tests::Process;
using onevoice::tests::ProcessResult;
using onevoice::tests::run_process;

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Process: a megabyte through cat while it also writes stderr does not deadlock") {
    std::string input;
    for (int i = 0; input.size() < std::size_t{1} << 20; ++i) {
        input += "line " + std::to_string(i) + "\n";
    }
    const ProcessResult result =
        run_process("/bin/sh", {{"-c", "cat; echo done >&2"}, {}, true, {}}, input);
    CHECK(result.exit_code == 0);
    CHECK_FALSE(result.timed_out);
    CHECK(result.out == input);
    CHECK(result.err == "done\n");
}

TEST_CASE("Process: arguments, extra environment, working directory and exit code") {
    Process::Options options;
    options.args = {"-c", "printf '%s|%s|' \"$1\" \"$ONEVOICE_PROBE\"; pwd; exit 3", "sh",
                    "two words"};
    options.env["ONEVOICE_PROBE"] = "hello";
    options.cwd = std::filesystem::temp_directory_path().string();
    const ProcessResult result = run_process("/bin/sh", options);
    CHECK(result.exit_code == 3);
    CHECK(result.out ==
          "two words|hello|" + std::filesystem::canonical(options.cwd).string() + "\n");
}

TEST_CASE("Process: waiting for output, then a signal ends the child") {
    Process cat("/bin/cat");
    REQUIRE(cat.write_stdin("ping\n"));
    CHECK(cat.wait_for_stdout("ping\n"));
    // Waiting for something that never comes returns at the deadline and leaves the child alone.
    CHECK_FALSE(cat.wait_for_stdout("pong", std::chrono::milliseconds(20)));
    CHECK_FALSE(cat.has_exited());
    cat.send_signal(SIGTERM);
    const ProcessResult result = cat.wait();
    CHECK(result.term_signal == SIGTERM);
    CHECK(result.exit_code == -1);
    CHECK(result.out == "ping\n");
}

TEST_CASE("Process: a program that cannot be started throws") {
    CHECK_THROWS_AS(Process("/nonexistent/onevoice"), std::runtime_error);
    Process::Options options;
    options.cwd = "/nonexistent-directory";
    CHECK_THROWS_AS(Process("/bin/cat", options), std::runtime_error);
}

TEST_CASE("Process: the destructor kills and reaps a child that still runs") {
    pid_t pid = -1;
    {
        Process cat("/bin/cat");
        pid = cat.pid();
        REQUIRE(pid > 0);
    }
    int status = 0;
    CHECK(::waitpid(pid, &status, WNOHANG) == -1); // already reaped: no such child
}

TEST_SUITE_END();
