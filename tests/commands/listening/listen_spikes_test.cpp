// Spike alerts (issue #8): the robust z-score, the negative share, one alert
// per spike, and the alert's buttons.
#include "bot/model/errors.hpp"
#include "commands/listening/listen_spikes.hpp"
#include "tests/fakes/digest_bot.hpp"

#include <doctest/doctest.h>

using namespace onevoice;
using tests::DigestBot;

namespace {

constexpr std::int64_t k_hour = 3'600'000;
constexpr std::int64_t k_minute = 60'000;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// `per_hour` neutral mentions in each of the 168 hours before `now`.
void seed_baseline(DigestBot& bot, std::int64_t query, int per_hour = 2) {
    const std::int64_t now = bot::to_millis(bot.clock.now());
    for (int ago = 1; ago <= 168; ++ago) {
        bot.seed.many(query, now - ago * k_hour - 50 * k_minute, 40 * k_minute, per_hour);
    }
}

// `n` mentions in the last hour, the first `negative` of them negative with
// engagement, from `domain`, titled `title`.
void seed_hour(DigestBot& bot, std::int64_t query, int n, int negative,
               const std::string& domain = "news.example", const std::string& title = "Acme") {
    const std::int64_t now = bot::to_millis(bot.clock.now());
    for (int i = 0; i < n; ++i) {
        tests::ListenSeed::Spec spec;
        spec.domain = domain;
        spec.title = title + " " + std::to_string(i);
        spec.text = spec.title;
        spec.polarity = i < negative ? -1 : 0;
        spec.engagement = i < negative ? 100 - i : 1;
        bot.seed.mention(query, now - 55 * k_minute + i * k_minute, spec);
    }
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("Spikes: median") {
    CHECK(commands::median({3, 1, 2}) == 2);
    CHECK(commands::median({4, 1, 3, 2}) == 2.5);
    CHECK(commands::median({}) == 0);
}

TEST_CASE("Spikes: the robust z-score against median and MAD, worked by hand") {
    // 10 hours of 3, 10 of 4, 10 of 5: median 4; deviations 10 × 0 and 20 × 1,
    // so MAD 1 and spread 1.4826. Threshold: 4 + 3.5 × 1.4826 = 9.1891.
    std::vector<std::int64_t> samples;
    for (const std::int64_t v : {3, 4, 5}) {
        samples.insert(samples.end(), 10, v);
    }
    const commands::SpikeSettings settings{5, 3.5, 0.3};
    const auto ten = commands::check_volume(10, samples, settings, "normal");
    CHECK(ten.baseline == 4);
    CHECK(ten.threshold == doctest::Approx(9.1891));
    CHECK(ten.z == doctest::Approx(6 / 1.4826)); // 4.047
    CHECK(ten.is_spike);
    const auto nine = commands::check_volume(9, samples, settings, "normal");
    CHECK_FALSE(nine.is_spike);
    CHECK_FALSE(nine.is_normal); // above the middle 6.59: an open alert stays open
    CHECK(commands::check_volume(6, samples, settings, "normal").is_normal);

    // Low: z 5.25 → 4 + 5.25 × 1.4826 = 11.78; high: z 2.45 → 7.63, minimum ⌈3.5⌉ = 4.
    CHECK(commands::check_volume(10, samples, settings, "low").threshold ==
          doctest::Approx(11.7837));
    CHECK_FALSE(commands::check_volume(10, samples, settings, "low").is_spike);
    CHECK(commands::check_volume(8, samples, settings, "high").threshold ==
          doctest::Approx(7.6324));
    CHECK(commands::check_volume(8, samples, settings, "high").is_spike);
}

TEST_CASE("Spikes: a flat baseline still has a spread, and the minimum count holds") {
    const std::vector<std::int64_t> flat(30, 2);
    const commands::SpikeSettings defaults;
    // MAD 0 → spread 1: 2 + 3.5 = 5.5, below the minimum of 10.
    const auto ten = commands::check_volume(10, flat, defaults, "normal");
    CHECK(ten.threshold == 10);
    CHECK(ten.is_spike);
    CHECK_FALSE(commands::check_volume(9, flat, defaults, "normal").is_spike);
    // Low sensitivity: at least ⌈10 × 1.5⌉ = 15.
    CHECK(commands::check_volume(14, flat, defaults, "low").threshold == 15);
}

TEST_CASE("Spikes: a jump of the negative share") {
    const commands::SpikeSettings defaults;
    // 12 of 20 negative = 60 %, against 10 of 100 = 10 %: threshold 40 %.
    const auto jump = commands::check_negative(20, 12, 100, 10, defaults, "normal");
    CHECK(jump.level == doctest::Approx(0.6));
    CHECK(jump.baseline == doctest::Approx(0.1));
    CHECK(jump.threshold == doctest::Approx(0.4));
    CHECK(jump.is_spike);
    CHECK_FALSE(commands::check_negative(20, 7, 100, 10, defaults, "normal").is_spike);
    // Too few mentions for a share to mean anything.
    const auto few = commands::check_negative(5, 5, 100, 10, defaults, "normal");
    CHECK_FALSE(few.is_spike);
    CHECK(few.is_normal);
    // Low sensitivity needs a jump of 45 points.
    CHECK_FALSE(commands::check_negative(20, 10, 100, 10, defaults, "low").is_spike);
}

TEST_CASE("Spikes: one alert per spike, closed when the level is normal again") {
    DigestBot bot;
    const auto acme = bot.seed.query("acme");
    seed_baseline(bot, acme);
    seed_hour(bot, acme, 30, 5);
    const auto first = bot.spikes.check(bot.clock.now());
    REQUIRE(first.size() == 1);
    const std::string alert = DigestBot::plain(first);
    INFO(alert);
    CHECK(contains(alert, "## Spike alert: acme"));
    CHECK(contains(alert, "30 mentions in the last hour. Usual level: 2.0"));
    CHECK(contains(alert, "threshold: 10."));
    CHECK(contains(alert, "Top negative mentions:"));
    CHECK(contains(alert, "- Acme 0 (https://news.example/"));
    CHECK(contains(alert, "[Declare crisis] listen alert 1 declare"));
    CHECK(contains(alert, "[Mute 24 h] listen mute acme 24"));
    CHECK(contains(alert, "[Less sensitive] listen sensitivity acme low"));
    CHECK(contains(alert, "[Not relevant] listen alert 1 irrelevant"));
    CHECK(first[0].place.conversation == "console");

    // The next poll, ten minutes later: still high, but no second alert.
    bot.clock.advance(std::chrono::minutes(10));
    seed_hour(bot, acme, 5, 0);
    CHECK(bot.spikes.check(bot.clock.now()).empty());
    CHECK(bot.store.open_alert_for(acme, "volume"));

    // Two quiet hours later the alert closes; a new spike is a new alert.
    bot.clock.advance(std::chrono::hours(2));
    CHECK(bot.spikes.check(bot.clock.now()).empty());
    CHECK_FALSE(bot.store.open_alert_for(acme, "volume"));
    CHECK(bot.store.find_alert(1)->ended_at == bot::to_millis(bot.clock.now()));
    seed_hour(bot, acme, 25, 0);
    const auto again = bot.spikes.check(bot.clock.now());
    REQUIRE(again.size() == 1);
    CHECK(contains(DigestBot::plain(again), "listen alert 2 declare"));
}

TEST_CASE("Spikes: a negative jump alerts, muted queries are skipped") {
    DigestBot bot(bot::Locale::de);
    const auto acme = bot.seed.query("acme", false, "high");
    const auto muted =
        bot.seed.query("muted", false, "normal", bot::to_millis(bot.clock.now()) + 24 * k_hour);
    // Usually 10 an hour: 9 is no volume spike (high: threshold 10 + 2.45 × 1).
    seed_baseline(bot, acme, 10);
    // 8 of 9 negative: far above the usual share.
    seed_hour(bot, acme, 9, 8);
    seed_hour(bot, muted, 40, 40);
    const auto alerts = bot.spikes.check(bot.clock.now());
    REQUIRE(alerts.size() == 1);
    const std::string text = DigestBot::plain(alerts);
    INFO(text);
    CHECK(contains(text, "## Ausschlag-Alarm: negative Erwähnungen zu acme"));
    CHECK(contains(text, "89 % der 9 Erwähnungen der letzten Stunde sind negativ. Üblicher "
                         "Anteil: 0 %; Schwelle: 21 %."));
    CHECK(contains(text, "Empfindlichkeit hoch"));
    CHECK(contains(text, "[Weniger empfindlich] listen sensitivity acme normal"));
    CHECK_FALSE(bot.store.open_alert_for(muted, "volume"));
}

TEST_CASE("Spikes: \"Declare crisis\" declares one with the query and the top mentions") {
    DigestBot bot;
    const auto acme = bot.seed.query("acme");
    seed_baseline(bot, acme);
    seed_hour(bot, acme, 30, 5, "angry.example", "Acme refund scandal");
    REQUIRE(bot.spikes.check(bot.clock.now()).size() == 1);
    const std::string out = bot.alert({"1", "declare"}, "bob");
    INFO(out);
    CHECK(contains(out, "Spike in mentions of acme"));
    const auto crisis = bot.crises.find(1);
    REQUIRE(crisis);
    CHECK(crisis->title == "Spike in mentions of acme");
    CHECK(crisis->severity == 2);
    const auto timeline = bot.crises.timeline(1);
    REQUIRE(timeline.size() == 2);
    CHECK(timeline[0].kind == "declared");
    CHECK(timeline[1].kind == "update");
    CHECK(contains(timeline[1].text, "Spike alert: 30 mentions of acme in an hour. Top mentions: "
                                     "Acme refund scandal 0 <https://angry.example/"));
    CHECK(contains(timeline[1].text, "; Acme refund scandal 1 <https://angry.example/"));
}

TEST_CASE("Spikes: \"Not relevant\" asks, then excludes the site or the distinguishing term") {
    SUBCASE("a flood from one site") {
        DigestBot bot;
        const auto acme = bot.seed.query("acme");
        seed_baseline(bot, acme);
        seed_hour(bot, acme, 30, 5, "spam.example");
        REQUIRE(bot.spikes.check(bot.clock.now()).size() == 1);
        const std::string ask = bot.alert({"1", "irrelevant"});
        CHECK(contains(ask, "Add -site:spam.example to the query acme?"));
        CHECK(contains(ask, "[Yes, exclude] listen alert 1 exclude site:spam.example"));
        CHECK(bot.listen_store.find_query(acme)->query == "acme"); // nothing changed yet
        CHECK_THROWS_AS(bot.alert({"1", "exclude", "site:spam.example"}, "bob"),
                        bot::PermissionError);
        const std::string done = bot.alert({"1", "exclude", "site:spam.example"});
        CHECK(contains(done, "The query acme now leaves out -site:spam.example"));
        CHECK(bot.listen_store.find_query(acme)->query == "acme -site:spam.example");
    }
    SUBCASE("a word the spike's mentions share") {
        DigestBot bot;
        const auto acme = bot.seed.query("acme");
        seed_baseline(bot, acme);
        for (const char* domain : {"a.example", "b.example", "c.example"}) {
            seed_hour(bot, acme, 6, 2, domain, "Acme giveaway winners");
        }
        seed_hour(bot, acme, 6, 0, "d.example", "Acme news");
        REQUIRE(bot.spikes.check(bot.clock.now()).size() == 1);
        const std::string ask = bot.alert({"1", "irrelevant"});
        INFO(ask);
        CHECK(contains(ask, "[Yes, exclude] listen alert 1 exclude giveaway"));
        bot.alert({"1", "exclude", "giveaway"});
        CHECK(bot.listen_store.find_query(acme)->query == "acme -giveaway");
    }
    SUBCASE("bad alert commands") {
        DigestBot bot;
        CHECK_THROWS_WITH_AS(bot.alert({"7", "declare"}), "There is no spike alert #7.",
                             bot::UsageError);
        CHECK_THROWS_AS(bot.alert({"x", "declare"}), bot::UsageError);
        CHECK_THROWS_AS(bot.alert({"1"}), bot::UsageError);
    }
}

TEST_SUITE_END();
