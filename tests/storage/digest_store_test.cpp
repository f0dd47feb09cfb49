// The digest's and spike detector's reads over the listening tables (issue #8).
#include "storage/digest_store.hpp"
#include "storage/listen_store.hpp"
#include "tests/fakes/listen_seed.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

using namespace onevoice;

namespace {

constexpr std::int64_t k_hour = 3'600'000;
constexpr std::int64_t k_day = 24 * k_hour;
constexpr std::int64_t k_start = 1'794'960'000'000; // 2026-11-18T00:00:00Z

struct DigestDb : tests::MemoryDb {
    tests::ListenSeed seed{db};
    storage::DigestStore store{db};
};

} // namespace

TEST_SUITE_BEGIN("storage");

TEST_CASE_FIXTURE(DigestDb, "DigestStore: counts per range use the time that counts, per query") {
    const auto acme = seed.query("acme");
    const auto rival = seed.query("rival", true);
    seed.many(acme, k_start, k_day, 5);
    seed.many(acme, k_start + k_day, k_day, 3);
    seed.many(rival, k_start, k_day, 7);
    // A mention exactly at a boundary belongs to the later range.
    seed.mention(acme, k_start + 2 * k_day);
    CHECK(store.counts(acme, {k_start, k_start + k_day, k_start + 2 * k_day,
                              k_start + 3 * k_day}) == std::vector<std::int64_t>{5, 3, 1});
    CHECK(store.counts(rival, {k_start, k_start + k_day}) == std::vector<std::int64_t>{7});
    CHECK(store.counts(acme, {k_start}).empty());
}

TEST_CASE_FIXTURE(DigestDb, "ListenStore: the queries by name and by id, for the digest") {
    storage::ListenStore listen{db};
    const std::int64_t acme = seed.query("acme");
    const std::int64_t rival = seed.query("rival", true);
    const auto queries = listen.queries();
    REQUIRE(queries.size() == 2);
    CHECK(queries[0].id == acme);
    CHECK(queries[0].name == "acme");
    CHECK_FALSE(queries[0].is_competitor);
    CHECK(queries[1].is_competitor);
    CHECK(listen.find_query(rival)->name == "rival");
    CHECK_FALSE(listen.find_query(std::int64_t{99}));
}

TEST_CASE_FIXTURE(DigestDb, "DigestStore: sentiment split and top mentions in order") {
    const auto acme = seed.query("acme");
    tests::ListenSeed::Spec spec;
    spec.title = "quiet neutral";
    seed.mention(acme, k_start + k_hour, spec);
    spec.title = "big positive";
    spec.engagement = 50;
    spec.polarity = 1;
    seed.mention(acme, k_start + 2 * k_hour, spec);
    spec.title = "big negative";
    spec.polarity = -1;
    seed.mention(acme, k_start + 3 * k_hour, spec);
    spec.title = "small negative older";
    spec.engagement = 2;
    seed.mention(acme, k_start + 4 * k_hour, spec);
    spec.title = "small negative newer";
    seed.mention(acme, k_start + 5 * k_hour, spec);
    spec.title = "yesterday";
    spec.engagement = 900;
    seed.mention(acme, k_start - k_hour, spec);

    const auto split = store.sentiment(acme, k_start, k_start + k_day);
    CHECK(split.positive == 1);
    CHECK(split.neutral == 1);
    CHECK(split.negative == 3);
    CHECK(split.total() == 5);

    const auto top = store.top_mentions(acme, k_start, k_start + k_day, 10);
    REQUIRE(top.size() == 5);
    CHECK(top[0].title == "big negative");
    CHECK(top[1].title == "big positive");
    CHECK(top[2].title == "small negative newer");
    CHECK(top[3].title == "small negative older");
    CHECK(top[4].title == "quiet neutral");
    CHECK_FALSE(top[4].engagement);
    CHECK(top[0].url.starts_with("https://news.example/"));
    CHECK(top[0].domain == "news.example");
    CHECK(store.top_mentions(acme, k_start, k_start + k_day, 2).size() == 2);

    const auto negative = store.top_negative(acme, k_start, k_start + k_day, 10);
    REQUIRE(negative.size() == 3);
    CHECK(negative[0].title == "big negative");
    CHECK(store.fingerprints(acme, k_start, k_start + k_day).size() == 5);
}

TEST_CASE_FIXTURE(DigestDb, "DigestStore: the full 64 bits of a fingerprint survive") {
    const auto acme = seed.query("acme");
    tests::ListenSeed::Spec spec;
    spec.simhash = 0xF00DFACE12345678ULL;
    seed.mention(acme, k_start, spec);
    const auto prints = store.fingerprints(acme, k_start, k_start + 1);
    REQUIRE(prints.size() == 1);
    CHECK(prints[0].second == 0xF00DFACE12345678ULL);
    CHECK(store.top_mentions(acme, k_start, k_start + 1, 1)[0].simhash == 0xF00DFACE12345678ULL);
}

TEST_CASE_FIXTURE(DigestDb, "DigestStore: a domain is new on the first day it was seen") {
    const auto acme = seed.query("acme");
    tests::ListenSeed::Spec old_site;
    old_site.domain = "old.example";
    seed.mention(acme, k_start - 3 * k_day, old_site);
    seed.mention(acme, k_start + k_hour, old_site);
    tests::ListenSeed::Spec fresh;
    fresh.domain = "fresh.example";
    seed.mention(acme, k_start + k_hour, fresh);
    seed.mention(acme, k_start + 2 * k_hour, fresh);
    tests::ListenSeed::Spec blank;
    blank.domain = "";
    seed.mention(acme, k_start + k_hour, blank);
    CHECK(store.new_domains(acme, k_start, k_start + k_day) ==
          std::vector<std::string>{"fresh.example"});
    // The day after, fresh.example is no longer new.
    seed.mention(acme, k_start + k_day + k_hour, fresh);
    CHECK(store.new_domains(acme, k_start + k_day, k_start + 2 * k_day).empty());
}

TEST_CASE_FIXTURE(DigestDb, "DigestStore: hourly counts are rolling hours before now") {
    const auto acme = seed.query("acme");
    const std::int64_t now = k_start + 10 * k_hour + 5 * 60'000; // 10:05
    seed.mention(acme, now - 1);                                 // 0 hours ago
    tests::ListenSeed::Spec negative;
    negative.polarity = -1;
    seed.mention(acme, now - k_hour, negative);     // still hour 0: [now - 1 h, now)
    seed.mention(acme, now - k_hour - 1, negative); // hour 1
    seed.mention(acme, now - 3 * k_hour - 7);       // hour 3
    seed.mention(acme, now);                        // the future: not counted
    seed.mention(acme, now - 5 * k_hour - 1);       // outside 5 hours
    const auto hours = store.hourly(acme, now, 5);
    REQUIRE(hours.size() == 3);
    CHECK(hours[0].hours_ago == 0);
    CHECK(hours[0].count == 2);
    CHECK(hours[0].negative == 1);
    CHECK(hours[1].hours_ago == 1);
    CHECK(hours[1].negative == 1);
    CHECK(hours[2].hours_ago == 3);
    CHECK(hours[2].count == 1);
}

TEST_CASE_FIXTURE(DigestDb, "DigestStore: failing sources since a time") {
    seed.source("https://ok.example/feed", std::nullopt);
    seed.source("https://long.example/feed", k_start - 2 * k_day, "HTTP 500");
    seed.source("https://brief.example/feed", k_start - k_hour, "timeout");
    const auto failing = store.failing_since(k_start - k_day);
    REQUIRE(failing.size() == 1);
    CHECK(failing[0].target == "https://long.example/feed");
    CHECK(failing[0].last_error == "HTTP 500");
    CHECK(store.failing_since(k_start).size() == 2);
}

TEST_CASE_FIXTURE(DigestDb, "DigestStore: one open spike alert per query and kind until closed") {
    const auto acme = seed.query("acme");
    CHECK_FALSE(store.open_alert_for(acme, "volume"));
    storage::SpikeAlertRow alert;
    alert.query_id = acme;
    alert.hour_start = k_start;
    alert.count = 42;
    alert.baseline = 5.5;
    alert.threshold = 17.25;
    alert.created_at = k_start + k_hour;
    const auto id = store.open_alert(alert);
    const auto open = store.open_alert_for(acme, "volume");
    REQUIRE(open);
    CHECK(open->id == id);
    CHECK(open->baseline == doctest::Approx(5.5));
    CHECK(open->threshold == doctest::Approx(17.25));
    CHECK_FALSE(open->negative_share);
    CHECK_FALSE(store.open_alert_for(acme, "negative"));
    store.close_alert(id, k_start + 3 * k_hour);
    CHECK_FALSE(store.open_alert_for(acme, "volume"));
    CHECK(store.find_alert(id)->ended_at == k_start + 3 * k_hour);

    alert.kind = "negative";
    alert.negative_share = 0.75;
    const auto negative = store.open_alert(alert);
    CHECK(store.find_alert(negative)->negative_share == doctest::Approx(0.75));
}

TEST_SUITE_END();
