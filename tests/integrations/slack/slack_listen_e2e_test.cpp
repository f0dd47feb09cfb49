// Listening and the digest end to end through Slack (issue #8): the built
// binary against FakeSlack on a test clock (ONEVOICE_TEST_CLOCK_FILE) polls an
// RSS feed that a local cpp-httplib server serves. A lead adds a query and the
// source by slash command, hears (ephemerally) how many new mentions the first
// poll found, and `/digest today` posts the day's digest to the channel.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/feed_server.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"
#include "tests/fakes/threaded_http_server.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using onevoice::tests::ApiCall;
using onevoice::tests::FakeSlack;
using onevoice::tests::FeedServer;
using onevoice::tests::ok_calls;
using onevoice::tests::ok_calls_in;
using onevoice::tests::press;
using onevoice::tests::SlackBot;
using onevoice::tests::SlackBotOptions;
using onevoice::tests::SlashCommandSpec;
using onevoice::tests::TempDir;

namespace {

const std::string k_alice = "U024BE7LH"; // the admin, so a lead
const std::string k_channel = SlashCommandSpec{}.channel_id;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void slash(FakeSlack& fake, const std::string& command, const std::string& text) {
    SlashCommandSpec spec;
    spec.user_id = k_alice;
    spec.user_name = "alice";
    spec.command = command;
    spec.text = text;
    fake.send_slash_command(spec);
}

// The ok calls of `method` to the team channel whose arguments contain `part`.
std::vector<ApiCall> in_channel(const FakeSlack& fake, const std::string& method,
                                const std::string& part) {
    std::vector<ApiCall> out;
    for (const ApiCall& call : ok_calls(fake, method, part)) {
        if (call.args.value("channel", "") == k_channel) {
            out.push_back(call);
        }
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack listen e2e: a query and an RSS source by slash command, polled at once, then "
          "the digest in the channel") {
    onevoice::tests::ThreadedHttpServer feed(onevoice::tests::serve_acme_feed);
    FakeSlack fake;
    fake.add_user(k_alice, "alice");
    TempDir clock_dir;
    clock_dir.write("clock", "2026-11-18T11:06:00Z"); // Wednesday, 12:06 in Berlin
    SlackBotOptions options;
    // The feed fake runs on 127.0.0.1, a private address (issue #17).
    options.config = "time_zone = \"Europe/Berlin\"\n[listen]\nallow_private_addresses = true\n";
    options.env["ONEVOICE_TEST_CLOCK_FILE"] = clock_dir.file("clock");
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());

    slash(fake, "/listen", "add acme acme");
    slash(fake, "/listen", "source add rss " + feed.url("/feed.xml"));
    // The poll's outcome goes to the lead alone, in the channel it was asked in.
    const std::string polled = "#1 rss " + feed.url("/feed.xml") + ": 2 new mentions";
    REQUIRE(bot.wait([&] {
        for (const ApiCall& call : in_channel(fake, "chat.postEphemeral", polled)) {
            if (call.args.value("user", "") == k_alice) {
                return true;
            }
        }
        return false;
    }));
    CHECK(in_channel(fake, "chat.postMessage", polled).empty());

    slash(fake, "/digest", "today");
    REQUIRE(bot.wait(
        [&] { return !in_channel(fake, "chat.postMessage", "Digest for 2026-11-18").empty(); }));
    const std::string digest =
        in_channel(fake, "chat.postMessage", "Digest for 2026-11-18").at(0).args.dump();
    INFO(digest);
    CHECK(contains(digest, "acme: 2 mentions"));
    CHECK(contains(digest, "positive 1 · neutral 0 · negative 1"));
    CHECK(contains(digest, "https://news.example/bad"));
    CHECK(contains(digest, "https://news.example/good"));
    CHECK_FALSE(contains(digest, "https://news.example/other"));
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Slack listen e2e: a spike alert's buttons mute, lower the sensitivity, exclude a site "
          "and declare a crisis") {
    FeedServer feeds;
    feeds.set_items("/storm.xml", onevoice::tests::rss_storm("acme", 12));
    FakeSlack fake;
    fake.add_user(k_alice, "alice");
    SlackBotOptions options;
    options.clock_start = "2026-11-18T11:06:00Z"; // Wednesday, 12:06 in Berlin
    options.config = "time_zone = \"Europe/Berlin\"\n[slack]\nteam_channel = \"" + k_channel +
                     "\"\n[listen]\nallow_private_addresses = true\n";
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    slash(fake, "/listen", "add acme acme");
    slash(fake, "/listen", "source add rss " + feeds.url("/storm.xml"));
    REQUIRE(bot.wait([&] { return !in_channel(fake, "chat.postMessage", "Spike alert").empty(); }));
    const ApiCall alert = in_channel(fake, "chat.postMessage", "Spike alert").at(0);
    const auto said = [&](const std::string& part) {
        return ok_calls_in(fake, "chat.postMessage", k_channel, part).size() +
               ok_calls_in(fake, "chat.postEphemeral", k_channel, part).size();
    };

    fake.send_block_actions(press(alert, "Mute 24 h", k_alice));
    REQUIRE(bot.wait([&] { return said("are muted until 2026-11-19 12:06") == 1; }));
    fake.send_block_actions(press(alert, "Less sensitive", k_alice));
    REQUIRE(bot.wait([&] { return said("Sensitivity of") == 1; }));

    // "Not relevant" asks alice alone whether to exclude the site all twelve came from.
    fake.send_block_actions(press(alert, "Not relevant", k_alice));
    REQUIRE(bot.wait([&] {
        return !ok_calls_in(fake, "chat.postEphemeral", k_channel, "site:news.example").empty();
    }));
    const ApiCall question =
        ok_calls_in(fake, "chat.postEphemeral", k_channel, "site:news.example").at(0);
    CHECK(question.args.value("user", "") == k_alice);
    fake.send_block_actions(press(question, "Yes, exclude", k_alice));
    REQUIRE(bot.wait([&] { return said("now leaves out") == 1; }));
    CHECK(said("acme -site:news.example") == 1);

    // Declare crisis: the notice, pinned, with the alert's mentions in its timeline.
    fake.send_block_actions(press(alert, "Declare crisis", k_alice));
    REQUIRE(bot.wait([&] { return said("Spike in mentions of acme") >= 1; }));
    const ApiCall notice = in_channel(fake, "chat.postMessage", "Spike in mentions of acme").at(0);
    REQUIRE(bot.wait_call("pins.add", notice.response.value("ts", "")));
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
