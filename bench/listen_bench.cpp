#include "bench/listen_bench.hpp"

#include "bot/model/catalog.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/fetch_error.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/users.hpp"
#include "commands/listening/digest/digest.hpp"
#include "commands/listening/listen_ingest.hpp"
#include "commands/listening/query/listen_query.hpp"
#include "commands/listening/sentiment/sentiment.hpp"
#include "integrations/sources/feed_parser.hpp"
#include "storage/database.hpp"
#include "storage/digest_store.hpp"
#include "storage/listen_store.hpp"
#include "storage/migrations.hpp"
#include "storage/team_store.hpp"
#include "storage/wal_flusher.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

namespace onevoice::bench {

namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct Settings {
    std::string dir = ".";
    std::string out;
    long items = 100000;
    long poll_size = 200; // a large news feed's page
    long mentions = 1000000;
    int days = 30;
};

Settings parse(const std::vector<std::string>& args) {
    Settings s;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        const std::string& arg = args[i];
        const std::string& value = args[i + 1];
        if (arg == "--dir") {
            s.dir = value;
        } else if (arg == "--out") {
            s.out = value;
        } else if (arg == "--items") {
            s.items = std::stol(value);
        } else if (arg == "--mentions") {
            s.mentions = std::stol(value);
        } else if (arg == "--days") {
            s.days = std::stoi(value);
        } else {
            throw std::invalid_argument("unknown option " + arg);
        }
    }
    if (s.out.empty() || args.size() % 2 != 0) {
        throw std::invalid_argument("usage: onevoice_bench listen --dir DIR --out FILE "
                                    "[--items N] [--mentions N] [--days N]");
    }
    return s;
}

double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// A fresh database file with every migration, as the bot opens one.
std::unique_ptr<storage::Database> fresh_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path + suffix);
    }
    auto db = std::make_unique<storage::Database>(path);
    storage::migrate(*db);
    return db;
}

void add_queries(storage::ListenStore& store, std::int64_t now) {
    int n = 0;
    for (const std::string& text : bench_queries()) {
        storage::ListenQueryRow row;
        row.name = "q" + std::to_string(++n);
        row.query = commands::Query::parse(text).text();
        row.created_by = "slack:U024BE7LH";
        row.created_at = now;
        store.add_query(row);
    }
}

json measure_ingest(const Settings& s) {
    auto db = fresh_database(s.dir + "/ingest.db");
    // As in the bot (bot/runtime/commit_pipeline.hpp): polls commit without waiting for
    // the disk and a background thread syncs the WAL. The clock stops only once
    // the last poll is durable, so the syncs are paid, just not one per poll.
    std::mutex durable_mutex;
    std::condition_variable synced_more;
    std::uint64_t durable = 0;
    std::string sync_error;
    storage::WalFlusher flusher(*db, [&](std::uint64_t commits, const std::string& error) {
        const std::lock_guard lock(durable_mutex);
        durable = std::max(durable, commits);
        sync_error += error;
        synced_more.notify_all();
    });
    storage::ListenStore store(*db);
    const std::int64_t now = bot::to_millis(bot::SystemClock().now());
    add_queries(store, now);
    storage::ListenSourceRow source;
    source.kind = "rss";
    source.target = "https://news.example/feed.xml";
    source.created_by = "slack:U024BE7LH";
    source.created_at = now;
    const std::int64_t source_id = store.add_source(source);
    commands::SentimentAnalyzer sentiment;
    commands::ListenIngest ingest(store, sentiment);

    std::vector<std::string> feeds;
    for (long first = 0; first < s.items; first += s.poll_size) {
        feeds.push_back(make_feed(first, std::min(s.poll_size, s.items - first)));
    }
    long items = 0;
    long matched = 0;
    long stored = 0;
    const auto start = SteadyClock::now();
    for (const std::string& xml : feeds) {
        const auto parsed = integrations::sources::parse_feed(xml, source.target);
        if (!parsed.ok()) {
            throw std::runtime_error("bench feed did not parse: " + parsed.error);
        }
        storage::Transaction tx(*db);
        const auto counts = ingest.ingest(source_id, parsed.mentions, bot::SystemClock().now());
        tx.commit();
        items += counts.items;
        matched += counts.matched;
        stored += counts.new_mentions;
    }
    const std::uint64_t last_commit = flusher.commits();
    flusher.request_sync();
    {
        std::unique_lock lock(durable_mutex);
        synced_more.wait(lock, [&] { return durable >= last_commit || !sync_error.empty(); });
        if (!sync_error.empty()) {
            throw std::runtime_error("the WAL could not be synced: " + sync_error);
        }
    }
    const double elapsed = seconds_since(start);
    return {{"items", items},
            {"matched", matched},
            {"stored", stored},
            {"polls", feeds.size()},
            {"seconds", elapsed},
            {"queries", bench_queries().size()},
            {"items_per_second", elapsed > 0 ? static_cast<double>(items) / elapsed : 0}};
}

// `count` mentions spread evenly over the `days` days before `now`, each
// matching one of the 20 queries, written with prepared statements in one
// transaction (the rows ListenIngest would write, without the work).
void seed_mentions(storage::Database& db, long count, int days, std::int64_t now) {
    storage::Transaction tx(db);
    storage::Statement mention(
        db, "INSERT INTO mentions (source_id, external_id, url, domain, author, title, text, "
            "published_at, seen_at, engagement, sentiment, polarity, text_key, simhash) "
            "VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?1, ?11)");
    storage::Statement match(db, "INSERT INTO mention_matches (query_id, at, mention_id, "
                                 "polarity) VALUES (?1, ?2, ?3, ?4)");
    const std::int64_t span = std::int64_t{days} * 24 * 3600 * 1000;
    const std::array<const char*, 5> domains = {"news.example", "blog.example", "forum.example",
                                                "reddit.com", "news.ycombinator.com"};
    for (long i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        const std::int64_t at = now - span + span * i / count;
        const int polarity = static_cast<int>(i % 5) - 2 > 0 ? 1 : (i % 7 == 0 ? -1 : 0);
        const std::string domain = domains[static_cast<std::size_t>(i) % domains.size()];
        mention.bind(1, "m" + n)
            .bind(2, "https://" + domain + "/" + n)
            .bind(3, domain)
            .bind(4, "author " + std::to_string(i % 997))
            .bind(5, "Acme story " + n)
            .bind(6, "Acme did something noteworthy, report " + n)
            .bind(7, at)
            .bind(8, std::int64_t{i % 1000})
            .bind(9, polarity * 0.5)
            .bind(10, polarity)
            .bind(11, static_cast<std::int64_t>(i * 2654435761L))
            .run();
        match.bind(1, std::int64_t{i % 20 + 1})
            .bind(2, at)
            .bind(3, db.last_insert_id())
            .bind(4, polarity)
            .run();
    }
    tx.commit();
}

json measure_digest(const Settings& s) {
    auto db = fresh_database(s.dir + "/digest.db");
    storage::ListenStore listen(*db);
    const bot::SystemClock clock;
    const std::int64_t now = bot::to_millis(clock.now());
    add_queries(listen, now);
    const auto seed_start = SteadyClock::now();
    seed_mentions(*db, s.mentions, s.days, now);
    const double seed_seconds = seconds_since(seed_start);

    bot::Catalog catalog(bot::Locale::en);
    catalog.add(commands::digest_messages());
    catalog.add(bot::fetch_error_messages());
    const bot::TimeZone zone = bot::TimeZone::utc();
    storage::TeamStore team(*db);
    bot::UserDirectory users(team, clock);
    const bot::HandlerContext context{catalog, clock, zone, users};
    storage::DigestStore store(*db);
    storage::ListenStore queries(*db);
    commands::Digest digest(store, queries, context);
    const bot::LocalDate yesterday = zone.date_of(clock.now() - std::chrono::hours(24));
    const bot::Place place{"slack", "C0TEAM0001", "", false};
    std::vector<double> runs;
    std::size_t messages = 0;
    for (int i = 0; i < 3; ++i) {
        const auto start = SteadyClock::now();
        messages = digest.build(yesterday, place).size();
        runs.push_back(seconds_since(start) * 1000);
    }
    const double first = runs.front();
    std::sort(runs.begin(), runs.end());
    return {{"mentions", s.mentions},
            {"days", s.days},
            {"mentions_that_day", s.mentions / s.days},
            {"seed_seconds", seed_seconds},
            {"messages", messages},
            {"first_ms", first},
            {"median_ms", runs[1]}};
}

} // namespace

int run_listen_bench(const std::vector<std::string>& args) {
    const Settings s = parse(args);
    std::filesystem::create_directories(s.dir);
    json out;
    try {
        out["ingest"] = measure_ingest(s);
        std::cerr << "bench: ingest " << out["ingest"].dump() << "\n";
        out["digest"] = measure_digest(s);
        std::cerr << "bench: digest " << out["digest"].dump() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "bench: listen: " << e.what() << "\n";
        out["error"] = e.what();
    }
    std::ofstream(s.out) << out.dump(2) << "\n";
    return out.contains("error") ? 1 : 0;
}

} // namespace onevoice::bench
