// Listening and the digest end to end through Slack (issue #8): the built
// binary against FakeSlack on a test clock (ONEVOICE_TEST_CLOCK_FILE) polls an
// RSS feed that a local cpp-httplib server serves. A lead adds a query and the
// source by slash command, hears (ephemerally) how many new mentions the first
// poll found, and `/digest today` posts the day's digest to the channel.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <string>
#include <thread>
#include <vector>

using onevoice::tests::ApiCall;
using onevoice::tests::FakeSlack;
using onevoice::tests::ok_calls;
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

std::string rss_item(const std::string& id, const std::string& title) {
    return "<item><guid>" + id + "</guid><link>https://news.example/" + id + "</link><title>" +
           title + "</title><description>" + title +
           "</description><pubDate>Wed, 18 Nov 2026 10:00:00 GMT</pubDate></item>";
}

// Serves /feed.xml on 127.0.0.1: two items about Acme (one negative, one
// positive) and one that is not.
class SlackFeed {
public:
    SlackFeed() {
        m_server.Get("/feed.xml", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>" +
                    rss_item("bad", "Acme delivery was terrible and awful") +
                    rss_item("good", "Acme support is excellent, a great service") +
                    rss_item("other", "The weather in Berlin stays mild") + "</channel></rss>",
                "application/rss+xml");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~SlackFeed() {
        m_server.stop();
        m_thread.join();
    }
    SlackFeed(const SlackFeed&) = delete;
    SlackFeed& operator=(const SlackFeed&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/feed.xml"; }

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

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
    SlackFeed feed;
    FakeSlack fake;
    fake.add_user(k_alice, "alice");
    TempDir clock_dir;
    clock_dir.write("clock", "2026-11-18T11:06:00Z"); // Wednesday, 12:06 in Berlin
    SlackBotOptions options;
    options.config = "time_zone = \"Europe/Berlin\"\n";
    options.env["ONEVOICE_TEST_CLOCK_FILE"] = clock_dir.file("clock");
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());

    slash(fake, "/listen", "add acme acme");
    slash(fake, "/listen", "source add rss " + feed.url());
    // The poll's outcome goes to the lead alone, in the channel it was asked in.
    const std::string polled = "#1 rss " + feed.url() + ": 2 new mentions";
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

TEST_SUITE_END();
