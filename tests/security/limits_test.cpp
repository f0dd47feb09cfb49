// Issue #9, security: an oversized Socket Mode frame, /sync response and
// feed body are refused at their byte limit, in the built binary: the
// connection or poll fails, the bot logs it and goes on, and its peak memory
// (VmHWM) grows by far less than what was sent.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using onevoice::tests::ConsoleBot;
using onevoice::tests::FakeMatrix;
using onevoice::tests::FakeSlack;
using onevoice::tests::MatrixBot;
using onevoice::tests::SlackBot;
using onevoice::tests::SlashCommandSpec;
using onevoice::tests::TempDir;

namespace {

// More than any limit of the bot (16 MiB websocket message, 8 MiB HTTP body,
// 5 MiB feed), and more than the growth the test allows.
constexpr std::size_t k_flood = 160u * 1024 * 1024;
constexpr long k_allowed_growth_kb = 100L * 1024;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The bot: the one child process of the tests that runs the onevoice binary.
int bot_pid() {
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream children(task.path() / "children");
        int pid = 0;
        while (children >> pid) {
            std::ifstream exe_name("/proc/" + std::to_string(pid) + "/comm");
            std::string name;
            exe_name >> name;
            if (name == "onevoice") {
                return pid;
            }
        }
    }
    return 0;
}

// The peak resident set of `pid` in KiB (VmHWM in /proc/PID/status).
long peak_rss_kb(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return -1;
}

SlashCommandSpec slash(const std::string& command, const std::string& text) {
    SlashCommandSpec spec;
    spec.command = command;
    spec.text = text;
    return spec;
}

} // namespace

TEST_SUITE_BEGIN("security");

TEST_CASE("Limits e2e: an oversized Socket Mode frame drops the connection not the bot") {
    FakeSlack fake;
    SlackBot bot(fake);
    REQUIRE_MESSAGE(bot.wait_connected(), bot.log());
    fake.send_slash_command(slash("/team", ""));
    REQUIRE_MESSAGE(bot.wait_call("chat.postMessage"), bot.log());
    const int pid = bot.process().pid();
    const long before = peak_rss_kb(pid);
    REQUIRE(before > 0);

    fake.send_raw(std::string(k_flood, 'x'));
    REQUIRE_MESSAGE(
        bot.wait([&] { return contains(bot.process().err(), "Slack connection closed"); },
                 std::chrono::seconds(60)),
        bot.log());
    REQUIRE_MESSAGE(bot.wait_connected(2), bot.log());
    fake.send_slash_command(slash("/idea", "add After the flood"));
    REQUIRE_MESSAGE(bot.wait_call("chat.postMessage", "After the flood"), bot.log());
    const long after = peak_rss_kb(pid);
    MESSAGE("peak RSS ", before / 1024, " MiB before, ", after / 1024, " MiB after ",
            k_flood / (1024 * 1024), " MiB sent");
    CHECK(after - before < k_allowed_growth_kb);
    CHECK(contains(bot.process().err(), "exceeded the locally configured limit"));
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Limits e2e: an oversized Matrix sync response is refused and syncing goes on") {
    FakeMatrix fake;
    const std::string team = MatrixBot::k_team_room;
    const std::string alice = MatrixBot::k_admin;
    fake.create_room(team, {alice}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    const int pid = bot_pid();
    REQUIRE(pid > 0);
    fake.send_text(team, alice, "!team");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    const long before = peak_rss_kb(pid);

    // The long-poll now waiting is answered normally; the one after gets the flood.
    fake.answer_next_sync_raw("{\"next_batch\": \"" + std::string(k_flood, 'x') + "\"}");
    fake.send_text(team, alice, "!team");
    REQUIRE_MESSAGE(bot.wait_messages(2), bot.log());
    std::string log;
    REQUIRE_MESSAGE(bot.wait(
                        [&] {
                            log = bot.log();
                            return contains(log, "Matrix sync failed; retrying");
                        },
                        std::chrono::seconds(60)),
                    log);
    CHECK(contains(log, "body limit exceeded"));
    fake.send_text(team, alice, "!idea add After the flood");
    REQUIRE_MESSAGE(bot.wait_messages(3), bot.log());
    const long after = peak_rss_kb(pid);
    MESSAGE("peak RSS ", before / 1024, " MiB before, ", after / 1024, " MiB after ",
            k_flood / (1024 * 1024), " MiB sent");
    CHECK(after - before < k_allowed_growth_kb);
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Limits e2e: an oversized feed fails its poll and the bot goes on") {
    // Streams k_flood bytes of an endless feed, never holding them in memory.
    httplib::Server server;
    server.Get("/huge.xml", [](const httplib::Request&, httplib::Response& response) {
        response.set_chunked_content_provider(
            "application/rss+xml",
            [sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
                static const std::string chunk =
                    "<item><title>Acme " + std::string(64 * 1024, 'a') + "</title></item>";
                if (sent == 0) {
                    const std::string head = "<?xml version=\"1.0\"?><rss><channel>";
                    sink.write(head.data(), head.size());
                }
                if (sent >= k_flood || !sink.write(chunk.data(), chunk.size())) {
                    sink.done();
                    return sent < k_flood;
                }
                sent += chunk.size();
                return true;
            });
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&server] { server.listen_after_bind(); });
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/huge.xml";
    {
        TempDir dir;
        ConsoleBot bot(dir, "2026-11-18T11:06:00Z", onevoice::tests::k_feeds_on_loopback);
        bot.type("/listen add acme acme\n");
        REQUIRE_MESSAGE(bot.wait_for("acme"), bot.log());
        const int pid = bot_pid();
        REQUIRE(pid > 0);
        const long before = peak_rss_kb(pid);
        bot.type("/listen source add rss " + url + "\n");
        REQUIRE_MESSAGE(bot.wait_for("#1 rss " + url + ": poll failed"), bot.log());
        bot.type("/listen sources\n");
        REQUIRE_MESSAGE(bot.wait_for("last error"), bot.log());
        bot.type("/idea add After the flood\n");
        REQUIRE_MESSAGE(bot.wait_for("After the flood"), bot.log());
        const long after = peak_rss_kb(pid);
        MESSAGE("peak RSS ", before / 1024, " MiB before, ", after / 1024, " MiB after");
        CHECK(after - before < k_allowed_growth_kb);
        CHECK(bot.finish() == 0);
    }
    server.stop();
    thread.join();
}

TEST_SUITE_END();
