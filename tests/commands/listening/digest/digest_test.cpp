// The daily digest (issue #8): its numbers, its rendering in both languages,
// splitting into messages, and the `digest` command with its schedule.
#include "commands/listening/digest/digest.hpp"
#include "tests/fakes/digest_bot.hpp"
#include "tests/fakes/refusal.hpp"

#include <doctest/doctest.h>

#include <variant>

using namespace onevoice;
using tests::DigestBot;

namespace {

constexpr std::int64_t k_hour = 3'600'000;
constexpr std::int64_t k_day = 24 * k_hour;
// Local midnights in Europe/Berlin (CET, UTC+1).
constexpr std::int64_t k_nov10 = 1'794'265'200'000;
constexpr std::int64_t k_nov17 = 1'794'870'000'000;
constexpr std::uint64_t k_story = 0xFFFF0000FFFF0000ULL;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// acme: 4 mentions a day on 10..16 November, 6 on the 17th (one story and
// two near-copies of it, one new award, two plain ones); rival, a
// competitor, 4 on the 17th; one source failing for two days.
void seed_week(DigestBot& bot) {
    auto& seed = bot.seed;
    const auto acme = seed.query("acme");
    const auto rival = seed.query("rival", true);
    for (int d = 0; d < 7; ++d) {
        seed.many(acme, k_nov10 + d * k_day, k_day, 4);
    }
    tests::ListenSeed::Spec story;
    story.title = "Acme outage angers customers";
    story.engagement = 120;
    story.polarity = -1;
    story.simhash = k_story;
    seed.mention(acme, k_nov17 + 8 * k_hour, story);
    story.domain = "copy1.example";
    story.engagement = 5;
    story.simhash = k_story ^ 0x1ULL;
    seed.mention(acme, k_nov17 + 9 * k_hour, story);
    story.domain = "copy2.example";
    story.simhash = k_story ^ 0x7ULL;
    seed.mention(acme, k_nov17 + 10 * k_hour, story);
    tests::ListenSeed::Spec award;
    award.domain = "fresh.example";
    award.title = "Acme wins design award";
    award.engagement = 40;
    award.polarity = 1;
    award.simhash = 0x0123456789ABCDEFULL;
    seed.mention(acme, k_nov17 + 11 * k_hour, award);
    tests::ListenSeed::Spec plain;
    plain.title = "Acme store opening";
    plain.simhash = 0xA5A5A5A55A5A5A5AULL;
    seed.mention(acme, k_nov17 + 12 * k_hour, plain);
    plain.title = "";
    plain.text = "Short post about acme";
    plain.simhash = 0;
    seed.mention(acme, k_nov17 + 13 * k_hour, plain);
    seed.many(rival, k_nov17, k_day, 4);
    seed.source("https://broken.example/feed", bot::to_millis(bot.clock.now()) - 2 * k_day,
                "HTTP 500");
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("Digest: the sparkline scales from zero to the largest day") {
    const std::vector<std::int64_t> steps{0, 1, 2, 3, 4, 5, 6, 7};
    CHECK(commands::sparkline(steps) == "▁▂▃▄▅▆▇█");
    const std::vector<std::int64_t> quiet{0, 0, 0};
    CHECK(commands::sparkline(quiet) == "▁▁▁");
    // 5 of 10 is 3.5 of 7 steps, rounded to 4.
    const std::vector<std::int64_t> half{5, 10};
    CHECK(commands::sparkline(half) == "▅█");
    // One mention next to a hundred still lifts its bar off the floor.
    const std::vector<std::int64_t> tiny{1, 100, 0};
    CHECK(commands::sparkline(tiny) == "▂█▁");
    CHECK(commands::sparkline(std::vector<std::int64_t>{}).empty());
}

TEST_CASE("Digest: the change against the 7-day average, in percent") {
    CHECK(commands::change_percent(6, 4.0) == 50);
    CHECK(commands::change_percent(42, 37.5) == 12);
    CHECK(commands::change_percent(10, 40.0) == -75);
    CHECK(commands::change_percent(1, 3.0) == -67); // -66.67 rounds away from zero
    CHECK(commands::change_percent(0, 2.0) == -100);
    CHECK_FALSE(commands::change_percent(3, 0.0)); // "new"
}

TEST_CASE("Digest: near-duplicates are shown once with the number of similar mentions") {
    std::vector<storage::DigestMention> top(4);
    top[0].id = 1;
    top[0].simhash = k_story;
    top[1].id = 2;
    top[1].simhash = k_story ^ 0x3ULL; // a copy: shown in the first cluster
    top[2].id = 3;
    top[2].simhash = 0x0123456789ABCDEFULL;
    top[3].id = 4; // no fingerprint: like nothing else
    const std::vector<std::pair<std::int64_t, std::uint64_t>> day{
        {1, k_story}, {2, k_story ^ 0x3ULL},   {3, 0x0123456789ABCDEFULL},
        {4, 0},       {5, k_story ^ 0x100ULL}, {6, 0}};
    const auto items = commands::cluster_mentions(top, day, 5);
    REQUIRE(items.size() == 3);
    CHECK(items[0].mention.id == 1);
    CHECK(items[0].similar == 2);
    CHECK(items[1].mention.id == 3);
    CHECK(items[1].similar == 0);
    CHECK(items[2].mention.id == 4);
    CHECK(items[2].similar == 0);
    CHECK(commands::cluster_mentions(top, day, 1).size() == 1);
}

TEST_CASE("Digest: long digests are split into messages without cutting an item") {
    bot::Reply whole = bot::Reply::to_place();
    whole.place = bot::Place{"slack", "C1", "", false};
    whole.heading("Digest");
    std::vector<bot::Inline> items;
    for (int i = 0; i < 120; ++i) {
        items.push_back(
            {bot::link("https://example.org/" + std::to_string(i) + "/" + std::string(60, 'x'),
                       "Item " + std::to_string(i) + " " + std::string(80, 'y'))});
    }
    whole.list(items);
    for (int i = 0; i < 60; ++i) {
        whole.text("line " + std::to_string(i));
    }
    const commands::MessageLimits limits;
    const auto replies = commands::split_messages(whole, limits);
    REQUIRE(replies.size() > 1);
    int seen_items = 0;
    int seen_lines = 0;
    for (const bot::Reply& reply : replies) {
        CHECK(reply.place.conversation == "C1");
        CHECK(reply.blocks.size() <= limits.max_blocks);
        std::size_t bytes = 0;
        for (const bot::Block& block : reply.blocks) {
            if (const auto* list = std::get_if<bot::ListBlock>(&block)) {
                std::size_t chars = 0;
                for (const bot::Inline& item : list->items) {
                    CHECK(item == items[static_cast<std::size_t>(seen_items)]); // whole, in order
                    ++seen_items;
                    chars += commands::estimated_size(item);
                }
                CHECK(chars <= limits.max_block_chars);
                bytes += 2 * chars;
            } else if (std::holds_alternative<bot::TextBlock>(block)) {
                ++seen_lines;
            }
        }
        CHECK(bytes <= limits.max_message_bytes);
    }
    CHECK(seen_items == 120);
    CHECK(seen_lines == 60);

    // 100 one-line blocks: 40 + 40 + 20.
    bot::Reply lines = bot::Reply::to_place();
    for (int i = 0; i < 100; ++i) {
        lines.text("x");
    }
    const auto parts = commands::split_messages(lines, limits);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].blocks.size() == 40);
    CHECK(parts[2].blocks.size() == 20);
    // A digest that fits stays one message.
    CHECK(commands::split_messages(whole, commands::MessageLimits{500, 100000, 1000000}).size() ==
          1);
}

TEST_CASE("Digest: a day with counts, change, sentiment, trend, top mentions and sources") {
    DigestBot bot;
    seed_week(bot);
    const std::string out = bot.run("digest yesterday");
    INFO(out);
    CHECK(contains(out, "## Digest for 2026-11-17"));
    CHECK(contains(out, "acme: 6 mentions (+50% against the 7-day average of 4)"));
    CHECK(contains(out, "14 days: ▁▁▁▁▁▁▆▆▆▆▆▆▆█ · positive 1 · neutral 2 · negative 3"));
    CHECK(contains(out, "- Acme outage angers customers (https://news.example/m29) — "
                        "news.example · someone · 120 reactions · negative · +2 similar"));
    CHECK(contains(out, "- Acme wins design award (https://fresh.example/m32) — fresh.example · "
                        "someone · 40 reactions\n"));
    CHECK(contains(out, "- Short post about acme (https://news.example/m34)"));
    // The copies are not listed again.
    CHECK_FALSE(contains(out, "copy1.example/"));
    CHECK(contains(out, "rival (competitor): 4 mentions (new against the 7-day average of 0)"));
    CHECK(contains(out, "Share of voice: acme 60% · rival 40%"));
    CHECK(contains(out, "New sources mentioning us: copy1.example, copy2.example, fresh.example"));
    CHECK(contains(out, "Source #1 (rss https://broken.example/feed) has been failing since "
                        "2026-11-16 12:06: HTTP 500"));
    // Every mention line carries its link.
    std::size_t lines = 0;
    for (std::size_t at = out.find("\n- "); at != std::string::npos;
         at = out.find("\n- ", at + 1)) {
        ++lines;
        CHECK(out.substr(at, out.find('\n', at + 1) - at).find("(https://") != std::string::npos);
    }
    CHECK(lines == 4);
}

TEST_CASE("Digest: the same day in German") {
    DigestBot bot(bot::Locale::de);
    seed_week(bot);
    const std::string out = bot.run("digest 2026-11-17");
    INFO(out);
    CHECK(contains(out, "## Tagesüberblick für 17.11.2026"));
    CHECK(contains(out, "acme: 6 Erwähnungen (+50 % ggü. dem 7-Tage-Schnitt von 4)"));
    CHECK(contains(out, "14 Tage: ▁▁▁▁▁▁▆▆▆▆▆▆▆█ · positiv 1 · neutral 2 · negativ 3"));
    CHECK(contains(out, "120 Reaktionen · negativ · +2 ähnliche"));
    CHECK(contains(out, "Share of Voice: acme 60 % · rival 40 %"));
    CHECK(contains(out, "Neue Quellen, die uns erwähnen: copy1.example"));
    CHECK(contains(out, "Quelle #1 (rss https://broken.example/feed) schlägt seit 16.11.2026, "
                        "12:06 Uhr fehl: HTTP 500"));
}

TEST_CASE("Digest: a quiet day still posts, and says whether the silence is usual") {
    SUBCASE("English, no mentions at all") {
        DigestBot bot;
        bot.seed.query("acme");
        const std::string out = bot.run("digest");
        CHECK(contains(out, "## Digest for 2026-11-18"));
        CHECK(contains(out, "0 new mentions, baseline normal."));
        CHECK(contains(out, "acme: 0 mentions (±0% against the 7-day average of 0)"));
        CHECK(contains(out, "14 days: ▁▁▁▁▁▁▁▁▁▁▁▁▁▁"));
    }
    SUBCASE("German") {
        DigestBot bot(bot::Locale::de);
        bot.seed.query("acme");
        CHECK(contains(bot.run("digest heute"), "0 neue Erwähnungen, Grundrauschen normal."));
    }
    SUBCASE("silence after a busy week is not normal") {
        DigestBot bot;
        const auto acme = bot.seed.query("acme");
        for (int d = 0; d < 7; ++d) {
            bot.seed.many(acme, k_nov10 + d * k_day, k_day, 10);
        }
        const std::string out = bot.run("digest 2026-11-17");
        CHECK(contains(out, "0 new mentions, though there are usually about 10 a day."));
        CHECK(contains(out, "acme: 0 mentions (−100% against the 7-day average of 10)"));
    }
    SUBCASE("no queries yet") {
        DigestBot bot;
        CHECK(contains(bot.run("digest"), "No listening queries yet."));
    }
}

TEST_CASE("Digest: bad input is refused with the usage line") {
    DigestBot bot;
    const auto state = [&bot] {
        return bot.settings_table.get("digest.schedule").value_or("-") + " " +
               std::to_string(bot.job_store.all().size());
    };
    tests::check_refused(bot, "digest schedule 25:00", "boss", "25:00", state);
    tests::check_refused(bot, "digest schedule 08:30 general", "boss", "'general' is not a channel",
                         state);
    tests::check_refused(bot, "digest schedule 08:30 <@U123>", "boss", "is not a channel", state);
    tests::check_refused(bot, "digest schedule", "boss", "At what time?", state);
    tests::check_refused(bot, "digest schedule 08:30 #a #b", "boss", "Unexpected '#b'", state);
    tests::check_refused(bot, "digest schedule 08:30", "bob", "", state);
    tests::check_refused(bot, "digest 2026-12-01", "boss", "'2026-12-01' is in the future", state);
    tests::check_refused(bot, "digest tomorrow", "boss", "is in the future", state);
    tests::check_refused(bot, "digest 2026-13-01", "boss", "2026-13-01", state);
    tests::check_refused(bot, "digest off now", "boss", "Unexpected 'now'", state);
}

TEST_CASE("Digest: the daily schedule posts yesterday's digest at 08:30 across DST") {
    DigestBot bot;
    bot.seed.query("acme");
    // Friday 2026-10-23, 12:00 in Berlin (CEST); clocks go back on Sunday the 25th.
    bot.clock.set(bot::from_millis(1'792'749'600'000));
    const std::string set = bot.run("digest schedule 08:30 <#C0SOCIAL|social>");
    CHECK(
        contains(set, "The digest is posted daily at 08:30 in C0SOCIAL. Next: 2026-10-24 08:30."));
    auto job = bot.job_store.find_unique("digest");
    REQUIRE(job);
    CHECK(job->due_at == 1'792'823'400'000); // 2026-10-24T06:30Z = 08:30 CEST

    const auto run_at = [&bot](std::int64_t millis) {
        bot.clock.set(bot::from_millis(millis));
        const std::size_t before = bot.chat.sent.size();
        bot.scheduler.run_due(bot.clock.now());
        bot.sender.pump();
        std::string out;
        for (std::size_t i = before; i < bot.chat.sent.size(); ++i) {
            out += bot.chat.sent[i].text + "\n";
            CHECK(bot.chat.sent[i].reply.place.conversation == "C0SOCIAL");
        }
        return out;
    };
    CHECK(run_at(1'792'823'400'000 - 1).empty());
    CHECK(contains(run_at(1'792'823'400'000), "## Digest for 2026-10-23"));
    // Sunday the 25th, 08:30 CET is 07:30Z: one hour later in UTC.
    CHECK(bot.job_store.find_unique("digest")->due_at == 1'792'913'400'000);
    CHECK(contains(run_at(1'792'913'400'000), "## Digest for 2026-10-24"));
    CHECK(bot.job_store.find_unique("digest")->due_at == 1'792'999'800'000);
    CHECK(contains(run_at(1'792'999'800'000), "## Digest for 2026-10-25"));

    CHECK(contains(bot.run("digest off"), "The daily digest is off."));
    CHECK_FALSE(bot.job_store.find_unique("digest"));
    CHECK_FALSE(bot.digest_commands.schedule());
    CHECK(run_at(1'793'086'200'000).empty());
}

TEST_CASE("Digest: the schedule round-trips through its stored form") {
    const commands::DigestSchedule schedule{{8, 30}, {"matrix", "!room:example.org", "", false}};
    const auto back = commands::DigestSchedule::decode(schedule.encode());
    REQUIRE(back);
    CHECK(back->time == bot::LocalTime{8, 30});
    CHECK(back->place.conversation == "!room:example.org");
    CHECK_FALSE(commands::DigestSchedule::decode(""));
    CHECK_FALSE(commands::DigestSchedule::decode("25:00\tx\ty\t\t0"));
}

TEST_SUITE_END();
