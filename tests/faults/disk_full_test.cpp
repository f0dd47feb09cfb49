// Disk faults through the built binary against the Slack and Matrix fakes (issues 9
// and 19): the database lives on a real 600 KiB tmpfs in a user and mount namespace
// of its own (`unshare -Urm`, no root needed); the test fills it with a ballast file
// from inside that namespace (`nsenter`) and removes it again. A read-only
// database is a read-only bind mount at start-up.
#include "storage/database.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/leeway.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
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

// The chat platform a NamespacedBot talks to: its config file and environment.
struct Platform {
    std::string config;
    std::map<std::string, std::string> env;
};

Platform slack_platform(const FakeSlack& fake) {
    return {"admins = [\"<@U024BE7LH>\"]\n",
            {{"SLACK_APP_TOKEN", fake.options().app_token},
             {"SLACK_BOT_TOKEN", fake.options().bot_token},
             {"SLACK_API_URL", fake.api_url()},
             {"MATRIX_ACCESS_TOKEN", ""},
             {"MATRIX_PASSWORD", ""}}};
}

// As MatrixBot starts it: alice the admin, in the team room.
Platform matrix_platform(const FakeMatrix& fake) {
    return {"adapter = \"matrix\"\nadmins = [\"" + std::string(MatrixBot::k_admin) +
                "\"]\n[matrix]\nrooms = [\"" + MatrixBot::k_team_room + "\"]\n",
            {{"MATRIX_HOMESERVER", fake.homeserver()},
             {"MATRIX_ACCESS_TOKEN", fake.options().access_token},
             {"MATRIX_PASSWORD", ""},
             {"SLACK_APP_TOKEN", ""},
             {"SLACK_BOT_TOKEN", ""}}};
}

// The bot in its own namespaces, its data directory `m_data` mounted as
// `mount_script` says (a tmpfs, or a read-only bind). The process id is the
// bot's own: the shell execs it.
class NamespacedBot {
public:
    NamespacedBot(FakeSlack& fake, const TempDir& dir, const std::string& mount_script)
        : NamespacedBot(slack_platform(fake), dir, mount_script) {}
    NamespacedBot(const Platform& platform, const TempDir& dir, const std::string& mount_script)
        : m_data(dir.file("data"))
        , m_process(program("unshare"), options(platform, dir, mount_script)) {}

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
    ProcessOptions options(const Platform& platform, const TempDir& dir,
                           const std::string& mount_script) {
        std::filesystem::create_directories(m_data);
        ProcessOptions out;
        out.cwd = dir.str();
        const std::string config = dir.write("onevoice.toml", platform.config);
        out.args = {"-Urm",        "sh",
                    "-c",          mount_script + " && exec \"$@\"",
                    m_data,        onevoice::tests::bot_binary(),
                    "--db",        data("bot.db"),
                    "--config",    config,
                    "--log-level", "debug"};
        out.env = platform.env;
        return out;
    }

    std::string m_data;
    Process m_process;
    ProcessResult m_last;
};

// "$0" is the data directory (see NamespacedBot::options).
const std::string k_tmpfs = "mount -t tmpfs -o size=600k tmpfs \"$0\"";
// The Matrix bot commits its sync position with every batch, so its WAL holds about 500 KiB
// before the first checkpoint: on 600 KiB the space freed after the outage would fill again.
const std::string k_tmpfs_matrix = "mount -t tmpfs -o size=2m tmpfs \"$0\"";
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

// The `since` of a GET /sync query string, as sent (percent-encoded); "" for none.
std::string since_of(const MatrixRequest& request) {
    const std::string& query = request.query;
    auto at = query.find("since=");
    while (at != std::string::npos && at > 0 && query[at - 1] != '&') {
        at = query.find("since=", at + 1);
    }
    if (at == std::string::npos) {
        return {};
    }
    const auto end = query.find('&', at);
    return query.substr(at + 6, end == std::string::npos ? std::string::npos : end - at - 6);
}

std::string next_batch_of(const MatrixRequest& sync) {
    return sync.response.is_object() ? sync.response.value("next_batch", "") : "";
}

std::vector<MatrixRequest> syncs(const FakeMatrix& fake) {
    std::vector<MatrixRequest> out;
    for (MatrixRequest& request : fake.requests()) {
        if (request.method == "GET" && request.path.ends_with("/sync")) {
            out.push_back(std::move(request));
        }
    }
    return out;
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

TEST_CASE("Disk faults e2e: on Matrix a full tmpfs keeps the sync position - after space "
          "returns every command runs once and is answered once") {
    FakeMatrix fake;
    const std::string team = MatrixBot::k_team_room;
    const std::string alice = MatrixBot::k_admin;
    fake.create_room(team, {alice}, true);
    TempDir dir;
    NamespacedBot bot(matrix_platform(fake), dir, k_tmpfs_matrix);
    REQUIRE_MESSAGE(
        bot.wait([&] { return fake.is_bot_joined(team) && fake.count("GET", "/sync") >= 2; }),
        "the bot did not start in its namespace with a tmpfs (unshare -Urm, mount "
        "-t tmpfs must work here):\n"
            << bot.log());
    const auto answers = [&](const std::string& part) {
        return static_cast<int>(bot_messages_with(fake, {team}, part).size());
    };
    fake.send_text(team, alice, "!idea before the outage");
    REQUIRE_MESSAGE(bot.wait([&] { return answers("before the outage") == 1; }), bot.log());

    REQUIRE_MESSAGE(bot.inside("cat /dev/zero > \"" + bot.data("ballast") +
                               "\" 2>/dev/null; test -s \"" + bot.data("ballast") + "\""),
                    bot.log());
    const std::vector<std::string> texts = {"during one", "during two"};
    const std::string first = fake.send_text(team, alice, "!idea " + texts[0]);
    fake.send_text(team, alice, "!idea " + texts[1]);
    // Refused once, in the room (Matrix shows nobody a message of their own), and the
    // same batch fetched again at least once: it brings the command, which fails again.
    const auto brings_first = [&](const MatrixRequest& request) {
        return request.response.dump().find(first) != std::string::npos;
    };
    REQUIRE_MESSAGE(bot.wait(
                        [&] {
                            const std::vector<MatrixRequest> all = syncs(fake);
                            return answers(k_refusal) >= 1 &&
                                   bot.count_in_log("command not stored") >= 2 &&
                                   std::any_of(all.begin(), all.end(), brings_first);
                        },
                        leeway(std::chrono::milliseconds(20000))),
                    bot.log());
    CHECK(bot.count_in_log("database or disk is full") >= 2);
    CHECK_FALSE(bot.process().has_exited());

    // Every sync that brought the first command, and every sync after them while the disk
    // was full, start from the same position: nothing from there on was taken as done. (A
    // long-poll answered later is recorded unanswered, so these are the fetches again.)
    const std::vector<MatrixRequest> during = syncs(fake);
    const auto delivered = std::find_if(during.begin(), during.end(), brings_first);
    REQUIRE(delivered != during.end());
    const std::string position = since_of(*delivered);
    const std::string next_batch = next_batch_of(*delivered);
    CHECK_FALSE(position.empty());
    CHECK(position != next_batch);
    int fetched_again = 0;
    for (auto it = delivered; it != during.end(); ++it) {
        CHECK(since_of(*it) == position);
        fetched_again += brings_first(*it) ? 1 : 0;
    }
    CHECK(fetched_again >= 1);

    // Space returns: both commands run, each answered once; a later one shows nothing repeats.
    REQUIRE_MESSAGE(bot.inside("rm \"" + bot.data("ballast") + "\""), bot.log());
    REQUIRE_MESSAGE(bot.wait([&] { return answers(texts[0]) >= 1 && answers(texts[1]) >= 1; },
                             leeway(std::chrono::milliseconds(60000))),
                    bot.log());
    fake.send_text(team, alice, "!idea after the outage");
    REQUIRE_MESSAGE(bot.wait([&] { return answers("after the outage") == 1; }), bot.log());
    CHECK(answers(texts[0]) == 1);
    CHECK(answers(texts[1]) == 1);
    CHECK(answers(k_refusal) == 1); // the first command, once; the second never ran before
    bool moved_on = false;
    for (const MatrixRequest& request : syncs(fake)) {
        moved_on = moved_on || since_of(request) == next_batch;
    }
    CHECK(moved_on);

    REQUIRE_MESSAGE(bot.inside("cp \"" + bot.data("bot.db") + "\" \"" + bot.data("bot.db-wal") +
                               "\" \"" + dir.str() + "\"/"),
                    bot.log());
    const std::string copy = dir.file("bot.db");
    const int effects_first = ideas_with(copy, texts[0]);
    const int effects_second = ideas_with(copy, texts[1]);
    CHECK(ideas_with(copy, "before the outage") == 1);
    CHECK(effects_first == 1);
    CHECK(effects_second == 1);
    bot.process().send_signal(SIGTERM);
    CHECK(bot.process().wait(SlackBot::k_deadline).exit_code == 0);
    std::printf("disk full e2e (Matrix): fetches of the same batch while full %d, refusals "
                "%d; after space returned: effects found %d, duplicates: %d, lost: %d\n",
                fetched_again, answers(k_refusal), effects_first + effects_second,
                std::max(effects_first - 1, 0) + std::max(effects_second - 1, 0),
                (effects_first == 0 ? 1 : 0) + (effects_second == 0 ? 1 : 0));
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
