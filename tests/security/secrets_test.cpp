// Issue #9, security: a whole scenario through the built binary with tokens
// set and log level debug — commands, replies, a reconnect, a restart — and
// then no token, nor any 12-character piece of one, in stdout, stderr, the
// SQLite file or its WAL; and no Authorization header in the logs.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using onevoice::tests::FakeMatrix;
using onevoice::tests::FakeMatrixOptions;
using onevoice::tests::FakeSlack;
using onevoice::tests::FakeSlackOptions;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixBotOptions;
using onevoice::tests::ProcessResult;
using onevoice::tests::SlackBot;
using onevoice::tests::SlackBotOptions;
using onevoice::tests::SlashCommandSpec;
using onevoice::tests::TempDir;

namespace {

constexpr std::size_t k_piece = 12;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// `prefix` and 40 random letters and digits: distinctive, so a hit is a leak.
std::string random_token(const std::string& prefix) {
    static const char k_alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device seed;
    std::mt19937_64 random(seed());
    std::uniform_int_distribution<std::size_t> pick(0, sizeof k_alphabet - 2);
    std::string out = prefix;
    for (int i = 0; i < 40; ++i) {
        out += k_alphabet[pick(random)];
    }
    return out;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The bytes of the database and its WAL and shared-memory files, as far as they exist.
std::string database_bytes(const std::string& path) {
    std::string out;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        if (std::filesystem::exists(path + suffix)) {
            out += onevoice::tests::read_file(path + suffix);
        }
    }
    return out;
}

// `where` holds no piece of `secret` of k_piece characters or more (every
// longer piece contains one of exactly k_piece); a shorter secret not at all.
void check_no_secret(const std::string& where, const std::string& text, const std::string& secret) {
    REQUIRE_FALSE(secret.empty());
    if (secret.size() < k_piece) {
        CHECK_MESSAGE(!contains(text, secret), where, " contains a secret");
        return;
    }
    for (std::size_t at = 0; at + k_piece <= secret.size(); ++at) {
        const std::string piece = secret.substr(at, k_piece);
        if (contains(text, piece)) {
            FAIL_CHECK(where, " contains \"", piece, "\" of a secret");
            return;
        }
    }
}

void check_no_authorization(const std::string& where, const std::string& text) {
    INFO(where);
    CHECK_FALSE(contains(lower(text), "authorization"));
    CHECK_FALSE(contains(lower(text), "bearer "));
}

SlashCommandSpec slash(const std::string& command, const std::string& text) {
    SlashCommandSpec spec;
    spec.command = command;
    spec.text = text;
    return spec;
}

} // namespace

TEST_SUITE_BEGIN("security");

TEST_CASE("Secrets e2e: Slack tokens never reach the logs or the database") {
    FakeSlackOptions fake_options;
    fake_options.app_token = random_token("xapp-1-A0F7YS25R-");
    fake_options.bot_token = random_token("xoxb-17-18-");
    fake_options.disconnect_grace = std::chrono::milliseconds(200);
    FakeSlack fake(fake_options);
    SlackBotOptions options; // debug logging by default
    SlackBot bot(fake, options);
    REQUIRE_MESSAGE(bot.wait_connected(), bot.log());

    fake.send_slash_command(slash("/team", "add <@U0HELPER1> helper"));
    REQUIRE_MESSAGE(bot.wait_call("chat.postMessage", "U0HELPER1"), bot.log());
    fake.send_slash_command(slash("/idea", "add Token talk at the fair #event"));
    REQUIRE_MESSAGE(bot.wait_call("chat.postMessage", "Token talk"), bot.log());
    fake.send_slash_command(slash("/onevoice", "frobnicate"));
    REQUIRE_MESSAGE(bot.wait_call("chat.postEphemeral"), bot.log());
    // Reconnects: Slack's refresh, then a dropped socket.
    fake.send_disconnect("refresh_requested");
    REQUIRE_MESSAGE(bot.wait_connected(2), bot.log());
    fake.drop_connection();
    REQUIRE_MESSAGE(bot.wait_connected(3), bot.log());
    fake.send_app_mention("<@U0BOT1V0C> idea add Where is my invoice?");
    REQUIRE_MESSAGE(bot.wait_call("chat.postMessage", "invoice"), bot.log());
    // Every call presented the real tokens: the scenario really used them.
    for (const auto& call : fake.calls()) {
        CHECK((call.token == fake_options.bot_token || call.token == fake_options.app_token));
    }

    const std::string live_db = database_bytes(bot.database());
    const ProcessResult result = bot.stop();
    CHECK(result.exit_code == 0);
    REQUIRE(contains(lower(result.err), "debug")); // the scenario ran at debug level
    const std::string stored = live_db + database_bytes(bot.database());
    REQUIRE(contains(stored, "Token talk at the fair"));
    for (const std::string& token : {fake_options.app_token, fake_options.bot_token}) {
        check_no_secret("stdout", result.out, token);
        check_no_secret("stderr", result.err, token);
        check_no_secret("the database", stored, token);
    }
    check_no_authorization("stdout", result.out);
    check_no_authorization("stderr", result.err);
}

TEST_CASE("Secrets e2e: the Matrix token and password never reach the logs or the database") {
    FakeMatrixOptions fake_options;
    fake_options.access_token = random_token("syt_b25ldm9pY2U_");
    fake_options.password = random_token("pw-");
    FakeMatrix fake(fake_options);
    const std::string team = MatrixBot::k_team_room;
    const std::string alice = MatrixBot::k_admin;
    fake.create_room(team, {alice}, true);
    TempDir dir;
    MatrixBotOptions options;
    std::vector<std::string> secrets;
    SUBCASE("an access token") {
        options.token = fake_options.access_token;
        secrets = {fake_options.access_token};
    }
    SUBCASE("a password login") {
        options.password = fake_options.password;
        secrets = {fake_options.password};
    }
    std::string out;
    std::string err;
    std::string stored;
    {
        MatrixBot bot(fake, dir, options);
        REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
        fake.send_text(team, alice, "!team add @bob:example.org helper");
        REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
        fake.send_text(team, alice, "!idea add Token talk at the fair #event");
        REQUIRE_MESSAGE(bot.wait_messages(2), bot.log());
        // A broken /sync answer: the bot polls again (a reconnect).
        fake.answer_next_sync_raw("{\"next_batch\": ");
        fake.send_text(team, alice, "!team");
        REQUIRE_MESSAGE(bot.wait_messages(3), bot.log());
        stored += database_bytes(dir.file("bot.db"));
        const ProcessResult result = bot.stop();
        CHECK(result.exit_code == 0);
        out += result.out;
        err += result.err;
    }
    {
        // A restart on the same database.
        MatrixBot bot(fake, dir, options);
        REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
        fake.send_text(team, alice, "!idea list");
        REQUIRE_MESSAGE(bot.wait_messages(4), bot.log());
        const ProcessResult result = bot.stop();
        CHECK(result.exit_code == 0);
        out += result.out;
        err += result.err;
    }
    stored += database_bytes(dir.file("bot.db"));
    REQUIRE(contains(stored, "Token talk at the fair"));
    REQUIRE(contains(lower(err), "debug"));
    for (const auto& request : fake.requests()) {
        if (!request.token.empty()) {
            secrets.push_back(request.token); // the login's session token too, for the logs
        }
    }
    for (const std::string& secret : secrets) {
        check_no_secret("stdout", out, secret);
        check_no_secret("stderr", err, secret);
    }
    // The environment's secrets stay out of the database. (A password login's
    // session token is stored on purpose, so a restart reuses the session.)
    check_no_secret("the database", stored,
                    options.token.empty() ? options.password : options.token);
    check_no_authorization("stdout", out);
    check_no_authorization("stderr", err);
}

TEST_SUITE_END();
