// Disk faults through the built binary against the Slack fake (issue 9): the
// database lives on a real 600 KiB tmpfs in a user and mount namespace of its
// own (`unshare -Urm`, no root needed); the test fills it with a ballast file
// from inside that namespace (`nsenter`) and removes it again. A read-only
// database is a read-only bind mount at start-up.
#include "storage/database.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace onevoice;
using namespace onevoice::tests;

namespace {

constexpr const char* k_refusal = "OneVoice can't store anything right now (disk full)";

// A program from PATH; empty when there is none.
std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::filesystem::path candidate =
            std::filesystem::path(dirs.substr(start, end - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
        start = end + 1;
    }
    return {};
}

// The bot in its own namespaces, its data directory `m_data` mounted as
// `mount_script` says (a tmpfs, or a read-only bind). The process id is the
// bot's own: the shell execs it.
class NamespacedBot {
public:
    NamespacedBot(FakeSlack& fake, const TempDir& dir, const std::string& mount_script)
        : m_data(dir.file("data"))
        , m_process(program("unshare"), options(fake, dir, mount_script)) {}

    bool wait(const std::function<bool()>& done,
              std::chrono::milliseconds deadline = SlackBot::k_deadline) {
        const auto end = std::chrono::steady_clock::now() + deadline;
        while (!done()) {
            if (std::chrono::steady_clock::now() >= end || m_process.has_exited()) {
                return done();
            }
            m_process.wait_until([](const Process&) { return false; },
                                 std::chrono::milliseconds(10));
        }
        return true;
    }
    // Runs a shell command inside the bot's namespaces; true when it exited 0.
    bool inside(const std::string& command) {
        ProcessOptions run;
        run.args = {"-t",
                    std::to_string(m_process.pid()),
                    "-U",
                    "-m",
                    "--preserve-credentials",
                    "sh",
                    "-c",
                    command};
        m_last = run_process(program("nsenter"), run);
        return m_last.exit_code == 0;
    }
    std::string data(const std::string& name) const { return m_data + "/" + name; }
    Process& process() { return m_process; }
    std::string log() const {
        return "stderr:\n" + tail(m_process.err()) + "\nlast nsenter: " + m_last.err;
    }
    int count_in_log(const std::string& part) const {
        int n = 0;
        for (std::size_t at = m_process.err().find(part); at != std::string::npos;
             at = m_process.err().find(part, at + 1)) {
            ++n;
        }
        return n;
    }

private:
    static std::string tail(const std::string& text) {
        return text.size() <= 4000 ? text : text.substr(text.size() - 4000);
    }
    static std::string program(const std::string& name) {
        std::string found = find_program(name);
        if (found.empty()) {
            // Not a skip: the test would prove nothing, so it fails (CI must have util-linux).
            FAIL("disk fault tests need `" << name << "` (util-linux) on PATH");
        }
        return found;
    }
    ProcessOptions options(const FakeSlack& fake, const TempDir& dir,
                           const std::string& mount_script) {
        std::filesystem::create_directories(m_data);
        ProcessOptions out;
        out.cwd = dir.str();
        const std::string config = dir.write("onevoice.toml", "admins = [\"<@U024BE7LH>\"]\n");
        out.args = {"-Urm",        "sh",
                    "-c",          mount_script + " && exec \"$@\"",
                    m_data,        onevoice::tests::bot_binary(),
                    "--db",        data("bot.db"),
                    "--config",    config,
                    "--log-level", "debug"};
        out.env["SLACK_APP_TOKEN"] = fake.options().app_token;
        out.env["SLACK_BOT_TOKEN"] = fake.options().bot_token;
        out.env["SLACK_API_URL"] = fake.api_url();
        out.env["MATRIX_ACCESS_TOKEN"] = "";
        out.env["MATRIX_PASSWORD"] = "";
        return out;
    }

    std::string m_data;
    Process m_process;
    ProcessResult m_last;
};

// "$0" is the data directory (see NamespacedBot::options).
const std::string k_tmpfs = "mount -t tmpfs -o size=600k tmpfs \"$0\"";
const std::string k_read_only = "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\"";

std::string mention(const std::string& text) {
    return "<@U0BOT1V0C> idea " + text;
}

int refusals(const FakeSlack& fake) {
    return static_cast<int>(ok_calls(fake, "chat.postEphemeral", k_refusal).size());
}

// How often each idea text is in the database copied to `file`.
int ideas_with(const std::string& file, const std::string& text) {
    storage::Database db(file);
    storage::Statement query(db, "SELECT COUNT(*) FROM ideas WHERE text = ?1");
    query.bind(1, text);
    query.step();
    return static_cast<int>(query.get_int(0));
}

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE("Disk faults e2e: a full tmpfs refuses without ack and recovers exactly once") {
    FakeSlack fake;
    TempDir dir;
    NamespacedBot bot(fake, dir, k_tmpfs);
    REQUIRE_MESSAGE(bot.wait([&] { return fake.hellos() >= 1; }),
                    "the bot did not start in its namespace with a tmpfs (unshare -Urm, mount "
                    "-t tmpfs must work here):\n"
                        << bot.log());

    const std::string before = fake.send_app_mention(mention("before the outage"));
    REQUIRE(bot.wait([&] { return fake.ack_count(before) > 0; }));

    // Fill the tmpfs: `cat` stops at ENOSPC.
    REQUIRE_MESSAGE(bot.inside("cat /dev/zero > \"" + bot.data("ballast") +
                               "\" 2>/dev/null; "
                               "test -s \"" +
                               bot.data("ballast") + "\""),
                    bot.log());
    const std::vector<std::string> texts = {"during one", "during two"};
    const std::string first_event = "Ev0DISK0001";
    const std::string second_event = "Ev0DISK0002";
    std::vector<std::string> envelopes;
    envelopes.push_back(fake.send_app_mention(mention(texts[0]), {first_event, 0, ""}));
    // Slack redelivers what was not acknowledged: twice more here.
    envelopes.push_back(fake.send_app_mention(mention(texts[0]), {first_event, 1, "timeout"}));
    envelopes.push_back(fake.send_app_mention(mention(texts[0]), {first_event, 2, "timeout"}));
    envelopes.push_back(fake.send_app_mention(mention(texts[1]), {second_event, 0, ""}));
    REQUIRE_MESSAGE(bot.wait([&] {
        return bot.count_in_log("command not stored") >= 4 && refusals(fake) >= 2;
    }),
                    bot.log());
    CHECK(bot.count_in_log("database or disk is full") >= 4);
    CHECK(refusals(fake) == 2); // one per event, not one per delivery
    for (const std::string& envelope : envelopes) {
        CHECK(fake.ack_count(envelope) == 0);
    }
    const auto refusal = ok_calls(fake, "chat.postEphemeral", k_refusal).front();
    CHECK(refusal.args.value("user", "") == "U024BE7LH");
    CHECK(refusal.args.value("text", "").find("your command was not saved") != std::string::npos);
    CHECK_FALSE(bot.process().has_exited());

    // Space returns: the next redeliveries are stored and acknowledged.
    REQUIRE_MESSAGE(bot.inside("rm \"" + bot.data("ballast") + "\""), bot.log());
    const std::string first_again =
        fake.send_app_mention(mention(texts[0]), {first_event, 3, "timeout"});
    const std::string second_again =
        fake.send_app_mention(mention(texts[1]), {second_event, 1, "timeout"});
    REQUIRE_MESSAGE(bot.wait([&] {
        return fake.ack_count(first_again) > 0 && fake.ack_count(second_again) > 0;
    }),
                    bot.log());
    // One more redelivery after the ack (Slack missed it): a duplicate, acked, not run.
    const std::string duplicate =
        fake.send_app_mention(mention(texts[0]), {first_event, 4, "timeout"});
    REQUIRE(bot.wait([&] { return fake.ack_count(duplicate) > 0; }));
    CHECK(refusals(fake) == 2);

    // What the bot stored, copied out of its namespace while it is idle.
    REQUIRE_MESSAGE(bot.inside("cp \"" + bot.data("bot.db") + "\" \"" + bot.data("bot.db-wal") +
                               "\" \"" + dir.str() + "\"/"),
                    bot.log());
    const std::string copy = dir.file("bot.db");
    const int effects_before = ideas_with(copy, "before the outage");
    const int effects_first = ideas_with(copy, texts[0]);
    const int effects_second = ideas_with(copy, texts[1]);
    CHECK(effects_before == 1);
    CHECK(effects_first == 1);
    CHECK(effects_second == 1);

    bot.process().send_signal(SIGTERM);
    const ProcessResult result = bot.process().wait(SlackBot::k_deadline);
    CHECK(result.exit_code == 0);
    const int duplicates =
        (effects_first > 1 ? effects_first - 1 : 0) + (effects_second > 1 ? effects_second - 1 : 0);
    const int lost = (effects_first == 0 ? 1 : 0) + (effects_second == 0 ? 1 : 0);
    std::printf("disk full e2e: deliveries during the outage 4 (2 events), acked 0, refusals "
                "sent %d; after space returned: acked 2, effects found %d, duplicates: %d, "
                "lost: %d\n",
                refusals(fake), effects_first + effects_second, duplicates, lost);
}

TEST_CASE("Disk faults e2e: a read-only database stops the bot and nothing is lost") {
    FakeSlack fake;
    TempDir dir;
    {
        // A first run creates the database (writable).
        NamespacedBot bot(fake, dir, "true");
        REQUIRE_MESSAGE(bot.wait([&] { return fake.hellos() >= 1; }), bot.log());
        const std::string envelope = fake.send_app_mention(mention("first run"));
        REQUIRE(bot.wait([&] { return fake.ack_count(envelope) > 0; }));
        bot.process().send_signal(SIGTERM);
        REQUIRE(bot.process().wait(SlackBot::k_deadline).exit_code == 0);
    }
    // Sent while no bot is connected: Slack holds it for the next connection.
    const std::string waiting = fake.send_app_mention(mention("while read-only"));
    {
        NamespacedBot bot(fake, dir, k_read_only);
        const ProcessResult result = bot.process().wait(SlackBot::k_deadline);
        CHECK(result.exit_code == 1);
        CHECK_MESSAGE(result.err.find("is read-only") != std::string::npos, result.err);
        CHECK(fake.hellos() == 1); // it never connected, so nothing was taken and dropped
        CHECK(fake.ack_count(waiting) == 0);
    }
    {
        NamespacedBot bot(fake, dir, "true");
        REQUIRE_MESSAGE(bot.wait([&] { return fake.ack_count(waiting) > 0; }), bot.log());
        bot.process().send_signal(SIGTERM);
        CHECK(bot.process().wait(SlackBot::k_deadline).exit_code == 0);
    }
    const int effects = ideas_with(dir.file("data/bot.db"), "while read-only");
    CHECK(effects == 1);
    CHECK(ideas_with(dir.file("data/bot.db"), "first run") == 1);
    std::printf("read-only e2e: start on a read-only database refused with exit 1, events "
                "acked while read-only 0; after it was writable: effects found %d, "
                "duplicates: %d, lost: %d\n",
                effects, effects > 1 ? effects - 1 : 0, effects == 0 ? 1 : 0);
}

TEST_SUITE_END();
