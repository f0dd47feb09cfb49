// Issue #17: `listen source add` refuses feed and instance URLs on private
// addresses unless [listen] allow_private_addresses is set.
#include "tests/fakes/listen_bot.hpp"
#include "tests/fakes/refusal.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;
using onevoice::tests::ListenBot;

namespace {

std::string refused(ListenBot& bot, const std::string& line, const std::string& problem) {
    return tests::check_refused(bot, line, "boss", problem, [&bot] { return bot.listen_state(); });
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("listen source add: a feed or instance on a private address is refused") {
    ListenBot bot;
    for (const char* url :
         {"http://127.0.0.1:8080/feed.xml", "http://localhost/feed", "https://LocalHost./x",
          "http://[::1]/feed", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/f",
          "http://172.20.1.1/f", "http://192.168.0.10/f", "http://[fd00::1]:8080/f",
          "http://[fe80::1]/f", "http://0.0.0.0/f", "http://[::]/f", "http://[::ffff:7f00:1]/f",
          "http://2130706433/f"}) {
        CAPTURE(url);
        refused(bot, std::string("listen source add rss ") + url, "is a private address");
    }
    refused(bot, "listen source add mastodon 127.0.0.1:3000 #acme",
            "127.0.0.1 is a private address (loopback, link-local or a private network)");
    refused(bot, "listen source add mastodon http://192.168.1.5 #acme",
            "allow_private_addresses = true");
    CHECK(bot.store.list_sources().empty());
}

TEST_CASE("listen source add: the refusal in German") {
    ListenBot bot(bot::Locale::de);
    refused(bot, "listen source add rss http://127.0.0.1/feed",
            "127.0.0.1 ist eine private Adresse");
}

TEST_CASE("listen source add: public addresses and, when allowed, private ones are added") {
    ListenBot bot;
    CHECK(bot.run("listen source add rss http://203.0.113.5/feed").find("added") !=
          std::string::npos);
    CHECK(bot.run("listen source add rss https://localhost.example.org/feed").find("added") !=
          std::string::npos);
    bot.settings.allow_private_addresses = true;
    CHECK(bot.run("listen source add rss http://127.0.0.1:8080/feed.xml").find("added") !=
          std::string::npos);
    CHECK(bot.run("listen source add mastodon localhost:3000 #acme").find("added") !=
          std::string::npos);
    CHECK(bot.store.list_sources().size() == 4);
}

TEST_SUITE_END();
