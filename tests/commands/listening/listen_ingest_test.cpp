#include "commands/listening/listen_ingest.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/fake_fetcher.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;
using onevoice::tests::FakeFetcher;

namespace {

struct Fixture {
    tests::MemoryDb memory;
    storage::ListenStore store{memory.db};
    commands::SentimentAnalyzer sentiment;
    commands::ListenIngest ingest{store, sentiment};
    tests::FakeClock clock;

    std::int64_t query(const std::string& name, const std::string& text) {
        storage::ListenQueryRow row;
        row.name = name;
        row.query = text;
        row.created_by = "console:boss";
        return store.add_query(row);
    }
    std::int64_t source(const std::string& target) {
        storage::ListenSourceRow row;
        row.kind = "rss";
        row.target = target;
        row.created_by = "console:boss";
        return store.add_source(row);
    }
    std::int64_t count(const std::string& name) {
        for (const auto& q : store.list_queries(bot::to_millis(clock.now()))) {
            if (q.name == name) {
                return q.count_24h;
            }
        }
        return -1;
    }
};

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE_FIXTURE(Fixture, "ListenIngest: only mentions that match a query are stored, once") {
    query("acme", "acme");
    const auto feed = source("https://a.example/feed");
    auto loved = FakeFetcher::mention("1", "I love Acme", "Best shop ever, great service!");
    loved.url = "https://news.example/1?utm_source=feed";
    const std::vector<bot::Mention> poll{loved, FakeFetcher::mention("2", "Weather", "rain")};
    auto counts = ingest.ingest(feed, poll, clock.now());
    CHECK(counts.items == 2);
    CHECK(counts.matched == 1);
    CHECK(counts.new_mentions == 1);
    CHECK(store.mention_count() == 1);
    CHECK(count("acme") == 1);

    // The same poll again: nothing new, nothing counted twice.
    counts = ingest.ingest(feed, poll, clock.now());
    CHECK(counts.new_mentions == 0);
    CHECK(count("acme") == 1);

    // The same page under its canonical URL from another source is the same mention.
    const auto other = source("https://b.example/feed");
    auto copy = FakeFetcher::mention("x", "I love Acme", "other text");
    copy.url = "https://news.example/1";
    CHECK(ingest.ingest(other, {copy}, clock.now()).new_mentions == 0);
    CHECK(store.mention_count() == 1);
}

TEST_CASE_FIXTURE(Fixture, "ListenIngest: a query added later gains the mentions seen again") {
    query("acme", "acme");
    const auto feed = source("https://a.example/feed");
    const std::vector<bot::Mention> poll{
        FakeFetcher::mention("1", "Acme and Rival compared", "long text about both")};
    ingest.ingest(feed, poll, clock.now());
    CHECK(count("rival") == -1);
    query("rival", "rival");
    // The cached parsed queries are refreshed because the stored ones changed.
    CHECK(ingest.ingest(feed, poll, clock.now()).new_mentions == 0);
    CHECK(count("rival") == 1);
    CHECK(count("acme") == 1);
}

TEST_CASE_FIXTURE(Fixture, "ListenIngest: syndicated text from another source is stored once") {
    query("acme", "acme");
    const std::string story =
        "Acme opens its largest store in Berlin with hundreds of new jobs for the region";
    auto first = FakeFetcher::mention("a1", "Acme opens store", story);
    first.url = "https://one.example/story";
    auto second = FakeFetcher::mention("b7", "Acme opens store", story);
    second.url = "https://two.example/other-path";
    CHECK(ingest.ingest(source("https://one.example/feed"), {first}, clock.now()).new_mentions ==
          1);
    CHECK(ingest.ingest(source("https://two.example/feed"), {second}, clock.now()).new_mentions ==
          0);
    CHECK(store.mention_count() == 1);
}

TEST_CASE_FIXTURE(Fixture, "ListenIngest: without queries nothing is stored") {
    const auto feed = source("https://a.example/feed");
    const auto counts = ingest.ingest(feed, {FakeFetcher::mention("1", "anything")}, clock.now());
    CHECK(counts.items == 1);
    CHECK(counts.matched == 0);
    CHECK(store.mention_count() == 0);
}

TEST_SUITE_END();
