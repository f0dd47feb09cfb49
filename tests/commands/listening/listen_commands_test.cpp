#include "tests/fakes/listen_bot.hpp"
#include "tests/fakes/refusal.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace onevoice;
using onevoice::tests::FakeFetcher;
using onevoice::tests::ListenBot;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// A command that must fail and change nothing (tests/fakes/refusal.hpp).
std::string refused(ListenBot& bot, const std::string& line, const std::string& problem,
                    const std::string& as = "boss") {
    return tests::check_refused(bot, line, as, problem, [&bot] { return bot.listen_state(); });
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("listen: add, list with counts, competitor, remove") {
    ListenBot bot;
    CHECK(contains(bot.run("listen"), "No saved queries yet"));
    const std::string added = bot.run("listen add acme \"Acme Corp\" OR #acme -job");
    CHECK(contains(added, "Listening for acme: \"Acme Corp\" OR #acme -job."));
    CHECK(contains(added, "No sources yet"));
    // The phrase keeps its quotes: it is stored as typed, not as split words.
    REQUIRE(bot.store.find_query("acme"));
    CHECK(bot.store.find_query("acme")->query == "\"Acme Corp\" OR #acme -job");
    CHECK(contains(bot.run("listen add rival competitor Rival"),
                   "Listening for competitor rival: Rival."));
    CHECK(bot.store.find_query("rival")->is_competitor);

    const std::string list = bot.run("listen list");
    CHECK(contains(list, "## Listening"));
    CHECK(contains(list, "- acme \"Acme Corp\" OR #acme -job · 24 h: 0 · 7 days: 0"));
    CHECK(contains(list, "- rival (competitor) Rival · 24 h: 0 · 7 days: 0"));

    CHECK(contains(bot.run("listen remove ACME"), "Stopped listening for acme."));
    CHECK_FALSE(bot.store.find_query("acme"));
}

TEST_CASE("listen: bad input to add and remove is refused with the usage line") {
    ListenBot bot;
    bot.run("listen add acme acme");
    refused(bot, "listen add", "Which query?");
    refused(bot, "listen add x/y acme", "\"x/y\" is no query name");
    refused(bot, "listen add -acme acme", "is no query name");
    refused(bot, "listen add " + std::string(41, 'a') + " acme", "at most 40 characters");
    refused(bot, "listen add brand", "What should I listen for?");
    refused(bot, "listen add brand competitor", "What should I listen for?");
    refused(bot, "listen add ACME other", "A query named \"ACME\" exists already.");
    // Query errors are translated and name the character.
    refused(bot, "listen add brand (acme OR rival", "Unbalanced parenthesis at character 1.");
    refused(bot, "listen add brand acme)", "Unbalanced parenthesis at character 5.");
    refused(bot, "listen add brand acme bob", "Only a manager, deputy or community manager", "bob");
    refused(bot, "listen remove", "Which query?");
    refused(bot, "listen remove nobody", "There is no query named \"nobody\"");
    refused(bot, "listen remove acme extra", "Unexpected argument \"extra\"");
    refused(bot, "listen remove acme", "Only a manager, deputy or community manager", "bob");
    refused(bot, "listen list extra", "Unexpected argument");
    refused(bot, "listen sources extra", "Unexpected argument");
}

TEST_CASE("listen mute and sensitivity: set, shown in the list, bad input refused") {
    ListenBot bot;
    bot.run("listen add acme acme");
    CHECK(contains(bot.run("listen mute acme 24", "bob"),
                   "Spike alerts for acme are muted until 2026-11-19 12:06."));
    CHECK(contains(bot.run("listen sensitivity acme LOW", "bob"), "Sensitivity of acme: low."));
    const std::string list = bot.run("listen");
    CHECK(contains(list, "muted until 2026-11-19 12:06"));
    CHECK(contains(list, "sensitivity low"));
    CHECK(contains(bot.run("listen mute acme 0"), "Spike alerts for acme are on again."));
    CHECK_FALSE(bot.store.find_query("acme")->muted_until);

    refused(bot, "listen mute acme", "For how many hours?");
    refused(bot, "listen mute acme soon", "\"soon\" is no number of hours from 0 to 720");
    refused(bot, "listen mute acme -1", "is no number of hours");
    refused(bot, "listen mute acme 721", "is no number of hours");
    refused(bot, "listen mute acme 2x", "is no number of hours");
    refused(bot, "listen mute acme 2 3", "Unexpected argument \"3\"");
    refused(bot, "listen mute nobody 2", "There is no query named");
    refused(bot, "listen mute", "Which query?");
    refused(bot, "listen sensitivity acme", "Which sensitivity?");
    refused(bot, "listen sensitivity acme extreme", "\"extreme\" is no sensitivity");
    refused(bot, "listen sensitivity acme low high", "Unexpected argument");
    refused(bot, "listen sensitivity nobody low", "There is no query named");
}

TEST_CASE("listen source: add each kind, list, remove") {
    ListenBot bot;
    CHECK(contains(bot.run("listen sources"), "No sources yet"));
    CHECK(contains(bot.run("listen source add rss HTTPS://News.Example:8443/feed?x=1"),
                   "Source #1 rss https://news.example:8443/feed?x=1 added. It is polled now "
                   "and then every 15 min."));
    CHECK(contains(bot.run("listen source add mastodon mastodon.social #Acme"),
                   "Source #2 mastodon https://mastodon.social #acme added."));
    CHECK(contains(bot.run("listen source add reddit \"acme corp\" -job"),
                   "Source #3 reddit \"acme corp\" -job added."));
    CHECK(
        contains(bot.run("listen source add hackernews acme"), "Source #4 hackernews acme added."));
    CHECK(contains(bot.run("listen source add mastodon http://203.0.113.5:3000/ acme"),
                   "Source #5 mastodon http://203.0.113.5:3000 #acme added."));
    const std::string sources = bot.run("listen sources");
    CHECK(contains(sources, "- #1 rss https://news.example:8443/feed?x=1 · every 15 min · not "
                            "polled yet"));
    CHECK(contains(sources, "- #4 hackernews acme"));
    CHECK(contains(bot.run("listen source remove #4"), "Source #4 hackernews acme removed."));
    CHECK_FALSE(bot.store.find_source(4));
}

TEST_CASE("listen source add: a feed is stored as the fetcher calls it") {
    ListenBot bot;
    CHECK(contains(bot.run("listen source add rss https://News.Example:443/feed?x=1#top"),
                   "Source #1 rss https://news.example/feed?x=1 added."));
    CHECK(contains(bot.run("listen source add mastodon HTTPS://[::1]:3000 #acme"),
                   "[::1] is a private address"));
    // The fetcher could never call these, so they are not added.
    refused(bot, "listen source add rss https://news.example/f\xC3\xBCr", "is no feed URL");
    refused(bot, "listen source add rss https://news.example/a|b", "is no feed URL");
    refused(bot, "listen source add rss https://news.example:80x/feed", "is no feed URL");
}

TEST_CASE("listen source: bad input is refused with the usage line") {
    ListenBot bot;
    bot.run("listen source add rss https://a.example/feed");
    refused(bot, "listen source", "Add or remove?");
    refused(bot, "listen source list", "\"list\" is neither add nor remove");
    refused(bot, "listen source add", "Which kind of source?");
    refused(bot, "listen source add twitter acme", "\"twitter\" is no kind of source");
    refused(bot, "listen source add rss", "Which feed?");
    refused(bot, "listen source add rss ftp://a.example/feed", "is no feed URL");
    refused(bot, "listen source add rss a.example/feed", "is no feed URL");
    refused(bot, "listen source add rss https:///feed", "is no feed URL");
    refused(bot, "listen source add rss http://", "is no feed URL");
    refused(bot, "listen source add rss https://user:pw@a.example/feed", "is no feed URL");
    refused(bot, "listen source add rss https://a.example:99999/feed", "is no feed URL");
    refused(bot, "listen source add rss https://a..example:/feed", "is no feed URL");
    refused(bot, "listen source add rss https://a.example/feed extra", "Unexpected argument");
    refused(bot, "listen source add rss https://A.example/feed", "exists already as #1");
    refused(bot, "listen source add mastodon mastodon.social", "Give the Mastodon instance");
    refused(bot, "listen source add mastodon https://m.example/about #acme",
            "is no Mastodon instance");
    refused(bot, "listen source add mastodon m.example #ac-me", "\"#ac-me\" is no hashtag");
    refused(bot, "listen source add mastodon m.example #", "is no hashtag");
    refused(bot, "listen source add mastodon m.example #a b", "Unexpected argument");
    refused(bot, "listen source add reddit", "What should I search for?");
    refused(bot, "listen source add hackernews " + std::string(201, 'a'), "201");
    refused(bot, "listen source add rss https://b.example/feed",
            "Only a manager, deputy or community manager", "bob");
    refused(bot, "listen source remove", "Which source?");
    refused(bot, "listen source remove x", "'x' is not an id");
    refused(bot, "listen source remove 9", "There is no source #9");
    refused(bot, "listen source remove 1 2", "Unexpected argument");
    refused(bot, "listen source remove 1", "Only a manager, deputy or community manager", "bob");
}

TEST_CASE("listen poll: bad input is refused") {
    ListenBot bot;
    refused(bot, "listen poll", "There are no sources to poll yet.");
    bot.run("listen source add rss https://a.example/feed");
    refused(bot, "listen poll 7", "There is no source #7");
    refused(bot, "listen poll 1 2", "Unexpected argument");
    refused(bot, "listen poll one", "'one' is not an id");
}

TEST_CASE("listen: a new source is polled at once and the requester hears what was new") {
    ListenBot bot;
    bot.run("listen add acme acme");
    bot.run("listen source add rss https://a.example/feed", "boss");
    CHECK(bot.poll().empty());
    REQUIRE(bot.fetcher.calls.size() == 1);
    CHECK(bot.fetcher.calls[0].source.kind == bot::SourceKind::rss);
    CHECK(bot.fetcher.calls[0].source.target == "https://a.example/feed");
    const std::string out =
        bot.complete(0, FakeFetcher::fresh({FakeFetcher::mention("1", "Acme opens a shop"),
                                            FakeFetcher::mention("2", "Weather today"),
                                            FakeFetcher::mention("3", "Why I love ACME")},
                                           "\"v1\""));
    CHECK(out == "#1 rss https://a.example/feed: 2 new mentions");
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK(bot.last_reply().recipient->id == "boss");
    CHECK(bot.last_reply().place.conversation == "console");

    const std::string sources = bot.run("listen sources");
    CHECK(contains(sources, "last poll 2026-11-18 12:06 · 3 items"));
    CHECK(contains(bot.run("listen"), "acme acme · 24 h: 2 · 7 days: 2"));

    // Not due again until the interval has passed; then the validators go along.
    CHECK(bot.poll().empty());
    CHECK(bot.fetcher.calls.size() == 1);
    bot.clock.advance(std::chrono::minutes(15));
    bot.poll();
    REQUIRE(bot.fetcher.calls.size() == 2);
    CHECK(bot.fetcher.calls[1].validators.etag == "\"v1\"");
    // A scheduled poll answers nobody.
    CHECK(bot.complete(1, FakeFetcher::fresh({FakeFetcher::mention("1", "Acme opens a shop")}))
              .empty());
}

TEST_CASE("listen poll: marks sources due and answers once all have polled") {
    ListenBot bot;
    bot.run("listen add acme acme");
    bot.run("listen source add rss https://a.example/feed");
    bot.run("listen source add reddit acme");
    bot.fetcher.answer_at_once = [](const bot::SourceSpec&) {
        return FakeFetcher::fresh({});
    };
    bot.poll(); // the polls of the two adds
    bot.fetcher.answer_at_once = nullptr;
    CHECK(bot.run("listen poll", "bob") == "Polling 2 sources now; I will tell you what is new.");
    CHECK(bot.poll().empty());
    REQUIRE(bot.fetcher.calls.size() == 4);
    CHECK(bot.complete(2, FakeFetcher::fresh({FakeFetcher::mention("9", "acme!")})).empty());
    const std::string out =
        bot.complete(3, FakeFetcher::failed({bot::FetchError::Kind::http_status, "500",
                                             "https://reddit.example/search.json"}));
    CHECK(out == "#1 rss https://a.example/feed: 1 new mention\n"
                 "#2 reddit acme: poll failed: HTTP 500 (https://reddit.example/search.json)");

    CHECK(bot.run("listen poll #2") == "Polling the source now; I will tell you what is new.");
    bot.poll();
    REQUIRE(bot.fetcher.calls.size() == 5);
    CHECK(bot.fetcher.calls[4].source.kind == bot::SourceKind::reddit);
}

TEST_CASE("listen: German replies") {
    ListenBot bot(bot::Locale::de);
    CHECK(contains(bot.run("listen add marke Marke"), "Suche marke gespeichert: Marke."));
    CHECK(contains(bot.run("listen source add rss https://a.example/feed"),
                   "Quelle #1 rss https://a.example/feed hinzugefügt."));
    tests::check_refused(bot, "listen add neu (marke", "boss", "Klammer",
                         [&bot] { return bot.listen_state(); });
    CHECK(contains(bot.run("listen"), "7 Tage: 0"));
}

TEST_SUITE_END();
