// Issue #17, private files, through the built binary: under umask 022 the
// console bot creates its database, WAL and SHM 0600, `onevoice backup`
// writes 0600, and a database that others may read is named in a warning.
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/file_mode.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

using onevoice::tests::mode_of;
using onevoice::tests::Process;
using onevoice::tests::TempDir;
using onevoice::tests::Umask;

namespace {

Process::Options console_options(const TempDir& dir) {
    Process::Options options;
    options.cwd = dir.str();
    options.args = {"--adapter", "console", "--db", dir.file("t.db"), "--as", "@boss"};
    for (const char* secret :
         {"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "MATRIX_ACCESS_TOKEN", "MATRIX_PASSWORD"}) {
        options.env[secret] = "";
    }
    return options;
}

// Runs the console bot until it answered `help` and its -wal and -shm
// files exist (they do while it runs), then checks what `check` says.
void while_running(const TempDir& dir, const std::function<void(const Process&)>& check) {
    Process bot(onevoice::tests::bot_binary(), console_options(dir));
    CHECK(bot.write_stdin("help\n"));
    const std::string db = dir.file("t.db");
    REQUIRE_MESSAGE(bot.wait_until([&db](const Process& p) {
        return !p.out().empty() && mode_of(db + "-wal") != -1 && mode_of(db + "-shm") != -1;
    }),
                    bot.err());
    check(bot);
    bot.close_stdin();
    CHECK(bot.wait().exit_code == 0);
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("private files e2e: the database, WAL, SHM and backup are 0600 under umask 022") {
    const Umask umask(022);
    TempDir dir;
    const std::string db = dir.file("t.db");
    while_running(dir, [&](const Process& bot) {
        CHECK(mode_of(db) == 0600);
        CHECK(mode_of(db + "-wal") == 0600);
        CHECK(mode_of(db + "-shm") == 0600);
        CHECK_MESSAGE(bot.err().find("chmod 600") == std::string::npos, bot.err());

        const std::string copy = dir.file("backup.db");
        Process::Options options = console_options(dir);
        options.args = {"backup", copy, "--db", db};
        const auto backup = onevoice::tests::run_process(onevoice::tests::bot_binary(), options);
        CHECK_MESSAGE(backup.exit_code == 0, backup.err);
        CHECK(mode_of(copy) == 0600);
    });
}

TEST_CASE("private files e2e: a database that others may read is named in a warning at start") {
    const Umask umask(022);
    TempDir dir;
    const std::string db = dir.file("t.db");
    while_running(dir, [](const Process&) {});
    std::filesystem::permissions(db, std::filesystem::perms(0644));
    while_running(dir, [&](const Process& bot) {
        const std::string& log = bot.err();
        CHECK_MESSAGE(log.find("chmod 600") != std::string::npos, log);
        CHECK_MESSAGE(log.find(db) != std::string::npos, log);
    });
}

TEST_SUITE_END();
