#include "bot/model/fetch_error.hpp"
#include "tests/fakes/listen_bot.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;
using onevoice::tests::FakeFetcher;
using onevoice::tests::ListenBot;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

bot::TimePoint next_poll(ListenBot& bot, std::int64_t id) {
    return bot::from_millis(bot.store.find_source(id)->next_poll_at);
}

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE("SourcePoller: backoff doubles from the interval up to 6 hours") {
    ListenBot bot;
    const bot::Duration interval = minutes(15);
    CHECK(bot.poller.backoff(interval, 1) == minutes(15));
    CHECK(bot.poller.backoff(interval, 2) == minutes(30));
    CHECK(bot.poller.backoff(interval, 5) == minutes(240));
    CHECK(bot.poller.backoff(interval, 6) == hours(6));
    CHECK(bot.poller.backoff(interval, 60) == hours(6));
    // An interval longer than the cap is never shortened.
    CHECK(bot.poller.backoff(hours(12), 3) == hours(12));
}

TEST_CASE("SourcePoller: a failing source backs off and never stops the others") {
    ListenBot bot;
    bot.run("listen add acme acme");
    bot.run("listen source add rss https://bad.example/feed");
    bot.run("listen source add rss https://good.example/feed");
    bot.fetcher.answer_at_once = [](const bot::SourceSpec& source) {
        return source.target.find("bad") != std::string::npos
                   ? FakeFetcher::failed({bot::FetchError::Kind::http_status,
                                          "500 Internal Server Error", "https://bad.example/feed"})
                   : FakeFetcher::fresh({FakeFetcher::mention("1", "acme")});
    };
    const bot::TimePoint start = bot.clock.now();
    const std::string out = bot.poll();
    CHECK(out.find("#1 rss https://bad.example/feed: poll failed: HTTP 500 Internal Server Error "
                   "(https://bad.example/feed)") != std::string::npos);
    CHECK(out.find("#2 rss https://good.example/feed: 1 new mention") != std::string::npos);
    CHECK(next_poll(bot, 1) == start + minutes(15));
    CHECK(next_poll(bot, 2) == start + minutes(15));

    bot.clock.advance(minutes(15));
    bot.poll();
    CHECK(next_poll(bot, 1) == bot.clock.now() + minutes(30));
    auto bad = bot.store.find_source(1);
    CHECK(bad->consecutive_failures == 2);
    CHECK(bad->failing_since == bot::to_millis(start));
    const std::string sources = bot.run("listen sources");
    CHECK(sources.find("last error: HTTP 500 Internal Server Error (https://bad.example/feed) "
                       "(2 in a row, since 2026-11-18 12:06)") != std::string::npos);
    CHECK(bot.store.find_source(2)->last_error.empty());

    // Recovery clears the error.
    bot.fetcher.answer_at_once = [](const bot::SourceSpec&) {
        return FakeFetcher::fresh({});
    };
    bot.clock.advance(minutes(30));
    bot.poll();
    bad = bot.store.find_source(1);
    CHECK(bad->consecutive_failures == 0);
    CHECK_FALSE(bad->failing_since);
    CHECK(bad->last_error.empty());
}

TEST_CASE("SourcePoller: a rate limit's Retry-After is honoured, and 304 keeps the items") {
    ListenBot bot;
    bot.run("listen source add reddit acme");
    bot.fetcher.answer_at_once = [](const bot::SourceSpec&) {
        bot::FetchResult result;
        result.outcome = bot::FetchResult::Outcome::rate_limited;
        result.retry_after = seconds(7200);
        return result;
    };
    bot.poll();
    CHECK(next_poll(bot, 1) == bot.clock.now() + hours(2));
    CHECK(bot::describe_fetch_error(bot.catalog, bot.store.find_source(1)->last_error) ==
          "rate limited (HTTP 429)");

    bot.clock.advance(hours(2));
    bot.fetcher.answer_at_once = [](const bot::SourceSpec&) {
        return FakeFetcher::fresh({FakeFetcher::mention("1", "x"), FakeFetcher::mention("2", "y")},
                                  "\"e1\"");
    };
    bot.poll();
    bot.clock.advance(minutes(15));
    bot.fetcher.answer_at_once = [](const bot::SourceSpec&) {
        bot::FetchResult result;
        result.outcome = bot::FetchResult::Outcome::not_modified;
        return result;
    };
    bot.poll();
    const auto source = bot.store.find_source(1);
    CHECK(source->item_count == 2);
    CHECK(source->etag == "\"e1\"");
    CHECK(source->last_poll_at == bot::to_millis(bot.clock.now()));
    CHECK(next_poll(bot, 1) == bot.clock.now() + minutes(15));
}

TEST_CASE("SourcePoller: at most max_in_flight fetches, next_due skips those in flight") {
    ListenBot bot;
    for (int i = 1; i <= 6; ++i) {
        bot.run("listen source add rss https://s" + std::to_string(i) + ".example/feed");
    }
    REQUIRE(bot.poller.next_due());
    CHECK(*bot.poller.next_due() == bot.clock.now());
    bot.poll();
    CHECK(bot.fetcher.calls.size() == 4);
    CHECK(bot.poller.in_flight() == 4);
    CHECK_FALSE(bot.poller.next_due()); // full: the next completion re-arms
    int changes = 0;
    bot.poller.set_on_change([&changes] { ++changes; });
    bot.complete(0, FakeFetcher::fresh({}));
    CHECK(changes == 1);
    REQUIRE(bot.poller.next_due());
    CHECK(*bot.poller.next_due() == bot.clock.now()); // sources 5 and 6 wait
    bot.poll();
    CHECK(bot.fetcher.calls.size() == 5);
    CHECK(bot.poll().empty()); // full again
    CHECK(bot.fetcher.calls.size() == 5);
    // A source in flight is not fetched twice, even when `listen poll` makes it due.
    bot.complete(2, FakeFetcher::fresh({}));
    bot.run("listen poll 2");
    bot.poll();
    REQUIRE(bot.fetcher.calls.size() == 6);
    CHECK(bot.fetcher.calls[5].source.target == "https://s6.example/feed");
}

TEST_CASE("SourcePoller: on_ingested runs after each committed fresh poll") {
    ListenBot bot;
    std::vector<bot::TimePoint> ingested;
    bot.poller.set_on_ingested([&ingested](bot::TimePoint now) { ingested.push_back(now); });
    bot.run("listen source add rss https://a.example/feed");
    bot.run("listen source add rss https://b.example/feed");
    bot.poll();
    bot.complete(0, FakeFetcher::fresh({}));
    bot.complete(1, FakeFetcher::failed({bot::FetchError::Kind::timeout, "20 s", ""}));
    REQUIRE(ingested.size() == 1);
    CHECK(ingested[0] == bot.clock.now());
}

TEST_CASE("SourcePoller: a source removed while its fetch runs is dropped quietly") {
    ListenBot bot;
    bot.run("listen source add rss https://a.example/feed");
    bot.poll();
    bot.run("listen source remove 1");
    CHECK(bot.complete(0, FakeFetcher::fresh({FakeFetcher::mention("1", "x")})).empty());
    CHECK(bot.store.list_sources().empty());
    CHECK_FALSE(bot.poller.next_due());
}

TEST_SUITE_END();
