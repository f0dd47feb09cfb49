// ListenStore::add_new_matches writes a new mention's matches without reading
// the mention back (issue #10): the rows must equal those add_matches writes.
#include "storage/listen_store.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

#include <tuple>

using namespace onevoice;

namespace {

constexpr std::int64_t k_now = 1'795'000'000'000;
constexpr std::int64_t k_hour = 3'600'000;

using MatchRows = std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>>;

struct Fixture {
    tests::MemoryDb memory;
    storage::ListenStore store{memory.db};
    std::int64_t q1 = 0;
    std::int64_t q2 = 0;
    std::int64_t source = 0;
    int mentions = 0;

    Fixture() {
        q1 = add_query("acme");
        q2 = add_query("rocket");
        storage::ListenSourceRow feed;
        feed.kind = "rss";
        feed.target = "https://news.example/feed.xml";
        feed.next_poll_at = k_now;
        feed.created_by = "console:boss";
        feed.created_at = k_now;
        source = store.add_source(feed);
    }

    std::int64_t add_query(const std::string& name) {
        storage::ListenQueryRow row;
        row.name = name;
        row.query = name;
        row.created_by = "console:boss";
        row.created_at = k_now;
        return store.add_query(row);
    }

    storage::MentionRow mention(std::optional<std::int64_t> published, int polarity) {
        storage::MentionRow row;
        row.source_id = source;
        row.external_id = "m" + std::to_string(++mentions);
        row.url = "https://news.example/" + row.external_id;
        row.text_key = row.external_id;
        row.seen_at = k_now;
        row.published_at = published;
        row.polarity = polarity;
        return row;
    }

    // (query, at, polarity) of a mention's matches, by query.
    MatchRows matches(std::int64_t mention_id) {
        storage::Statement s(memory.db, "SELECT query_id, at, polarity FROM mention_matches "
                                        "WHERE mention_id = ?1 ORDER BY query_id");
        s.bind(1, mention_id);
        MatchRows rows;
        while (s.step()) {
            rows.emplace_back(s.get_int(0), s.get_int(1), s.get_int(2));
        }
        s.reset();
        return rows;
    }

    // The matches add_new_matches writes, and those add_matches writes for
    // the same mention stored again under another id.
    std::pair<MatchRows, MatchRows> both(std::optional<std::int64_t> published, int polarity) {
        const storage::MentionRow fresh = mention(published, polarity);
        const std::int64_t fast = store.insert_mention(fresh);
        CHECK(store.add_new_matches(fast, fresh, {q1, q2}) == 2);
        const storage::MentionRow again = mention(published, polarity);
        const std::int64_t slow = store.insert_mention(again);
        CHECK(store.add_matches(slow, {q1, q2}) == 2);
        return {matches(fast), matches(slow)};
    }
};

} // namespace

TEST_SUITE_BEGIN("storage");

TEST_CASE_FIXTURE(Fixture, "ListenStore: a new mention's matches take the time that counts") {
    SUBCASE("published before it was seen") {
        const auto [fast, slow] = both(k_now - k_hour, -1);
        CHECK(fast == MatchRows{{q1, k_now - k_hour, -1}, {q2, k_now - k_hour, -1}});
        CHECK(fast == slow);
    }
    SUBCASE("published after it was seen (a wrong clock) counts when seen") {
        const auto [fast, slow] = both(k_now + k_hour, 1);
        CHECK(fast == MatchRows{{q1, k_now, 1}, {q2, k_now, 1}});
        CHECK(fast == slow);
    }
    SUBCASE("published exactly when seen") {
        const auto [fast, slow] = both(k_now, 0);
        CHECK(fast == MatchRows{{q1, k_now, 0}, {q2, k_now, 0}});
        CHECK(fast == slow);
    }
    SUBCASE("without a publication time") {
        const auto [fast, slow] = both(std::nullopt, 0);
        CHECK(fast == MatchRows{{q1, k_now, 0}, {q2, k_now, 0}});
        CHECK(fast == slow);
    }
}

TEST_CASE_FIXTURE(Fixture,
                  "ListenStore: a repeated query in a new mention's matches is kept once") {
    const storage::MentionRow fresh = mention(k_now, 0);
    const std::int64_t id = store.insert_mention(fresh);
    CHECK(store.add_new_matches(id, fresh, {q1, q1}) == 1);
    CHECK(matches(id).size() == 1);
}

TEST_SUITE_END();
