// Operations end to end (issue 9): the built binary's /healthz and /metrics
// endpoint on the console and in Slack, and `onevoice backup` while the bot runs.
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using onevoice::tests::FakeSlack;
using onevoice::tests::Process;
using onevoice::tests::SlackBot;
using onevoice::tests::SlackBotOptions;
using onevoice::tests::TempDir;

namespace {

constexpr std::string_view k_listening = "HTTP endpoint listening address=127.0.0.1:";

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// The port the bot logged when it bound --http 127.0.0.1:0; 0 while not yet.
int logged_port(const std::string& log) {
    const auto at = log.find(k_listening);
    if (at == std::string::npos) {
        return 0;
    }
    const auto end = log.find('\n', at);
    if (end == std::string::npos) {
        return 0;
    }
    const std::size_t start = at + k_listening.size();
    return std::stoi(log.substr(start, end - start));
}

struct HttpAnswer {
    int status = 0; // 0: no answer
    std::string body;
};

HttpAnswer get(int port, const std::string& path) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(5, 0);
    const auto result = client.Get(path.c_str());
    return result ? HttpAnswer{result->status, result->body} : HttpAnswer{};
}

Process::Options console_options(const TempDir& dir, std::vector<std::string> extra = {}) {
    Process::Options options;
    options.cwd = dir.str();
    options.args = {"--adapter", "console", "--db", dir.file("t.db"), "--as", "@boss"};
    options.args.insert(options.args.end(), extra.begin(), extra.end());
    for (const char* secret :
         {"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "MATRIX_ACCESS_TOKEN", "MATRIX_PASSWORD"}) {
        options.env[secret] = "";
    }
    return options;
}

// Scrapes until the metrics contain `line` (the bot counts asynchronously to
// the test), reading the bot's output meanwhile. Returns the last scrape.
std::string scrape_until(Process& bot, int port, const std::string& line) {
    std::string metrics;
    bot.wait_until(
        [&](const Process&) {
            metrics = get(port, "/metrics").body;
            return contains(metrics, line);
        },
        std::chrono::seconds(10));
    return metrics;
}

std::string query_text(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(stmt, 0);
            out = text ? reinterpret_cast<const char*>(text) : "";
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return out;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("ops e2e: the console bot serves healthz and metrics that count its commands") {
    TempDir dir;
    Process bot(onevoice::tests::bot_binary(), console_options(dir, {"--http", "127.0.0.1:0"}));
    REQUIRE_MESSAGE(bot.wait_until([](const Process& p) { return logged_port(p.err()) > 0; }),
                    bot.err());
    const int port = logged_port(bot.err());

    const HttpAnswer health = get(port, "/healthz");
    CHECK(health.status == 200);
    CHECK(health.body == "ok\n");
    const HttpAnswer missing = get(port, "/admin");
    CHECK(missing.status == 404);

    CHECK(bot.write_stdin("help\n"));
    std::string metrics =
        scrape_until(bot, port, "onevoice_commands_total{command=\"help\",outcome=\"ok\"} 1\n");
    CHECK_MESSAGE(contains(metrics, "onevoice_commands_total{command=\"help\",outcome=\"ok\"} 1\n"),
                  metrics);
    CHECK(bot.write_stdin("help\nidea\nfrobnicate\n"));
    metrics = scrape_until(
        bot, port, "onevoice_commands_total{command=\"unknown\",outcome=\"usage_error\"} 1");
    CHECK(contains(metrics, "onevoice_commands_total{command=\"help\",outcome=\"ok\"} 2\n"));
    CHECK(
        contains(metrics, "onevoice_commands_total{command=\"idea\",outcome=\"usage_error\"} 1\n"));
    CHECK(contains(metrics, "# TYPE onevoice_commands_total counter\n"));
    CHECK(contains(metrics,
                   "onevoice_events_received_total{platform=\"console\",type=\"line\"} 4\n"));
    CHECK(contains(metrics, "onevoice_ack_latency_seconds_count{platform=\"console\"} 4\n"));
    CHECK(contains(metrics, "onevoice_chat_connected{platform=\"console\"} 1\n"));
    CHECK(contains(metrics, "onevoice_outbox_pending "));
    CHECK(contains(metrics, "# TYPE onevoice_scheduler_lag_seconds histogram\n"));

    bot.close_stdin();
    CHECK(bot.wait().exit_code == 0);
}

TEST_CASE("ops e2e: a port already in use stops start-up with one line naming http.listen") {
    TempDir dir;
    // A listening socket holds the port.
    const int taken = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(taken >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    REQUIRE(::bind(taken, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::listen(taken, 1) == 0);
    REQUIRE(::getsockname(taken, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const int port = ntohs(address.sin_port);
    const std::string config =
        dir.write("ops.toml", "[http]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n");
    const auto result = onevoice::tests::run_process(
        onevoice::tests::bot_binary(), console_options(dir, {"--config", config}), "help\n");
    CHECK(result.exit_code == 2);
    CHECK_MESSAGE(contains(result.err, "http.listen: cannot listen on 127.0.0.1:"), result.err);
    ::close(taken);
}

TEST_CASE("ops e2e: onevoice backup copies the database while the bot runs") {
    TempDir dir;
    Process bot(onevoice::tests::bot_binary(), console_options(dir));
    CHECK(bot.write_stdin("help\nhelp\n"));
    const std::string live = dir.file("t.db");
    const auto stored = [&live] {
        const std::string count = query_text(live, "SELECT count(*) FROM inbound_events");
        return count.empty() ? 0 : std::stoi(count);
    };
    REQUIRE(bot.wait_until([&](const Process&) { return stored() >= 2; }));
    const std::string copy = dir.file("backup.db");
    Process::Options options = console_options(dir);
    options.args = {"backup", copy, "--db", live};
    const auto backup = onevoice::tests::run_process(onevoice::tests::bot_binary(), options);
    CHECK_MESSAGE(backup.exit_code == 0, backup.err);
    CHECK(contains(backup.out, "onevoice: backed up " + live + " to " + copy));
    CHECK(query_text(copy, "PRAGMA integrity_check") == "ok");
    CHECK(std::stoi(query_text(copy, "SELECT count(*) FROM inbound_events")) >= 2);

    SUBCASE("the live database is refused") {
        options.args = {"backup", live, "--db", live};
        const auto refused = onevoice::tests::run_process(onevoice::tests::bot_binary(), options);
        CHECK(refused.exit_code == 1);
        CHECK(contains(refused.err, "refusing to overwrite the live database"));
    }
    SUBCASE("without a file name it says how") {
        options.args = {"backup"};
        const auto usage = onevoice::tests::run_process(onevoice::tests::bot_binary(), options);
        CHECK(usage.exit_code == 2);
        CHECK(contains(usage.err, "onevoice backup FILE"));
    }
    bot.close_stdin();
    CHECK(bot.wait().exit_code == 0);
}

TEST_CASE("ops e2e: Slack healthz turns 503 with the reason when the connection is down") {
    FakeSlack fake;
    SlackBotOptions options;
    options.config = "[http]\nlisten = \"127.0.0.1:0\"\n";
    SlackBot bot(fake, options);
    REQUIRE_MESSAGE(bot.wait_connected(), bot.log());
    REQUIRE(bot.wait([&] { return logged_port(bot.process().err()) > 0; }));
    const int port = logged_port(bot.process().err());
    // The fake counts its hello when it sends it; the bot is up once it has read it.
    CHECK(bot.wait([&] { return get(port, "/healthz").status == 200; }));

    const std::string envelope =
        fake.send_app_mention("<@" + fake.options().bot_user_id + "> help");
    REQUIRE_MESSAGE(bot.wait_acked(envelope), bot.log());
    const std::string metrics = scrape_until(
        bot.process(), port, "onevoice_ack_latency_seconds_count{platform=\"slack\"} 1\n");
    CHECK(contains(metrics,
                   "onevoice_events_received_total{platform=\"slack\",type=\"events_api\"} 1\n"));
    CHECK(contains(metrics, "onevoice_chat_connected{platform=\"slack\"} 1\n"));

    // Slack goes away: new connections are never greeted, so the bot stays offline.
    fake.set_silent_on_accept(true);
    fake.drop_connection();
    HttpAnswer health;
    CHECK(bot.wait([&] {
        health = get(port, "/healthz");
        return health.status == 503;
    }));
    CHECK(health.body == "chat connection (slack) is down\n");
    CHECK(contains(get(port, "/metrics").body, "onevoice_chat_connected{platform=\"slack\"} 0\n"));
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
