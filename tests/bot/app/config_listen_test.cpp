// The [listen] keys of the config file (issue #8).
#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace onevoice;

using tests::config_problem;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: [listen] sets the poll interval, API URLs, size cap and lexicons") {
    const bot::Config defaults = tests::load_config_text("", {});
    CHECK(defaults.listening.listen.poll_interval == std::chrono::minutes(15));
    CHECK(defaults.listening.reddit_url == "https://www.reddit.com");
    CHECK(defaults.listening.hackernews_url == "https://hn.algolia.com");
    CHECK(defaults.listening.max_response_mb == 5);
    CHECK(defaults.listening.lexicons.empty());

    const bot::Config config = tests::load_config_text(
        "[listen]\npoll_minutes = 30\nreddit_url = \"http://127.0.0.1:8080/\"\n"
        "hackernews_url = \"https://hn.example\"\nmax_response_mb = 20\n"
        "[[listen.lexicon]]\npath = \"/etc/onevoice/AFINN-de.txt\"\nformat = \"afinn\"\n"
        "language = \"de\"\n"
        "[[listen.lexicon]]\npath = \"vader.txt\"\nformat = \"vader\"\nlanguage = \"en\"\n",
        {});
    CHECK(config.listening.listen.poll_interval == std::chrono::minutes(30));
    CHECK(config.listening.reddit_url == "http://127.0.0.1:8080");
    CHECK(config.listening.hackernews_url == "https://hn.example");
    CHECK(config.listening.max_response_mb == 20);
    REQUIRE(config.listening.lexicons.size() == 2);
    CHECK(config.listening.lexicons[0] ==
          commands::ListenLexicon{"/etc/onevoice/AFINN-de.txt", "afinn", "de"});
    // A relative path is relative to the config file.
    REQUIRE(config.config_path);
    const std::string dir = config.config_path->substr(0, config.config_path->rfind('/'));
    CHECK(config.listening.lexicons[1].path == dir + "/vader.txt");
    CHECK(config.listening.lexicons[1].format == "vader");
}

TEST_CASE("Config: bad [listen] values name the key") {
    CHECK(config_problem("[listen]\npoll_minutes = 1\n")
              .starts_with("listen.poll_minutes: must be between 5 and 1440"));
    CHECK(config_problem("[listen]\npoll_minutes = \"often\"\n")
              .starts_with("listen.poll_minutes: must be an integer"));
    CHECK(config_problem("[listen]\nmax_response_mb = 0\n").starts_with("listen.max_response_mb:"));
    CHECK(config_problem("[listen]\nreddit_url = \"ftp://x\"\n")
              .starts_with("listen.reddit_url: must be an http:// or https:// URL"));
    CHECK(config_problem("[listen]\nhackernews_url = \"https://\"\n")
              .starts_with("listen.hackernews_url:"));
    CHECK(config_problem("[listen]\nlexicon = \"x\"\n").starts_with("listen.lexicon: must be"));
    CHECK(
        config_problem("[[listen.lexicon]]\npath = \"a\"\nformat = \"csv\"\nlanguage = \"de\"\n")
            .starts_with("listen.lexicon[1].format: must be \"afinn\", \"vader\" or \"sentiws\""));
    CHECK(
        config_problem("[[listen.lexicon]]\npath = \"a\"\nformat = \"afinn\"\nlanguage = \"fr\"\n")
            .starts_with("listen.lexicon[1].language:"));
    CHECK(config_problem("[[listen.lexicon]]\nformat = \"afinn\"\nlanguage = \"de\"\n")
              .starts_with("listen.lexicon[1].path: is missing"));
    CHECK(config_problem("[[listen.lexicon]]\npath = \"a\"\nformat = \"afinn\"\nlanguage = \"de\"\n"
                         "weight = 2\n")
              .starts_with("listen.lexicon[1].weight: unknown key"));
    CHECK(config_problem("[listen]\nfeeds = []\n").starts_with("listen.feeds: unknown key"));
}

TEST_SUITE_END();
