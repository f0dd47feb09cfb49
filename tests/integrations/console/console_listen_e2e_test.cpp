// Listening end to end on the console (issue #8): the built binary polls RSS
// feeds that a local cpp-httplib server serves, at `listen source add` and
// then whenever the test clock (ONEVOICE_TEST_CLOCK_FILE) reaches the next poll,
// also when it jumps days ahead.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"
#include "tests/fakes/feed_server.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::FeedServer;
using onevoice::tests::TempDir;

namespace {

std::string item(const std::string& id, const std::string& title) {
    return onevoice::tests::rss_item(id, title);
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console listen e2e: feeds polled at add and by the clock, mentions stored once") {
    FeedServer server;
    server.set_items("/feed.xml",
                     item("1", "Acme opens a new store") + item("2", "Weather is fine"));
    server.fail("/broken.xml", 500);
    TempDir dir;
    // Wednesday 2026-11-18, 12:06 in Berlin.
    ConsoleBot bot(dir, "2026-11-18T11:06:00Z", onevoice::tests::k_feeds_on_loopback);
    INFO(bot.log());
    const std::string feed_url = server.url("/feed.xml");
    const std::string broken_url = server.url("/broken.xml");

    bot.type("/listen add acme acme\n/listen source add rss " + feed_url + "\n");
    REQUIRE(bot.wait_for("#1 rss " + feed_url + ": 1 new mention"));
    bot.type("/listen source add rss " + broken_url + "\n");
    REQUIRE(bot.wait_for("#2 rss " + broken_url + ": poll failed: HTTP 500"));
    bot.type("/listen sources\n");
    REQUIRE(bot.wait_for("· every 15 min · last poll 2026-11-18 12:06 · 2 items"));
    REQUIRE(bot.wait_for("last error: HTTP 500"));

    // A new item appears; the next scheduled poll ingests it.
    server.set_items("/feed.xml", item("1", "Acme opens a new store") +
                                      item("2", "Weather is fine") +
                                      item("3", "Long queues at Acme"));
    bot.set_clock("2026-11-18T11:21:00Z");
    REQUIRE(server.wait_requests("/feed.xml", 2));
    bot.idle();
    bot.type("/listen\n");
    REQUIRE(bot.wait_for("acme acme · 24 h: 2 · 7 days: 2"));

    // The poll after that sees the same items: nothing is counted twice. The
    // failing source backs off (30 min after its second failure) and the
    // working one is polled regardless.
    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(server.wait_requests("/feed.xml", 3));
    CHECK(server.requests("/broken.xml") == 2);
    bot.idle();
    const std::size_t before = bot.out().size();
    bot.type("/listen\n/listen sources\n");
    REQUIRE(bot.wait_for("2 in a row"));
    const std::string tail = bot.out().substr(before);
    CHECK(contains(tail, "acme acme · 24 h: 2 · 7 days: 2"));
    CHECK(contains(tail, "last poll 2026-11-18 12:36 · 3 items"));

    // The clock jumps three days ahead (a machine waking from suspend): the
    // overdue polls run at once, once, and `listen poll` still answers.
    server.set_items("/feed.xml", item("1", "Acme opens a new store") +
                                      item("3", "Long queues at Acme") +
                                      item("4", "Acme wins an award"));
    bot.set_clock("2026-11-21T09:00:00Z");
    REQUIRE(server.wait_requests("/feed.xml", 4));
    REQUIRE(server.wait_requests("/broken.xml", 3));
    bot.idle();
    bot.type("/listen poll #1\n");
    REQUIRE(bot.wait_for("#1 rss " + feed_url + ": 0 new mentions"));
    CHECK(server.requests("/feed.xml") == 5);
    bot.type("/listen sources\n");
    REQUIRE(bot.wait_for("last poll 2026-11-21 10:00 · 3 items"));
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
