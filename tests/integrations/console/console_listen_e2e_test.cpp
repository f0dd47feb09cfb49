// Listening end to end on the console (issue #8): the built binary polls RSS
// feeds that a local cpp-httplib server serves, at `listen source add` and
// then whenever the test clock (ONEVOICE_TEST_CLOCK_FILE) reaches the next poll,
// also when it jumps days ahead.
#include "tests/fakes/console_bot.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

using onevoice::tests::ConsoleBot;
using onevoice::tests::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string item(const std::string& id, const std::string& title) {
    return "<item><guid>" + id + "</guid><link>https://news.example/" + id + "</link><title>" +
           title + "</title><description>" + title +
           "</description><pubDate>Wed, 18 Nov 2026 10:00:00 GMT</pubDate></item>";
}

std::string feed(const std::string& items) {
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>" + items +
           "</channel></rss>";
}

// A feed server on 127.0.0.1: /feed.xml serves `items` (the test changes
// them), /broken.xml answers 500. Counts the requests per path.
class FeedServer {
public:
    FeedServer() {
        m_server.Get("/feed.xml", [this](const httplib::Request&, httplib::Response& response) {
            const std::lock_guard lock(m_mutex);
            response.set_content(feed(m_items), "application/rss+xml");
            ++feed_requests;
        });
        m_server.Get("/broken.xml", [this](const httplib::Request&, httplib::Response& response) {
            response.status = 500;
            response.set_content("oops", "text/plain");
            ++broken_requests;
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~FeedServer() {
        m_server.stop();
        m_thread.join();
    }
    FeedServer(const FeedServer&) = delete;
    FeedServer& operator=(const FeedServer&) = delete;

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    void set_items(std::string items) {
        const std::lock_guard lock(m_mutex);
        m_items = std::move(items);
    }

    std::atomic<int> feed_requests{0};
    std::atomic<int> broken_requests{0};

private:
    httplib::Server m_server;
    int m_port = 0;
    std::mutex m_mutex;
    std::string m_items;
    std::thread m_thread;
};

// Waits (polling, with a deadline) until `count` reaches `at_least`.
bool wait_count(const std::atomic<int>& count, int at_least) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (count.load() < at_least) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console listen e2e: feeds polled at add and by the clock, mentions stored once") {
    FeedServer server;
    server.set_items(item("1", "Acme opens a new store") + item("2", "Weather is fine"));
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
    server.set_items(item("1", "Acme opens a new store") + item("2", "Weather is fine") +
                     item("3", "Long queues at Acme"));
    bot.set_clock("2026-11-18T11:21:00Z");
    REQUIRE(wait_count(server.feed_requests, 2));
    bot.idle();
    bot.type("/listen\n");
    REQUIRE(bot.wait_for("acme acme · 24 h: 2 · 7 days: 2"));

    // The poll after that sees the same items: nothing is counted twice. The
    // failing source backs off (30 min after its second failure) and the
    // working one is polled regardless.
    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(wait_count(server.feed_requests, 3));
    CHECK(server.broken_requests.load() == 2);
    bot.idle();
    const std::size_t before = bot.out().size();
    bot.type("/listen\n/listen sources\n");
    REQUIRE(bot.wait_for("2 in a row"));
    const std::string tail = bot.out().substr(before);
    CHECK(contains(tail, "acme acme · 24 h: 2 · 7 days: 2"));
    CHECK(contains(tail, "last poll 2026-11-18 12:36 · 3 items"));

    // The clock jumps three days ahead (a machine waking from suspend): the
    // overdue polls run at once, once, and `listen poll` still answers.
    server.set_items(item("1", "Acme opens a new store") + item("3", "Long queues at Acme") +
                     item("4", "Acme wins an award"));
    bot.set_clock("2026-11-21T09:00:00Z");
    REQUIRE(wait_count(server.feed_requests, 4));
    REQUIRE(wait_count(server.broken_requests, 3));
    bot.idle();
    bot.type("/listen poll #1\n");
    REQUIRE(bot.wait_for("#1 rss " + feed_url + ": 0 new mentions"));
    CHECK(server.feed_requests.load() == 5);
    bot.type("/listen sources\n");
    REQUIRE(bot.wait_for("last poll 2026-11-21 10:00 · 3 items"));
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
