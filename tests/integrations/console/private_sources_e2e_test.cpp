// Issue #17, no private addresses for sources, through the built binary:
// `listen source add` refuses a feed on 127.0.0.1, and a poll that would
// reach a private address fails before any request (here the Reddit base URL
// of the config points at 127.0.0.1, as DNS could point a public name).
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/threaded_http_server.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>

using onevoice::tests::ConsoleBot;
using onevoice::tests::TempDir;
using onevoice::tests::ThreadedHttpServer;

TEST_SUITE_BEGIN("e2e");

TEST_CASE("private sources e2e: a loopback feed is refused at add and a loopback poll fails") {
    std::atomic<int> requests{0};
    ThreadedHttpServer server([&requests](httplib::Server& http) {
        http.Get(".*", [&requests](const httplib::Request&, httplib::Response& response) {
            ++requests;
            response.set_content("{\"data\":{\"children\":[]}}", "application/json");
        });
    });
    TempDir dir;
    ConsoleBot bot(dir, "2026-11-18T11:06:00Z",
                   "[listen]\nreddit_url = \"" + server.url("/") + "\"\n");
    INFO(bot.log());

    bot.type("/listen source add rss " + server.url("/feed.xml") + "\n");
    REQUIRE(bot.wait_for("127.0.0.1 is a private address (loopback, link-local or a private "
                         "network): sources may not point there."));
    bot.type("/listen source add reddit acme\n");
    REQUIRE(bot.wait_for("poll failed: 127.0.0.1 is a private address"));
    CHECK(requests.load() == 0);
    CHECK(bot.finish() == 0);
}

TEST_SUITE_END();
