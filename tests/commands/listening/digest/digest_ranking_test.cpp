// The digest reads a day's mentions in one pass (DigestStore::range_mentions)
// and ranks them itself (issue #10): it must pick exactly what the SQL
// ranking of top_mentions picks, ties included, and find the same new domains.
#include "commands/listening/digest/digest.hpp"
#include "tests/fakes/digest_bot.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace onevoice;
using tests::DigestBot;

namespace {

constexpr std::int64_t k_hour = 3'600'000;
constexpr std::int64_t k_day = 24 * k_hour;
constexpr std::int64_t k_nov17 = 1'794'870'000'000; // local midnight in Europe/Berlin

std::vector<std::int64_t> ids(const std::vector<storage::DigestMention>& mentions) {
    std::vector<std::int64_t> out;
    for (const auto& mention : mentions) {
        out.push_back(mention.id);
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("Digest: top mentions are ranked as top_mentions ranks them, ties included") {
    DigestBot bot;
    const auto acme = bot.seed.query("acme");
    // More than Digest::k_candidates mentions with many ties: three
    // engagements (one of them none, which counts as 0), three polarities,
    // four times, and equal times broken by the id. Distinct fingerprints far
    // apart, so clustering keeps each one.
    for (int i = 0; i < 90; ++i) {
        tests::ListenSeed::Spec spec;
        spec.title = "Mention " + std::to_string(i);
        spec.text = "Text " + std::to_string(i);
        spec.author = "author " + std::to_string(i % 4);
        spec.engagement = i % 3 == 0 ? std::nullopt : std::optional<std::int64_t>(i % 3 - 1);
        spec.polarity = i % 5 == 0 ? -1 : (i % 5 == 1 ? 1 : 0);
        spec.simhash = (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(i + 1)) | 1U;
        bot.seed.mention(acme, k_nov17 + (i % 4) * k_hour, spec);
    }
    // A mention of the day before ranks nowhere.
    tests::ListenSeed::Spec loud;
    loud.engagement = 1000;
    bot.seed.mention(acme, k_nov17 - 1, loud);

    commands::Digest digest(bot.store, bot.listen_store, bot.context);
    const auto data = digest.collect(bot.context.zone.date_of(bot::from_millis(k_nov17 + k_hour)));
    REQUIRE(data.queries.size() == 1);
    const auto& top = data.queries[0].top;
    const auto expected = bot.store.top_mentions(acme, k_nov17, k_nov17 + k_day,
                                                 static_cast<int>(commands::Digest::k_top));
    REQUIRE(top.size() == expected.size());
    for (std::size_t i = 0; i < top.size(); ++i) {
        CAPTURE(i);
        const auto& got = top[i].mention;
        CHECK(got.id == expected[i].id);
        CHECK(got.url == expected[i].url);
        CHECK(got.title == expected[i].title);
        CHECK(got.text == expected[i].text);
        CHECK(got.author == expected[i].author);
        CHECK(got.domain == expected[i].domain);
        CHECK(got.engagement == expected[i].engagement);
        CHECK(got.polarity == expected[i].polarity);
        CHECK(got.at == expected[i].at);
        CHECK(got.simhash == expected[i].simhash);
        CHECK(top[i].similar == 0);
    }
}

TEST_CASE("DigestStore: range mentions hold the match's time and polarity in index order") {
    DigestBot bot;
    const auto acme = bot.seed.query("acme");
    const auto rival = bot.seed.query("rival");
    tests::ListenSeed::Spec spec;
    spec.domain = "a.example";
    spec.engagement = 7;
    spec.polarity = -1;
    spec.simhash = 0xF00DFACE12345678ULL;
    const auto later = bot.seed.mention(acme, k_nov17 + 2 * k_hour, spec);
    spec.domain = "";
    spec.engagement.reset();
    spec.polarity = 1;
    spec.simhash = 0;
    const auto earlier = bot.seed.mention(acme, k_nov17 + k_hour, spec);
    bot.seed.mention(rival, k_nov17 + k_hour, spec);
    bot.seed.mention(acme, k_nov17 + k_day, spec); // the next day: outside

    const auto rows = bot.store.range_mentions(acme, k_nov17, k_nov17 + k_day);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].id == earlier);
    CHECK(rows[0].at == k_nov17 + k_hour);
    CHECK(rows[0].polarity == 1);
    CHECK_FALSE(rows[0].engagement);
    CHECK(rows[0].domain.empty());
    CHECK(rows[1].id == later);
    CHECK(rows[1].engagement == 7);
    CHECK(rows[1].polarity == -1);
    CHECK(rows[1].simhash == 0xF00DFACE12345678ULL);
    CHECK(rows[1].domain == "a.example");
    CHECK(bot.store.range_mentions(acme, k_nov17 - k_day, k_nov17).empty());

    storage::DigestMention mention;
    mention.id = later;
    REQUIRE(bot.store.fill_texts(mention));
    CHECK(mention.url == "https://a.example/m1");
    CHECK(mention.title == "A mention");
    CHECK(mention.text == "Some text");
    CHECK(mention.author == "someone");
    mention.id = 999;
    CHECK_FALSE(bot.store.fill_texts(mention));

    CHECK(bot.store.domain_seen_before("a.example", k_nov17 + 2 * k_hour + 1));
    CHECK_FALSE(bot.store.domain_seen_before("a.example", k_nov17 + 2 * k_hour));
    CHECK_FALSE(bot.store.domain_seen_before("b.example", k_nov17 + k_day));
}

TEST_CASE("Digest: new domains are found once across queries as new_domains finds them") {
    DigestBot bot;
    const auto acme = bot.seed.query("acme");
    const auto rocket = bot.seed.query("rocket");
    const auto rival = bot.seed.query("rival", true);
    tests::ListenSeed::Spec spec;
    spec.domain = "old.example";
    bot.seed.mention(acme, k_nov17 - 3 * k_day, spec);
    bot.seed.mention(rocket, k_nov17 + k_hour, spec);
    spec.domain = "shared.example";
    bot.seed.mention(acme, k_nov17 + k_hour, spec);
    bot.seed.mention(rocket, k_nov17 + 2 * k_hour, spec);
    spec.domain = "rocket.example";
    bot.seed.mention(rocket, k_nov17 + 3 * k_hour, spec);
    // A competitor's new domain is not ours.
    spec.domain = "rival.example";
    bot.seed.mention(rival, k_nov17 + k_hour, spec);

    commands::Digest digest(bot.store, bot.listen_store, bot.context);
    const auto data = digest.collect(bot.context.zone.date_of(bot::from_millis(k_nov17 + k_hour)));
    CHECK(data.new_domains == std::vector<std::string>{"rocket.example", "shared.example"});
    auto expected = bot.store.new_domains(acme, k_nov17, k_nov17 + k_day);
    for (auto& domain : bot.store.new_domains(rocket, k_nov17, k_nov17 + k_day)) {
        expected.push_back(domain);
    }
    std::ranges::sort(expected);
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    CHECK(data.new_domains == expected);
    CHECK(ids(bot.store.top_mentions(rival, k_nov17, k_nov17 + k_day, 5)).size() == 1);
}

TEST_SUITE_END();
