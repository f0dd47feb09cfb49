// The console adapter end to end: the built `onevoice` binary on real pipes, in a fresh working
// directory, as a user would run it from a script (issue 2, "Done when").
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/console_output.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <stdlib.h>
#include <string>
#include <vector>

using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::in_order;
using onevoice::tests::Process;
using onevoice::tests::ProcessResult;

using onevoice::tests::read_file;
using onevoice::tests::TempDir;

namespace {

namespace fs = std::filesystem;

Process::Options bot_options(const TempDir& dir, std::vector<std::string> args) {
    Process::Options options;
    options.args = std::move(args);
    options.cwd = dir.str();
    // Chat credentials in the test's environment must not pick another adapter.
    for (const char* secret :
         {"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "MATRIX_ACCESS_TOKEN", "MATRIX_PASSWORD"}) {
        options.env[secret] = "";
    }
    return options;
}

// Runs the bot in `dir` with `args`, feeds `input` on stdin and waits for it to exit.
ProcessResult run_bot(const TempDir& dir, std::vector<std::string> args,
                      const std::string& input = {}) {
    return onevoice::tests::run_process(onevoice::tests::bot_binary(),
                                        bot_options(dir, std::move(args)), input);
}

// The console on a database in `dir`, acting as @boss; `extra` flags go after these.
ProcessResult run_console(const TempDir& dir, const std::string& input,
                          std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--adapter",      "console", "--db",
                                  dir.file("t.db"), "--as",    "@boss"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_bot(dir, std::move(args), input);
}

// A start-up failure is one line on stderr, nothing on stdout.
void check_one_line_error(const ProcessResult& result, int exit_code, const std::string& names) {
    INFO("stderr: " << result.err);
    CHECK(result.exit_code == exit_code);
    CHECK(result.out.empty());
    CHECK(count_of(result.err, "\n") == 1);
    CHECK(result.err.ends_with('\n'));
    CHECK(contains(result.err, names));
}

const std::string k_done_when_script = "/team add @alice community\n"
                                       "/experts add @alice billing\n"
                                       "/team away @alice 2030-01-01 2030-01-10 cover @bob\n"
                                       "/team\n"
                                       "/help\n";

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console e2e: the team script prints the roster, and a second run shows it again") {
    TempDir dir;
    const ProcessResult first = run_console(dir, k_done_when_script);
    INFO("stdout: " << first.out << "\nstderr: " << first.err);
    CHECK(first.exit_code == 0);
    CHECK(in_order(first.out, {"@alice is now community manager", "expert for billing", "## Team",
                               "@alice — community manager, expert",
                               "away from 2030-01-01 to 2030-01-10, cover @bob", "@boss — manager",
                               "OneVoice commands", "team — "}));
    // Bob hears about the cover; the console shows whom a direct message is for.
    CHECK(contains(first.out, "(direct message to @bob)"));
    CHECK(contains(first.out, "You cover for @alice from 2030-01-01 to 2030-01-10"));

    const ProcessResult second = run_console(dir, "/team\n");
    INFO("second stdout: " << second.out);
    CHECK(second.exit_code == 0);
    const auto roster = first.out.substr(first.out.find("## Team"));
    CHECK(second.out == roster.substr(0, roster.find("\n\n") + 2));
}

TEST_CASE("console e2e: German replies come from --locale de, --config or ./onevoice.toml") {
    TempDir dir;
    ProcessResult result;
    SUBCASE("--locale de") {
        result = run_console(dir, k_done_when_script, {"--locale", "de"});
    }
    SUBCASE("locale = \"de\" in the file given with --config") {
        const auto config = dir.write("german.toml", "locale = \"de\"\n");
        result = run_console(dir, k_done_when_script, {"--config", config});
    }
    SUBCASE("locale = \"de\" in onevoice.toml in the working directory") {
        dir.write("onevoice.toml", "locale = \"de\"\n");
        result = run_console(dir, k_done_when_script);
    }
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(in_order(result.out, {"@alice ist jetzt Community-Manager:in", "Expert:in für billing",
                                "## Team", "@alice — Community-Manager:in, Expert:in",
                                "abwesend von 01.01.2030 bis 10.01.2030, Vertretung @bob",
                                "@boss — Social-Media-Manager:in", "OneVoice-Befehle"}));
    CHECK(contains(result.out, "(Direktnachricht an @bob)"));
    CHECK_FALSE(contains(result.out, "community manager"));
    CHECK_FALSE(contains(result.out, "2030-01-01"));
}

TEST_CASE("console e2e: bad input gets a short reply and the bot keeps going") {
    TempDir dir;
    const std::string long_text(10000, 'x');
    const std::string input = "/frobnicate\n"
                              "\n"
                              "   \t \n"
                              "/team add \"@alice community\n"
                              "/team add @carol helper \xff\xfe\n"
                              "/team away @boss 2099-01-01 2099-01-10 " +
                              long_text +
                              "\n"
                              "/team add @dave\n"
                              "/team add @dave wizard\n"
                              "/team away @boss 2099-01-10 2099-01-01\n"
                              "/team away @boss 2099-02-30 2099-03-01\n"
                              "/team\n";
    const ProcessResult result = run_console(dir, input);
    INFO("stdout: " << result.out.substr(0, 4000) << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(
        in_order(result.out, {"Unknown command 'frobnicate'", "is never closed", "not valid UTF-8",
                              "too long (", "Which role?", "Unknown role 'wizard'",
                              "is before the first day", "'2099-02-30' is not a date", "## Team"}));
    // Nine commands, nine replies, after the note that @boss is the first manager: the blank
    // lines got none.
    CHECK(contains(result.out, "you (@boss) are its first manager"));
    CHECK(count_of(result.out, "\n\n") == 10);
    // The long text is not echoed back, and nothing was changed by the refused commands.
    CHECK_FALSE(contains(result.out, std::string(100, 'x')));
    const auto roster = result.out.substr(result.out.find("## Team"));
    CHECK(contains(roster, "- @boss — manager\n"));
    for (const char* untouched : {"@alice", "@carol", "@dave", "away"}) {
        CHECK_MESSAGE(!contains(roster, untouched), untouched);
    }
    CHECK_FALSE(contains(result.out, "Something went wrong"));
    CHECK_FALSE(contains(result.err, " error "));
}

TEST_CASE("console e2e: blank lines get no reply at all") {
    TempDir dir;
    run_console(dir, "/team\n"); // the database gets its first manager
    const ProcessResult blank = run_console(dir, "\n \n\t\n\r\n/team\n\n");
    const ProcessResult plain = run_console(dir, "/team\n");
    CHECK(blank.exit_code == 0);
    CHECK(blank.out == plain.out);
}

TEST_CASE("console e2e: the last line runs even without a newline") {
    TempDir dir;
    const ProcessResult result = run_console(dir, "/team");
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "@boss — manager"));
}

TEST_CASE("console e2e: a helper may not change the team") {
    TempDir dir;
    const auto config = dir.write("admins.toml", "admins = [\"@boss\"]\n");
    const ProcessResult setup = run_console(dir, "/team add @carol helper\n", {"--config", config});
    REQUIRE(setup.exit_code == 0);
    const ProcessResult result =
        run_bot(dir, {"--db", dir.file("t.db"), "--as", "@carol", "--config", config},
                "/team add @dave community\n/team\n");
    INFO("stdout: " << result.out);
    CHECK(result.exit_code == 0);
    CHECK(in_order(result.out,
                   {"Only a manager, deputy or community manager may do that", "## Team"}));
    CHECK_FALSE(contains(result.out, "@dave"));
}

TEST_CASE("console e2e: a bad config or flag stops start-up with one line naming the key") {
    TempDir dir;
    const std::vector<std::string> db{"--db", dir.file("t.db")};
    auto with_config = [&](const std::string& toml) {
        std::vector<std::string> args = db;
        args.push_back("--config");
        args.push_back(dir.write("bad.toml", toml));
        return run_bot(dir, args);
    };
    auto with_flags = [&](std::vector<std::string> flags) {
        flags.insert(flags.end(), db.begin(), db.end());
        return run_bot(dir, flags);
    };
    SUBCASE("unknown key") {
        check_one_line_error(with_config("locale = \"en\"\nfrobnicate = 1\n"), 2, "frobnicate");
    }
    SUBCASE("wrong type") {
        check_one_line_error(with_config("locale = 5\n"), 2, "locale");
    }
    SUBCASE("unknown time zone") {
        const ProcessResult result = with_config("time_zone = \"Mars/Base\"\n");
        check_one_line_error(result, 2, "time_zone");
        CHECK(contains(result.err, "Mars/Base"));
    }
    SUBCASE("TOML syntax error") {
        check_one_line_error(with_config("locale = \"de\n"), 2, "bad.toml");
    }
    SUBCASE("a --config file that does not exist") {
        check_one_line_error(with_flags({"--config", dir.file("missing.toml")}), 2, "missing.toml");
    }
    SUBCASE("unknown flag") {
        check_one_line_error(with_flags({"--frobnicate"}), 2, "--frobnicate");
    }
    SUBCASE("unknown adapter") {
        const ProcessResult result = with_flags({"--adapter", "telegram"});
        check_one_line_error(result, 2, "--adapter");
        CHECK(contains(result.err, "telegram"));
    }
    SUBCASE("unknown locale") {
        check_one_line_error(with_flags({"--locale", "fr"}), 2, "--locale");
    }
    SUBCASE("a flag without its value") {
        check_one_line_error(with_flags({"--as"}), 2, "--as");
    }
    // Nothing started: no database was created.
    CHECK_FALSE(fs::exists(dir.file("t.db")));
}

TEST_CASE("console e2e: a file that is not a database is refused and left unchanged") {
    TempDir dir;
    const std::string content(4096, 'z');
    const auto path =
        dir.write("notes.db", "These are my notes, not a SQLite database.\n" + content);
    const std::string before = read_file(path);
    const ProcessResult result = run_bot(dir, {"--adapter", "console", "--db", path}, "/team\n");
    check_one_line_error(result, 1, "not a SQLite database");
    CHECK(contains(result.err, "notes.db"));
    CHECK(read_file(path) == before);
    CHECK_FALSE(fs::exists(path + "-wal"));
    CHECK_FALSE(fs::exists(path + "-journal"));
}

TEST_CASE("console e2e: a database from a newer OneVoice is refused and left alone") {
    TempDir dir;
    const auto path = dir.file("future.db");
    auto user_version = [&path] {
        sqlite3* db = nullptr;
        int version = -1;
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            sqlite3_stmt* statement = nullptr;
            if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr) ==
                    SQLITE_OK &&
                sqlite3_step(statement) == SQLITE_ROW) {
                version = sqlite3_column_int(statement, 0);
            }
            sqlite3_finalize(statement);
        }
        sqlite3_close(db);
        return version;
    };
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const int rc = sqlite3_exec(db, "CREATE TABLE mine(x); PRAGMA user_version = 999;", nullptr,
                                    nullptr, nullptr);
        sqlite3_close(db);
        REQUIRE(rc == SQLITE_OK);
    }
    const ProcessResult result = run_bot(dir, {"--adapter", "console", "--db", path}, "/team\n");
    check_one_line_error(result, 1, "newer");
    CHECK(contains(result.err, "999"));
    CHECK(user_version() == 999);
}

TEST_CASE("console e2e: --version and --help print and exit") {
    TempDir dir;
    // Help must work even when the config next to it is broken.
    dir.write("onevoice.toml", "frobnicate = 1\n");
    SUBCASE("--version") {
        const ProcessResult result = run_bot(dir, {"--version"});
        CHECK(result.exit_code == 0);
        CHECK(result.out == "onevoice " ONEVOICE_VERSION "\n");
        CHECK(result.err.empty());
    }
    SUBCASE("--help") {
        const ProcessResult result = run_bot(dir, {"--help"});
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        for (const char* flag :
             {"--db", "--adapter", "--locale", "--as", "--config", "--version"}) {
            CHECK_MESSAGE(contains(result.out, flag), flag);
        }
    }
    CHECK_FALSE(fs::exists(dir.file("onevoice.db")));
}

TEST_CASE("console e2e: SIGTERM or SIGINT while waiting for input stops cleanly, state kept") {
    TempDir dir;
    int signal = SIGTERM;
    SUBCASE("SIGTERM") {
        signal = SIGTERM;
    }
    SUBCASE("SIGINT") {
        signal = SIGINT;
    }
    Process bot(
        onevoice::tests::bot_binary(),
        bot_options(dir, {"--adapter", "console", "--db", dir.file("t.db"), "--as", "@boss"}));
    REQUIRE(bot.write_stdin("/team add @alice community\n"));
    // stdin stays open: the bot is waiting for the next line when the signal comes.
    REQUIRE(bot.wait_for_stdout("@alice is now community manager.\n\n"));
    bot.send_signal(signal);
    const ProcessResult result = bot.wait();
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK_FALSE(result.timed_out);
    CHECK(result.term_signal == 0);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.err, "OneVoice stopped"));

    const ProcessResult again = run_console(dir, "/team\n");
    CHECK(again.exit_code == 0);
    CHECK(contains(again.out, "@alice — community manager"));
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console e2e: idea add, then idea export csv --out FILE writes the plan to the file") {
    TempDir dir;
    const std::string plan = dir.file("plan.csv");
    const ProcessResult result =
        run_console(dir, "/idea add Fair photos, \"live\" from Köln #event\n"
                         "/idea status 1 approved\n"
                         "/idea schedule 1 2030-01-04 09:30 linkedin\n"
                         "/idea export csv --out " +
                             plan +
                             "\n"
                             "/idea export ics\n");
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(in_order(result.out,
                   {"## Idea #1", "Tags: #event", "[Vote] idea vote 1", "#1 is now approved.",
                    "#1 is planned for Friday, 2030-01-04 09:30",
                    "The editorial plan as CSV (1 entry).", "Saved editorial-plan.csv to " + plan,
                    "BEGIN:VCALENDAR", "DTSTART:20300104T093000Z", "END:VCALENDAR"}));
    const std::string csv = read_file(plan);
    CHECK(csv.starts_with("\xEF\xBB\xBFID,Date,Time,Channels,Title,Text,"));
    CHECK(contains(csv, "\r\n1,2030-01-04,09:30,linkedin,\"Fair photos, \"\"live\"\" from Köln "
                        "#event\",\"Fair photos, \"\"live\"\" from Köln #event\",scheduled,boss,"
                        "0,#event,\r\n"));
    // The file went to the file, not to stdout.
    CHECK_FALSE(contains(result.out, "ID,Date,Time"));
}

TEST_SUITE_END();
