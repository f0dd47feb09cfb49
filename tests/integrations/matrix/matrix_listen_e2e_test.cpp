// Listening and the digest end to end through Matrix (issue #8): the built
// binary against FakeMatrix on a test clock (ONEVOICE_TEST_CLOCK_FILE) polls an
// RSS feed that a local cpp-httplib server serves. A lead adds a query and the
// source with `!listen`, hears in the team room (Matrix has no message only one
// member sees) how many new mentions the first poll found, and `!digest today`
// posts the day's digest to the room.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/feed_server.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/fakes/threaded_http_server.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using onevoice::tests::FakeMatrix;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixBotOptions;
using onevoice::tests::MatrixEvent;
using onevoice::tests::shown_command;
using onevoice::tests::TempDir;

namespace {

const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin; // a lead

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The bot's messages in the team room whose body contains `part`.
std::vector<MatrixEvent> messages(const FakeMatrix& fake, const std::string& part) {
    std::vector<MatrixEvent> out;
    for (const MatrixEvent& event : fake.bot_messages(k_team)) {
        if (contains(event.content.value("body", ""), part)) {
            out.push_back(event);
        }
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Matrix listen e2e: a query and an RSS source by command, polled at once, then the "
          "digest in the room") {
    onevoice::tests::ThreadedHttpServer feed(onevoice::tests::serve_acme_feed);
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    dir.write("clock", "2026-11-18T11:06:00Z"); // Wednesday, 12:06 in Berlin
    MatrixBotOptions options;
    // The feed fake runs on 127.0.0.1, a private address (issue #17).
    options.settings = "time_zone = \"Europe/Berlin\"\n[listen]\nallow_private_addresses = true\n";
    options.env["ONEVOICE_TEST_CLOCK_FILE"] = dir.file("clock");
    MatrixBot bot(fake, dir, options);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());

    fake.send_text(k_team, k_alice, "!listen add acme acme");
    fake.send_text(k_team, k_alice, "!listen source add rss " + feed.url("/feed.xml"));
    const std::string polled = "#1 rss " + feed.url("/feed.xml") + ": 2 new mentions";
    REQUIRE(bot.wait([&] { return !messages(fake, polled).empty(); }));

    fake.send_text(k_team, k_alice, "!digest today");
    REQUIRE(bot.wait([&] { return !messages(fake, "Digest for 2026-11-18").empty(); }));
    const MatrixEvent digest = messages(fake, "Digest for 2026-11-18").at(0);
    const std::string body = digest.content.value("body", "");
    const std::string html = digest.content.value("formatted_body", "");
    INFO(digest.content.dump());
    CHECK(contains(body, "acme: 2 mentions"));
    CHECK(contains(body, "positive 1 · neutral 0 · negative 1"));
    for (const char* id : {"bad", "good"}) {
        CHECK(contains(html, std::string("href=\"https://news.example/") + id + "\""));
    }
    CHECK_FALSE(contains(digest.content.dump(), "https://news.example/other"));
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Matrix listen e2e: a spike alert shows its buttons as commands - as typed they exclude "
          "a site, mute and declare a crisis") {
    onevoice::tests::FeedServer feeds;
    feeds.set_items("/storm.xml", onevoice::tests::rss_storm("acme", 12));
    onevoice::tests::FakeMatrixOptions homeserver;
    // The clock stands still between steps, and the bot measures a homeserver's wait on it.
    homeserver.send_burst = 0;
    FakeMatrix fake(homeserver);
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    MatrixBotOptions options;
    options.clock_start = "2026-11-18T11:06:00Z"; // Wednesday, 12:06 in Berlin
    options.settings = "time_zone = \"Europe/Berlin\"\n[listen]\nallow_private_addresses = true\n";
    options.config = "team_room = \"" + k_team + "\"\n";
    MatrixBot bot(fake, dir, options);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());
    fake.send_text(k_team, k_alice, "!listen add acme acme");
    fake.send_text(k_team, k_alice, "!listen source add rss " + feeds.url("/storm.xml"));
    REQUIRE(bot.wait([&] { return !messages(fake, "Spike alert").empty(); }));
    const MatrixEvent alert = messages(fake, "Spike alert").at(0);
    // No reaction stands for these buttons: only the commands.
    CHECK(shown_command(alert, "Declare crisis") == "!listen alert 1 declare");
    CHECK(shown_command(alert, "Mute 24 h") == "!listen mute acme 24");
    CHECK(shown_command(alert, "Not relevant") == "!listen alert 1 irrelevant");
    for (const char* emoji : {"👍", "✅", "❌"}) {
        CHECK_FALSE(contains(alert.content.value("body", ""), emoji));
    }

    fake.send_text(k_team, k_alice, shown_command(alert, "Not relevant"));
    REQUIRE(
        bot.wait([&] { return !messages(fake, "Mentions with it will no longer count").empty(); }));
    const MatrixEvent question = messages(fake, "Mentions with it will no longer count").at(0);
    const std::string exclude = shown_command(question, "Yes, exclude");
    CHECK(exclude == "!listen alert 1 exclude site:news.example");
    fake.send_text(k_team, k_alice, exclude);
    REQUIRE(bot.wait([&] { return !messages(fake, "now leaves out").empty(); }));
    CHECK(contains(messages(fake, "now leaves out").at(0).content.value("body", ""),
                   "acme -site:news.example"));

    fake.send_text(k_team, k_alice, shown_command(alert, "Mute 24 h"));
    REQUIRE(bot.wait([&] { return !messages(fake, "are muted until 2026-11-19 12:06").empty(); }));
    fake.send_text(k_team, k_alice, shown_command(alert, "Declare crisis"));
    REQUIRE(bot.wait([&] { return !messages(fake, "Spike in mentions of acme").empty(); }));
    const MatrixEvent notice = messages(fake, "Spike in mentions of acme").at(0);
    REQUIRE(
        bot.wait([&] { return fake.pinned(k_team) == std::vector<std::string>{notice.event_id}; }));
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
