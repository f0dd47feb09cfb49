// The Slack adapter end to end: the built `onevoice` binary against FakeSlack (Web API and
// Socket Mode over loopback), as issue 3 "Tests" lists them.
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/leeway.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <stdlib.h>
#include <string>
#include <vector>

using nlohmann::json;
using onevoice::tests::ApiCall;
using onevoice::tests::BlockActionSpec;
using onevoice::tests::EventDelivery;
using onevoice::tests::FakeSlack;
using onevoice::tests::FakeSlackOptions;
using onevoice::tests::leeway;
using onevoice::tests::Process;
using onevoice::tests::ProcessResult;
using onevoice::tests::SlackBot;
using onevoice::tests::SlashCommandSpec;
using BotOptions = onevoice::tests::SlackBotOptions;
using onevoice::tests::ok_calls;

using onevoice::tests::read_file;
using onevoice::tests::TempDir;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds k_deadline = std::chrono::seconds(10);
// Sanitizers make every round trip several times slower; there the stream is
// about correctness, not load, and a quarter of it exercises the same handover.
#if defined(__SANITIZE_ADDRESS__)
constexpr int k_stream_commands = 250;
constexpr milliseconds k_stream_deadline = std::chrono::seconds(240);
#else
constexpr int k_stream_commands = 1000;
constexpr milliseconds k_stream_deadline = std::chrono::seconds(40);
#endif
const std::string k_alice = "U024BE7LH";
const std::string k_channel = "C0TEAM0001";
const std::string k_alice_dm = "D0ALICE001";

std::string fixture(const std::string& name) {
    return read_file(std::string(onevoice::tests::source_dir()) + "/tests/fixtures/slack/" + name);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string tail(const std::string& text, std::size_t size = 6000) {
    return text.size() <= size ? text : "…" + text.substr(text.size() - size);
}

// A user id for stream item `n`, as a mention: "<@U9000042>". Distinct for n < 1 000 000.
std::string user_marker(int series, int n) {
    char out[32];
    std::snprintf(out, sizeof out, "<@U%d%06d>", series, n);
    return out;
}

SlashCommandSpec slash(const std::string& command, const std::string& text = "") {
    SlashCommandSpec spec;
    spec.command = command;
    spec.text = text;
    return spec;
}

EventDelivery delivery(const std::string& event_id, int retry_attempt = 0,
                       const std::string& retry_reason = "") {
    EventDelivery out;
    out.event_id = event_id;
    out.retry_attempt = retry_attempt;
    out.retry_reason = retry_reason;
    return out;
}

BotOptions quiet() {
    BotOptions options;
    options.is_verbose = false;
    options.is_in_memory_fs = true;
    return options;
}

std::string add_helper(const std::string& marker) {
    return "add " + marker + " helper";
}

// The button with `value` in a message's Block Kit blocks, or null.
json find_button(const json& blocks, const std::string& value) {
    for (const json& block : blocks) {
        if (block.value("type", "") != "actions") {
            continue;
        }
        for (const json& element : block.value("elements", json::array())) {
            if (element.value("type", "") == "button" && element.value("value", "") == value) {
                return element;
            }
        }
    }
    return nullptr;
}

// Checks that an envelope was acked once, within Slack's 3 seconds.
void check_acked_in_time(const FakeSlack& fake, const std::string& envelope_id) {
    CHECK_MESSAGE(fake.ack_count(envelope_id) == 1, envelope_id);
    const auto sent = fake.sent();
    const auto acks = fake.acks();
    const auto frame = std::find_if(sent.begin(), sent.end(),
                                    [&](const auto& f) { return f.envelope_id == envelope_id; });
    const auto ack = std::find_if(acks.begin(), acks.end(),
                                  [&](const auto& a) { return a.envelope_id == envelope_id; });
    REQUIRE(frame != sent.end());
    REQUIRE(ack != acks.end());
    CHECK(ack->connection == frame->connection);
    CHECK(ack->at - frame->at < fake.options().ack_deadline); // 3 s, more under sanitizers
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack e2e: a slash command is acknowledged and its reply posted with blocks and text") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    SlashCommandSpec command;
    SUBCASE("/team") {
        command.command = "/team";
    }
    SUBCASE("/onevoice team") {
        command.command = "/onevoice";
        command.text = "team";
    }
    const std::string envelope = fake.send_slash_command(command);
    REQUIRE(bot.wait_call("chat.postMessage"));
    REQUIRE(bot.wait_acked(envelope));
    check_acked_in_time(fake, envelope);

    const auto posts = ok_calls(fake, "chat.postMessage");
    REQUIRE(posts.size() == 1);
    const json& args = posts.front().args;
    CHECK(args.value("channel", "") == k_channel);
    REQUIRE(args.contains("blocks"));
    CHECK(args["blocks"].is_array());
    CHECK_FALSE(args["blocks"].empty());
    CHECK(contains(args.dump(), "Team"));
    CHECK(contains(args["blocks"].dump(), "<@" + k_alice + ">"));
    CHECK_FALSE(args.value("text", "").empty());
    CHECK_FALSE(args.contains("thread_ts"));
    // auth.test first with the bot token; the app token only opened the socket.
    const auto calls = fake.calls();
    REQUIRE_FALSE(calls.empty());
    CHECK(calls.front().method == "auth.test");
    CHECK(ok_calls(fake, "apps.connections.open").size() == 1);
    for (const ApiCall& call : calls) {
        CHECK_MESSAGE(call.ok(), call.method << " " << call.response.dump());
    }
}

TEST_CASE("Slack e2e: an unknown command gets an ephemeral reply for the requester only") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    const std::string envelope = fake.send_slash_command(slash("/onevoice", "frobnicate now"));
    REQUIRE(bot.wait_call("chat.postEphemeral"));
    REQUIRE(bot.wait_acked(envelope));
    const auto ephemeral = ok_calls(fake, "chat.postEphemeral");
    REQUIRE(ephemeral.size() == 1);
    CHECK(ephemeral.front().args.value("user", "") == k_alice);
    CHECK(ephemeral.front().args.value("channel", "") == k_channel);
    CHECK(contains(ephemeral.front().args.dump(), "frobnicate"));
    CHECK(fake.calls("chat.postMessage").empty());
}

TEST_CASE("Slack e2e: a mention and a direct message run - own, bot and edited messages do not") {
    FakeSlack fake;
    fake.add_user(k_alice, "alice");
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    const std::string bot_user = fake.options().bot_user_id;

    std::vector<std::string> envelopes;
    envelopes.push_back(fake.send_app_mention("<@" + bot_user + "> team"));
    envelopes.push_back(fake.send_direct_message("team"));
    // The bot's own message in the DM, as Slack echoes it (events_message_own.json).
    json own = json::parse(fixture("events_message_own.json"))["payload"]["event"];
    own["user"] = bot_user;
    envelopes.push_back(fake.send_event(own));
    envelopes.push_back(
        fake.send_event(json::parse(fixture("events_message_bot.json"))["payload"]["event"]));
    envelopes.push_back(
        fake.send_event(json::parse(fixture("events_message_edited.json"))["payload"]["event"]));
    // The last one marks the end: replies go out in order per conversation.
    envelopes.push_back(fake.send_direct_message("team add <@U9300001> helper"));
    REQUIRE(bot.wait_call("chat.postMessage", "<@U9300001>"));
    REQUIRE(bot.wait([&] {
        return std::all_of(envelopes.begin(), envelopes.end(),
                           [&](const std::string& id) { return fake.ack_count(id) > 0; });
    }));
    for (const std::string& id : envelopes) {
        check_acked_in_time(fake, id);
    }
    const auto in_channel = ok_calls(fake, "chat.postMessage", "\"channel\":\"" + k_channel);
    const auto in_dm = ok_calls(fake, "chat.postMessage", "\"channel\":\"" + k_alice_dm);
    CHECK(in_channel.size() == 1);
    REQUIRE(in_dm.size() == 2);
    CHECK(contains(in_dm[0].args.dump(), "Team"));
    CHECK(contains(in_dm[1].args.dump(), "<@U9300001>"));
    CHECK(fake.calls("chat.postMessage").size() == 3);
    // A mention at the top of a channel is answered there, not in a thread.
    CHECK_FALSE(in_channel.front().args.contains("thread_ts"));
    // Display names come from users.info, asked once per user.
    CHECK(fake.calls("users.info").size() == 1);
}

TEST_CASE("Slack e2e: the roster's Refresh button updates the posted message") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    fake.send_slash_command(slash("/team"));
    REQUIRE(bot.wait_call("chat.postMessage"));
    const auto posted = ok_calls(fake, "chat.postMessage").front();
    const std::string ts = posted.response.value("ts", "");
    const json button = find_button(posted.args.value("blocks", json::array()), "team");
    INFO("blocks: " << posted.args.value("blocks", json()).dump());
    REQUIRE(button.is_object());
    const std::string action_id = button.value("action_id", "");
    CHECK(action_id.starts_with("team.refresh"));

    // Someone joins, then alice presses Refresh on the posted roster.
    fake.send_slash_command(slash("/team", add_helper("<@U9400001>")));
    REQUIRE(bot.wait_call("chat.postMessage", "<@U9400001>"));
    BlockActionSpec press;
    press.action_id = action_id;
    press.value = "team";
    press.message_ts = ts;
    press.channel_id = k_channel;
    const std::string envelope = fake.send_block_actions(press);
    REQUIRE(bot.wait_call("chat.update"));
    REQUIRE(bot.wait_acked(envelope));
    check_acked_in_time(fake, envelope);
    const auto updates = ok_calls(fake, "chat.update");
    REQUIRE(updates.size() == 1);
    CHECK(updates.front().args.value("ts", "") == ts);
    CHECK(updates.front().args.value("channel", "") == k_channel);
    CHECK(contains(updates.front().args.dump(), "<@U9400001>"));
    CHECK(find_button(updates.front().args.value("blocks", json::array()), "team").is_object());
    CHECK(fake.calls("chat.postMessage").size() == 2);
}

TEST_CASE("Slack e2e: refresh_requested in a stream of 1 000 commands: each handled once") {
    constexpr int k_commands = k_stream_commands;
    FakeSlackOptions options;
    // About the connection, not the pace: at Slack's one message a second per channel the
    // 1 000 replies would take 17 minutes ("Slack e2e: a burst in one channel" covers that).
    options.channel_burst = 0;
    FakeSlack fake(options);
    SlackBot bot(fake, quiet());
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    std::vector<std::string> envelopes;
    for (int i = 0; i < k_commands; ++i) {
        if (i == k_commands / 2) {
            fake.send_disconnect("refresh_requested");
        }
        envelopes.push_back(fake.send_slash_command(slash("/team", add_helper(user_marker(9, i)))));
    }
    const bool is_done = bot.wait(
        [&] {
            return fake.total_acks() >= k_commands &&
                   fake.call_count("chat.postMessage") >= k_commands;
        },
        k_stream_deadline);
    CHECK(is_done);

    // Every envelope acked once, on the connection it came on.
    std::map<std::string, int> sent_on;
    for (const auto& frame : fake.sent()) {
        sent_on[frame.envelope_id] = frame.connection;
    }
    std::map<std::string, int> ack_counts;
    for (const auto& ack : fake.acks()) {
        ++ack_counts[ack.envelope_id];
        CHECK(ack.connection == sent_on[ack.envelope_id]);
    }
    int missing_acks = 0;
    for (const std::string& id : envelopes) {
        missing_acks += ack_counts[id] == 1 ? 0 : 1;
    }
    CHECK(missing_acks == 0);

    // Every command's reply posted exactly once.
    std::vector<int> replies(k_commands, 0);
    for (const ApiCall& call : ok_calls(fake, "chat.postMessage")) {
        std::set<int> in_call;
        const std::string text = call.args.dump();
        for (auto at = text.find("<@U9"); at != std::string::npos; at = text.find("<@U9", at + 1)) {
            in_call.insert(std::stoi(text.substr(at + 4, 6)));
        }
        for (int n : in_call) {
            if (n >= 0 && n < k_commands) {
                ++replies[static_cast<std::size_t>(n)];
            }
        }
    }
    int wrong = 0;
    std::string first_wrong;
    for (int i = 0; i < k_commands; ++i) {
        const int count = replies[static_cast<std::size_t>(i)];
        if (count != 1 && wrong++ < 10) {
            first_wrong += " #" + std::to_string(i) + ": " + std::to_string(count);
        }
    }
    INFO("replies per command (first wrong ones):" << first_wrong);
    CHECK(wrong == 0);

    // The old connection stayed after its successor's hello, until the server closed it
    // (Slack may still send on it).
    CHECK(bot.wait([&] { return fake.connections().at(0).closed_at.has_value(); }));
    const auto connections = fake.connections();
    REQUIRE(connections.size() >= 2);
    CHECK(connections[0].is_retiring);
    REQUIRE(connections[0].closed_at.has_value());
    CHECK(connections[0].is_closed_by_server);
    CHECK(connections[1].opened_at < *connections[0].closed_at);
    CHECK(ok_calls(fake, "apps.connections.open").size() == 2);
}

TEST_CASE("Slack e2e: an event redelivered with retry_attempt 1 is acked and runs once") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    const std::string first =
        fake.send_direct_message("team add <@U9500001> helper", delivery("Ev0RETRY0001"));
    REQUIRE(bot.wait_acked(first));
    // Slack did not see the ack in time: the same event again, in a new envelope.
    const std::string again = fake.send_direct_message("team add <@U9500001> helper",
                                                       delivery("Ev0RETRY0001", 1, "timeout"));
    // A retry whose first delivery never arrived is the only copy: it must run.
    const std::string only_copy = fake.send_direct_message("team add <@U9500002> helper",
                                                           delivery("Ev0RETRY0002", 1, "timeout"));
    const std::string marker = fake.send_direct_message("team add <@U9500003> helper");
    REQUIRE(bot.wait_call("chat.postMessage", "<@U9500003>"));
    REQUIRE(bot.wait_acked(marker));
    CHECK(first != again);
    for (const std::string& id : {first, again, only_copy, marker}) {
        check_acked_in_time(fake, id);
    }
    CHECK(ok_calls(fake, "chat.postMessage", "<@U9500001>").size() == 1);
    CHECK(ok_calls(fake, "chat.postMessage", "<@U9500002>").size() == 1);
    CHECK(fake.calls("chat.postMessage").size() == 3);
}

TEST_CASE("Slack e2e: HTTP 429 on chat.postMessage: Retry-After is honoured, order kept") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    // One message: nothing but the Retry-After wait may bring it out again.
    fake.rate_limit("chat.postMessage", 1, 2);
    fake.send_slash_command(slash("/team", add_helper(user_marker(6, 0))));
    REQUIRE(bot.wait([&] { return fake.call_count("chat.postMessage", true) == 1; }));
    auto calls = fake.calls("chat.postMessage");
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].status == 429);
    CHECK(calls[0].response.value("error", "") == "ratelimited");
    CHECK(calls[1].ok());
    CHECK(calls[1].at - calls[0].at >= std::chrono::seconds(2));
    CHECK(calls[1].at - calls[0].at < std::chrono::seconds(2) + leeway(std::chrono::seconds(2)));

    // Three to the same channel, the first one limited: they still arrive in order.
    fake.rate_limit("chat.postMessage", 1, 2);
    for (int i = 1; i <= 3; ++i) {
        fake.send_slash_command(slash("/team", add_helper(user_marker(6, i))));
    }
    REQUIRE(bot.wait([&] { return fake.call_count("chat.postMessage", true) == 4; }));
    calls = fake.calls("chat.postMessage");
    REQUIRE(calls.size() == 6);
    CHECK(calls[2].status == 429);
    CHECK(contains(calls[2].args.dump(), user_marker(6, 1)));
    for (int i = 1; i <= 3; ++i) {
        const ApiCall& call = calls[static_cast<std::size_t>(i) + 2];
        CHECK(call.ok());
        CHECK(contains(call.args.dump(), user_marker(6, i)));
    }
    CHECK(calls[3].at - calls[2].at >= std::chrono::seconds(2));
    CHECK(calls[3].at - calls[2].at < std::chrono::seconds(2) + leeway(std::chrono::seconds(2)));
}

TEST_CASE("Slack e2e: a burst in one channel keeps Slack's pace - each reply once, in order") {
    FakeSlackOptions options;
    options.channel_interval = milliseconds(100); // Slack's 1 s, ten times faster
    FakeSlack fake(options);
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    constexpr int k_burst = 25; // over the fake's burst of 10 in one channel
    for (int i = 0; i < k_burst; ++i) {
        fake.send_slash_command(slash("/team", add_helper(user_marker(7, i))));
    }
    REQUIRE(bot.wait([&] { return fake.call_count("chat.postMessage", true) == k_burst; }));

    const auto calls = fake.calls("chat.postMessage");
    std::vector<int> order;
    std::optional<std::chrono::steady_clock::time_point> limited_at;
    int limited = 0;
    for (const ApiCall& call : calls) {
        if (call.status == 429) {
            ++limited;
            CHECK(call.response.value("error", "") == "ratelimited");
            limited_at = call.at;
            continue;
        }
        REQUIRE(call.ok());
        // Nothing goes out again before the Retry-After (1 s) of the last 429 has passed.
        if (limited_at) {
            CHECK(call.at - *limited_at >= std::chrono::seconds(1));
            limited_at.reset();
        }
        for (int i = 0; i < k_burst; ++i) {
            if (contains(call.args.dump(), user_marker(7, i))) {
                order.push_back(i);
            }
        }
    }
    CHECK(limited >= 1); // the fake's pace really was exceeded
    std::vector<int> expected(k_burst);
    std::iota(expected.begin(), expected.end(), 0);
    CHECK(order == expected); // each reply once, in the order the commands came
}

TEST_CASE("Slack e2e: a connection dropped by the server is replaced and the bot goes on") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    fake.drop_connection();
    REQUIRE(bot.wait_connected(2));
    const std::string envelope = fake.send_slash_command(slash("/team"));
    REQUIRE(bot.wait_call("chat.postMessage"));
    REQUIRE(bot.wait_acked(envelope));
    check_acked_in_time(fake, envelope);
    const auto connections = fake.connections();
    REQUIRE(connections.size() == 2);
    CHECK(connections[0].is_closed_by_server);
    CHECK(ok_calls(fake, "apps.connections.open").size() == 2);
    CHECK(fake.acks().back().connection == 2);
}

TEST_CASE("Slack e2e: a rejected token stops the bot with one error line naming it") {
    FakeSlack fake;
    BotOptions options;
    std::string variable;
    std::string problem = "invalid_auth";
    SUBCASE("bot token") {
        options.bot_token = "xoxb-0000-wrong-token";
        variable = "SLACK_BOT_TOKEN";
    }
    SUBCASE("app token") {
        options.app_token = "xapp-1-A0000-0000-wrong-token";
        variable = "SLACK_APP_TOKEN";
    }
    SUBCASE("the two tokens swapped") {
        options.bot_token = fake.options().app_token;
        options.app_token = fake.options().bot_token;
        variable = "SLACK_BOT_TOKEN";
        problem = "not a bot token";
    }
    options.is_verbose = false;
    SlackBot bot(fake, options);
    const ProcessResult result = bot.process().wait(k_deadline);
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK_FALSE(result.timed_out);
    CHECK(result.exit_code == 3); // README: a rejected token stops the bot with exit code 3
    std::vector<std::string> errors;
    std::size_t from = 0;
    while (from < result.err.size()) {
        const auto end = result.err.find('\n', from);
        const std::string line = result.err.substr(from, end - from);
        if (contains(line, " error ")) {
            errors.push_back(line);
        }
        from = end == std::string::npos ? result.err.size() : end + 1;
    }
    REQUIRE(errors.size() == 1);
    CHECK(contains(errors.front(), variable));
    CHECK(contains(errors.front(), problem));
    // The secret itself is never logged.
    CHECK_FALSE(contains(result.err, "wrong-token"));
    CHECK_FALSE(contains(result.out, "wrong-token"));
}

TEST_CASE(
    "Slack e2e: TLS with an untrusted certificate is refused - with [slack] ca_file it works") {
    FakeSlackOptions tls;
    tls.uses_tls = true;
    FakeSlack fake(tls);
    REQUIRE(fake.api_url().starts_with("https://127.0.0.1:"));
    SUBCASE("the bot does not know the test CA") {
        SlackBot bot(fake);
        INFO(bot.log());
        CHECK(bot.wait([&] { return contains(bot.process().err(), "certificate"); }));
        CHECK(fake.calls().empty());
        const ProcessResult result = bot.stop();
        CHECK(result.exit_code == 0);
    }
    SUBCASE("the test CA comes from the config file") {
        BotOptions options;
        options.config = "[slack]\nca_file = \"" + fake.ca_file() + "\"\n";
        SlackBot bot(fake, options);
        INFO(bot.log());
        REQUIRE(bot.wait_connected());
        const std::string envelope = fake.send_slash_command(slash("/team"));
        REQUIRE(bot.wait_call("chat.postMessage"));
        REQUIRE(bot.wait_acked(envelope));
        CHECK(ok_calls(fake, "auth.test").size() == 1);
    }
}

TEST_CASE("Slack e2e: malformed, unknown and incomplete envelopes are logged, acked, skipped") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    // Those with a readable envelope_id are acknowledged; the rest cannot be.
    const std::vector<std::pair<std::string, std::string>> acked = {
        {"unknown_type.json", "18d3ee3f-ffff-4f1c-9f4e-3c2b1a0d9e8f"},
        {"malformed_missing_type.json", "29e4ff40-0101-4f1c-9f4e-3c2b1a0d9e8f"},
        {"malformed_slash_missing_user.json", "a8b1d0c2-0000-4f94-bfb4-133d0e6c1545"},
        {"malformed_events_missing_event.json", "60718293-bbbb-4b5c-8d9e-0f1a2b3c4d5e"},
        {"malformed_block_actions_no_actions.json", "f6b1cc1d-dddd-4f1c-9f4e-3c2b1a0d9e8f"},
        {"interactive_view_submission.json", "07c2dd2e-eeee-4f1c-9f4e-3c2b1a0d9e8f"},
        {"events_rate_limited.json", "5f607182-aaaa-4b5c-8d9e-0f1a2b3c4d5e"},
    };
    fake.send_raw(fixture("malformed_not_json.json"));
    fake.send_raw(fixture("malformed_array.json"));
    fake.send_raw("");
    for (const auto& [file, id] : acked) {
        fake.send_raw(fixture(file));
    }
    const std::string envelope = fake.send_slash_command(slash("/team"));
    REQUIRE(bot.wait_call("chat.postMessage"));
    REQUIRE(bot.wait_acked(envelope));
    for (const auto& fixture_and_id : acked) {
        CHECK_MESSAGE(fake.ack_count(fixture_and_id.second) == 1, fixture_and_id.first);
    }
    CHECK(fake.acks().size() == acked.size() + 1);
    CHECK(fake.calls("chat.postMessage").size() == 1);
    CHECK(fake.calls("chat.postEphemeral").empty());
    CHECK(contains(bot.process().err(), "malformed"));
    CHECK(contains(bot.process().err(), "future_feature"));
    CHECK(fake.connections().size() == 1);
}

TEST_CASE("Slack e2e: <!channel> and <@U123> in user text are shown literally") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    std::string typed;
    SUBCASE("typed as text: Slack sends it escaped") {
        typed = "&lt;!channel&gt; hi &lt;@U123&gt; &amp; &lt;!here&gt;";
    }
    SUBCASE("as Slack's own special tokens") {
        typed = "<!channel> hi <@U123> <!here|here>";
    }
    fake.send_slash_command(slash("/team", "away today tomorrow " + typed));
    // The reason of an absence is shown only to whoever set it (and lead roles).
    REQUIRE(bot.wait_call("chat.postEphemeral"));
    const auto posts = ok_calls(fake, "chat.postEphemeral");
    REQUIRE(posts.size() == 1);
    const std::string blocks = posts.front().args.value("blocks", json()).dump();
    const std::string text = posts.front().args.value("text", "");
    INFO("blocks: " << blocks << "\ntext: " << text);
    CHECK(contains(blocks, "hi"));
    for (const std::string& shown : {blocks, text}) {
        CHECK_FALSE(contains(shown, "<!channel"));
        CHECK_FALSE(contains(shown, "<!here"));
        CHECK_FALSE(contains(shown, "<@U123"));
    }
    if (contains(typed, "&lt;!channel&gt;")) {
        CHECK(contains(blocks, "&lt;!channel&gt;"));
        CHECK(contains(blocks, "&lt;@U123&gt;"));
        CHECK(contains(text, "&lt;!channel&gt;"));
    }
}

TEST_CASE("Slack e2e: SIGTERM stops the bot with exit code 0") {
    FakeSlack fake;
    SlackBot bot(fake);
    REQUIRE(bot.wait_connected());
    const ProcessResult result = bot.stop();
    INFO("stdout: " << result.out << "\nstderr: " << tail(result.err));
    CHECK_FALSE(result.timed_out);
    CHECK(result.term_signal == 0);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.err, "OneVoice stopped"));
    // The bot closed its connection itself.
    REQUIRE(fake.wait_for([&] { return fake.connections().front().closed_at.has_value(); }));
    CHECK_FALSE(fake.connections().front().is_closed_by_server);
}

TEST_SUITE_END();
