// Slack connection changes and the read-back of earlier posts, end to end (issue 17): an envelope
// on a warned connection after its successor's hello is acked there; apps.connections.open is
// paced however often Slack warns; a reply whose read-back fails with missing_scope is held, not
// posted twice, and the requester told.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using nlohmann::json;
using onevoice::tests::ApiCall;
using onevoice::tests::EventDelivery;
using onevoice::tests::FakeSlack;
using onevoice::tests::SlackBot;
using onevoice::tests::SlashCommandSpec;
using BotOptions = onevoice::tests::SlackBotOptions;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// SocketModeOptions::connect_interval.
constexpr auto k_connect_interval = seconds(2);

SlashCommandSpec team_command() {
    SlashCommandSpec spec;
    spec.command = "/team";
    return spec;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A Web API argument as text: JSON bodies are typed, form fields strings.
std::string arg(const json& args, const char* key) {
    const auto it = args.find(key);
    return it == args.end() ? std::string() : it->is_string() ? it->get<std::string>() : it->dump();
}

// Lets the bot run for `period` while its output is read (nothing is waited for).
void run_for(SlackBot& bot, milliseconds period) {
    bot.wait([] { return false; }, period);
}

// The most apps.connections.open calls `interval` allows from `first` to `last`: the first
// connection, one per interval since, and one in flight.
int paced_bound(Clock::time_point first, Clock::time_point last) {
    return 2 + static_cast<int>((last - first) / k_connect_interval);
}

// Every pair of consecutive opens after the first connection: their distance.
milliseconds shortest_gap(const std::vector<ApiCall>& opens) {
    milliseconds shortest = seconds(3600);
    for (std::size_t i = 2; i < opens.size(); ++i) {
        shortest = std::min(
            shortest, std::chrono::duration_cast<milliseconds>(opens[i].at - opens[i - 1].at));
    }
    return shortest;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE(
    "Slack e2e: an envelope on a warned connection after its successor's hello is acked there") {
    onevoice::tests::FakeSlackOptions slow_close;
    slow_close.disconnect_grace = seconds(8); // time for the late envelope on a loaded machine
    FakeSlack fake(slow_close);
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    fake.send_disconnect("warning");
    REQUIRE(bot.wait_connected(2));
    // A command on the successor, acked: the bot has taken its hello.
    const std::string on_successor = fake.send_slash_command(team_command());
    REQUIRE(bot.wait_acked(on_successor));

    // Slack still sends on the warned connection: the command runs and is acked on it.
    EventDelivery on_warned;
    on_warned.connection = 1;
    const std::string late = fake.send_app_mention("<@U0BOT1V0C> team", on_warned);
    CHECK(bot.wait_acked(late));
    CHECK(fake.ack_count(late) == 1);
    for (const auto& ack : fake.acks()) {
        if (ack.envelope_id == late) {
            CHECK(ack.connection == 1);
        }
    }
    CHECK(bot.wait([&] { return fake.call_count("chat.postMessage", true) >= 2; }));

    // The warned connection stays until the server closes it.
    CHECK(bot.wait([&] { return fake.connections().at(0).closed_at.has_value(); }, seconds(20)));
    CHECK(fake.connections().at(0).is_closed_by_server);
    CHECK(fake.call_count("apps.connections.open", true) == 2);
}

TEST_CASE("Slack e2e: a warning disconnect every second: connection opens are paced") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    std::vector<std::string> envelopes;
    const auto first = Clock::now();
    for (int i = 0; i < 12; ++i) {
        fake.send_disconnect("warning");
        envelopes.push_back(fake.send_slash_command(team_command()));
        run_for(bot, seconds(1));
    }
    const auto last = Clock::now();
    const auto opens = fake.calls("apps.connections.open");
    MESSAGE("connections opened: " << opens.size());
    CHECK(static_cast<int>(opens.size()) <= paced_bound(first, last));
    CHECK(shortest_gap(opens) >= k_connect_interval - milliseconds(50));

    // Nothing lost on the way: each command acked once, on the connection it came on, and answered.
    CHECK(bot.wait([&] { return fake.total_acks() >= static_cast<int>(envelopes.size()); }));
    for (const std::string& id : envelopes) {
        CHECK_MESSAGE(fake.ack_count(id) == 1, id);
    }
    const auto sent = fake.sent();
    for (const auto& ack : fake.acks()) {
        for (const auto& frame : sent) {
            if (frame.envelope_id == ack.envelope_id) {
                CHECK(ack.connection == frame.connection);
            }
        }
    }
    CHECK(bot.wait([&] {
        return fake.call_count("chat.postMessage", true) >= static_cast<int>(envelopes.size());
    }));
}

TEST_CASE(
    "Slack e2e: a server that warns every new connection at once gets one open per interval") {
    FakeSlack fake;
    SlackBot bot(fake, [] {
        BotOptions options;
        options.is_verbose = false; // one log line per connection otherwise
        return options;
    }());
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    fake.set_warn_on_hello(true);
    const auto first = Clock::now();
    fake.send_disconnect("warning");
    const std::string during = fake.send_slash_command(team_command());
    run_for(bot, seconds(7));
    const auto last = Clock::now();
    fake.set_warn_on_hello(false);
    const auto opens = fake.calls("apps.connections.open");
    MESSAGE("connections opened: " << opens.size());
    // Before the pacing, `hello` reset the backoff: thousands of connections a minute.
    CHECK(static_cast<int>(opens.size()) <= paced_bound(first, last));
    CHECK(shortest_gap(opens) >= k_connect_interval - milliseconds(50));
    CHECK(bot.wait_acked(during));
    CHECK(fake.ack_count(during) == 1);
}

TEST_CASE("Slack e2e: a reply whose read-back fails with missing_scope is held, not posted twice") {
    FakeSlack fake;
    BotOptions options;
    options.config = "[outbox]\nmax_attempts = 3\n";
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    // The first post reaches Slack but its answer is lost; every read-back lacks the scope.
    fake.lose_answers("chat.postMessage", 1);
    fake.fail_next("conversations.history", 100, "missing_scope");
    const std::string envelope = fake.send_slash_command(team_command());
    REQUIRE(bot.wait_acked(envelope));
    const bool told = bot.wait(
        [&] { return !ok_calls(fake, "chat.postMessage", "could not be delivered").empty(); },
        seconds(20));
    CHECK(told);
    run_for(bot, milliseconds(300)); // a late post would show now

    // The reply is in the channel once: the attempt whose answer was lost, nothing after it.
    int tagged_posts = 0;
    for (const ApiCall& call : fake.calls("chat.postMessage")) {
        tagged_posts += call.args.contains("metadata") ? 1 : 0;
    }
    CHECK(tagged_posts == 1);
    int tagged_messages = 0;
    for (const auto& message : fake.messages()) {
        tagged_messages += message.metadata.is_null() ? 0 : 1;
    }
    CHECK(tagged_messages == 1);

    // Each read-back: one page of 15 with metadata, from just before the row was queued.
    const auto reads = fake.calls("conversations.history");
    CHECK(reads.size() == 2); // attempts 2 and 3 of 3
    for (const ApiCall& read : reads) {
        CHECK(arg(read.args, "limit") == "15");
        CHECK(arg(read.args, "include_all_metadata") == "true");
        CHECK(arg(read.args, "channel") == "C0TEAM0001");
        const std::string oldest = arg(read.args, "oldest");
        REQUIRE_FALSE(oldest.empty());
        CHECK(std::stod(oldest) < std::stod(fake.messages().front().ts));
    }
    CHECK(contains(bot.log(), "reply held"));
}

TEST_SUITE_END();
