#include "storage/listen_store.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

using namespace onevoice;

namespace {

constexpr std::int64_t k_hour = 60LL * 60 * 1000;
constexpr std::int64_t k_now = 1'795'000'000'000;

storage::ListenQueryRow sample_query(const std::string& name, const std::string& query) {
    storage::ListenQueryRow row;
    row.name = name;
    row.query = query;
    row.created_by = "console:boss";
    row.created_at = k_now;
    return row;
}

storage::ListenSourceRow sample_source(const std::string& kind, const std::string& target,
                                       const std::string& term = {}) {
    storage::ListenSourceRow row;
    row.kind = kind;
    row.target = target;
    row.term = term;
    row.interval_seconds = 900;
    row.next_poll_at = k_now;
    row.created_by = "console:boss";
    row.created_at = k_now;
    return row;
}

storage::MentionRow sample_mention(std::int64_t source, const std::string& id,
                                   const std::string& url, const std::string& key) {
    storage::MentionRow row;
    row.source_id = source;
    row.external_id = id;
    row.url = url;
    row.title = "Title " + id;
    row.text_key = key;
    row.seen_at = k_now;
    row.polarity = -1;
    row.sentiment = -0.625;
    return row;
}

struct Fixture {
    tests::MemoryDb memory;
    storage::ListenStore store{memory.db};

    // Stores the mention unless it is a duplicate, then adds the matches;
    // returns whether it was new.
    bool ingest(const storage::MentionRow& mention, const std::vector<std::int64_t>& queries) {
        auto id = store.find_duplicate(mention);
        const bool is_new = !id;
        if (!id) {
            id = store.insert_mention(mention);
        }
        store.add_matches(*id, queries);
        return is_new;
    }
};

} // namespace

TEST_SUITE_BEGIN("storage");

TEST_CASE_FIXTURE(Fixture, "ListenStore: queries are added once by name, listed and removed") {
    const auto acme = store.add_query(sample_query("acme", "acme OR \"acme corp\""));
    auto rival = sample_query("Rival", "rival");
    rival.is_competitor = true;
    store.add_query(rival);
    // Names are unique without regard to case.
    CHECK_THROWS_AS(store.add_query(sample_query("ACME", "x")), storage::DbError);
    REQUIRE(store.find_query("ACME"));
    CHECK(store.find_query("ACME")->id == acme);
    CHECK_FALSE(store.find_query("nobody"));

    store.set_muted_until(acme, k_now + 24 * k_hour);
    store.set_sensitivity(acme, "low");
    store.set_query_text(acme, "acme -job");
    const auto found = store.find_query("acme");
    REQUIRE(found);
    CHECK(found->muted_until == k_now + 24 * k_hour);
    CHECK(found->sensitivity == "low");
    CHECK(found->query == "acme -job");
    CHECK_THROWS_AS(store.set_sensitivity(acme, "extreme"), storage::DbError);

    const auto list = store.list_queries(k_now);
    REQUIRE(list.size() == 2);
    CHECK(list[0].name == "acme");
    CHECK(list[1].is_competitor);
    CHECK(store.query_texts().size() == 2);

    CHECK(store.remove_query("RIVAL"));
    CHECK_FALSE(store.remove_query("rival"));
    CHECK(store.list_queries(k_now).size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "ListenStore: mention counts cover the last 24 hours and 7 days") {
    const auto q = store.add_query(sample_query("acme", "acme"));
    const auto source = store.add_source(sample_source("rss", "https://a.example/feed"));
    const std::int64_t ages[] = {1, 23, 25, 6 * 24, 8 * 24};
    int n = 0;
    for (const std::int64_t hours : ages) {
        const std::string id = std::to_string(++n);
        auto m = sample_mention(source, id, "https://a.example/" + id, "key" + id);
        m.published_at = k_now - hours * k_hour;
        CHECK(ingest(m, {q}));
    }
    const auto list = store.list_queries(k_now);
    REQUIRE(list.size() == 1);
    CHECK(list[0].count_24h == 2);
    CHECK(list[0].count_7d == 4);
}

TEST_CASE_FIXTURE(Fixture, "ListenStore: sources are unique by kind, target and term") {
    const auto feed = store.add_source(sample_source("rss", "https://a.example/feed"));
    store.add_source(sample_source("reddit", "", "acme"));
    store.add_source(sample_source("hackernews", "", "acme"));
    CHECK_THROWS_AS(store.add_source(sample_source("rss", "https://a.example/feed")),
                    storage::DbError);
    REQUIRE(store.find_source("rss", "https://a.example/feed", ""));
    CHECK(store.find_source("rss", "https://a.example/feed", "")->id == feed);
    CHECK_FALSE(store.find_source("reddit", "", "other"));
    CHECK_THROWS_AS(store.add_source(sample_source("gopher", "x")), storage::DbError);
    CHECK(store.list_sources().size() == 3);
    CHECK(store.remove_source(feed));
    CHECK_FALSE(store.remove_source(feed));
    CHECK_FALSE(store.find_source(feed));
}

TEST_CASE_FIXTURE(Fixture, "ListenStore: due sources, success and failure bookkeeping") {
    auto later = sample_source("rss", "https://b.example/feed");
    later.next_poll_at = k_now + k_hour;
    const auto b = store.add_source(later);
    const auto a = store.add_source(sample_source("rss", "https://a.example/feed"));
    auto due = store.due_sources(k_now, 10);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == a);
    const auto next = store.next_polls(10);
    REQUIRE(next.size() == 2);
    CHECK(next[0].first == a);
    CHECK(next[1] == std::pair<std::int64_t, std::int64_t>{b, k_now + k_hour});

    store.record_failure(a, k_now, "HTTP 500", k_now + 15 * 60000);
    store.record_failure(a, k_now + k_hour, "timeout", k_now + 2 * k_hour);
    auto row = store.find_source(a);
    REQUIRE(row);
    CHECK(row->consecutive_failures == 2);
    CHECK(row->failing_since == k_now); // the first failure of the run
    CHECK(row->last_error == "timeout");
    CHECK(row->last_poll_at == k_now + k_hour);
    CHECK(row->next_poll_at == k_now + 2 * k_hour);
    CHECK(store.due_sources(k_now + k_hour, 10).size() == 1); // b only

    store.record_success(a, k_now + 2 * k_hour, "\"v1\"", "Wed, 18 Nov 2026 10:00:00 GMT", 12,
                         k_now + 3 * k_hour);
    row = store.find_source(a);
    CHECK(row->consecutive_failures == 0);
    CHECK_FALSE(row->failing_since);
    CHECK(row->last_error.empty());
    CHECK(row->etag == "\"v1\"");
    CHECK(row->item_count == 12);
    CHECK(row->last_success_at == k_now + 2 * k_hour);
    // 304: the item count stays.
    store.record_success(a, k_now + 3 * k_hour, "\"v1\"", "", std::nullopt, k_now + 4 * k_hour);
    CHECK(store.find_source(a)->item_count == 12);

    CHECK(store.mark_due(b, k_now) == 1);
    CHECK(store.due_sources(k_now, 10).size() == 1);
    CHECK(store.mark_due(std::nullopt, k_now) == 2);
    CHECK(store.due_sources(k_now, 10).size() == 2);
    CHECK(store.mark_due(999, k_now) == 0);
}

TEST_CASE_FIXTURE(Fixture, "ListenStore: a mention is stored once and gains new query matches") {
    const auto q1 = store.add_query(sample_query("acme", "acme"));
    const auto q2 = store.add_query(sample_query("rival", "rival"));
    const auto s1 = store.add_source(sample_source("rss", "https://a.example/feed"));
    const auto s2 = store.add_source(sample_source("reddit", "", "acme"));

    auto first = sample_mention(s1, "guid-1", "https://news.example/story", "acme story");
    first.published_at = k_now - k_hour;
    CHECK(ingest(first, {q1}));
    SUBCASE("same source and external id") {
        auto again = sample_mention(s1, "guid-1", "https://other.example/x", "other key");
        CHECK_FALSE(ingest(again, {q1, q2}));
    }
    SUBCASE("same canonical URL from another source") {
        auto again = sample_mention(s2, "t3_1", "https://news.example/story", "other key");
        CHECK_FALSE(ingest(again, {q1, q2}));
    }
    SUBCASE("same text from another source") {
        auto again = sample_mention(s2, "t3_2", "https://reddit.example/r/1", "acme story");
        CHECK_FALSE(ingest(again, {q1, q2}));
    }
    CHECK(store.mention_count() == 1);
    // The second query's match is added on the first mention's time, so the
    // first query's is not counted twice.
    const auto list = store.list_queries(k_now);
    REQUIRE(list.size() == 2);
    CHECK(list[0].count_24h == 1);
    CHECK(list[1].count_24h == 1);
    const auto id = store.find_duplicate(first);
    REQUIRE(id);
    CHECK(store.add_matches(*id, {q1, q2}) == 0);
}

TEST_CASE_FIXTURE(Fixture, "ListenStore: the same text from the same source is two mentions") {
    const auto q = store.add_query(sample_query("acme", "acme"));
    const auto s = store.add_source(sample_source("mastodon", "https://m.example", "acme"));
    CHECK(ingest(sample_mention(s, "1", "https://m.example/@a/1", "love acme"), {q}));
    CHECK(ingest(sample_mention(s, "2", "https://m.example/@b/2", "love acme"), {q}));
    CHECK(store.mention_count() == 2);
}

TEST_CASE_FIXTURE(Fixture, "ListenStore: a future or missing published time counts as first seen") {
    const auto q = store.add_query(sample_query("acme", "acme"));
    const auto s = store.add_source(sample_source("rss", "https://a.example/feed"));
    auto future = sample_mention(s, "f", "https://a.example/f", "f");
    future.published_at = k_now + 48 * k_hour;
    future.seen_at = k_now - 2 * k_hour;
    CHECK(ingest(future, {q}));
    auto undated = sample_mention(s, "u", "https://a.example/u", "u");
    undated.seen_at = k_now - 30 * k_hour;
    CHECK(ingest(undated, {q}));
    const auto list = store.list_queries(k_now);
    CHECK(list[0].count_24h == 1);
    CHECK(list[0].count_7d == 2);
}

TEST_CASE_FIXTURE(Fixture, "ListenStore: poll requests finish when every source has polled") {
    const auto a = store.add_source(sample_source("rss", "https://a.example/feed"));
    const auto b = store.add_source(sample_source("rss", "https://b.example/feed"));
    storage::PollRequestRow request;
    request.user_platform = "console";
    request.user_id = "boss";
    request.user_name = "boss";
    request.conversation = "console";
    request.created_at = k_now;
    const auto id = store.add_poll_request(request, {a, b});
    CHECK(store.finished_poll_requests().empty());

    // A poll that started before the request does not answer it.
    store.record_poll_outcome(a, k_now - 1, 5, "");
    CHECK(store.finished_poll_requests().empty());
    store.record_poll_outcome(a, k_now, 3, "");
    CHECK(store.finished_poll_requests().empty());
    store.record_poll_outcome(b, k_now + 10, 0, "HTTP 500");
    const auto finished = store.finished_poll_requests();
    REQUIRE(finished.size() == 1);
    CHECK(finished[0].id == id);
    CHECK(finished[0].conversation == "console");
    const auto outcomes = store.poll_outcomes(id);
    REQUIRE(outcomes.size() == 2);
    CHECK(outcomes[0].new_count == 3);
    CHECK(outcomes[1].error == "HTTP 500");
    store.remove_poll_request(id);
    CHECK(store.finished_poll_requests().empty());
    CHECK(store.poll_outcomes(id).empty());

    // A removed source no longer holds a request back.
    const auto waiting = store.add_poll_request(request, {a});
    store.remove_source(a);
    REQUIRE(store.finished_poll_requests().size() == 1);
    CHECK(store.poll_outcomes(waiting).empty());
}

TEST_SUITE_END();
