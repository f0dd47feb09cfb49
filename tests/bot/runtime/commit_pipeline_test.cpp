#include "bot/runtime/commit_pipeline.hpp"
#include "storage/outbox_store.hpp"
#include "storage/wal_flusher.hpp"
#include "tests/fakes/manual_commit_log.hpp"
#include "tests/fakes/test_db.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>

using namespace onevoice;
using namespace std::chrono_literals;

namespace {

int synchronous(storage::Database& db) {
    storage::Statement s(db, "PRAGMA synchronous");
    s.step();
    return static_cast<int>(s.get_int(0));
}

void write_row(storage::Database& db, const std::string& value) {
    storage::Transaction tx(db);
    storage::Statement s(db, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, "test:" + value).bind(2, value).run();
    tx.commit();
}

// The flusher's results, handed from its thread to the test's.
struct SyncLog {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::uint64_t> synced;
    std::string error;

    storage::WalFlusher::Synced callback() {
        return [this](std::uint64_t commits, const std::string& e) {
            const std::lock_guard lock(mutex);
            synced.push_back(commits);
            error += e;
            changed.notify_all();
        };
    }
    bool wait_for(std::uint64_t commits) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 10s,
                                [&] { return !synced.empty() && synced.back() >= commits; });
    }
};

} // namespace

TEST_SUITE_BEGIN("storage");

TEST_CASE("WalFlusher: commits without waiting for the disk and syncs them on request") {
    tests::TempPath path;
    storage::Database db(path.str());
    storage::migrate(db);
    CHECK(synchronous(db) == 2); // FULL: every commit waits for the disk
    SyncLog log;
    {
        storage::WalFlusher flusher(db, log.callback());
        REQUIRE(flusher.is_active());
        CHECK(synchronous(db) == 1); // NORMAL: the flusher syncs instead
        const std::uint64_t before = flusher.commits();
        write_row(db, "a");
        write_row(db, "b");
        CHECK(flusher.commits() == before + 2);
        flusher.request_sync();
        REQUIRE(log.wait_for(before + 2));
        CHECK(log.error.empty());
    }
    CHECK(synchronous(db) == 2); // the database's own durability is back
}

TEST_CASE("WalFlusher: a database in memory has nothing to sync") {
    tests::MemoryDb memory;
    SyncLog log;
    storage::WalFlusher flusher(memory.db, log.callback());
    CHECK_FALSE(flusher.is_active());
    flusher.request_sync();
    const std::lock_guard lock(log.mutex);
    CHECK(log.synced.empty());
}

TEST_CASE("WalFlusher: checkpoints the WAL into the database file in the background") {
    tests::TempPath path;
    storage::Database db(path.str());
    storage::migrate(db);
    SyncLog log;
    storage::WalFlusher flusher(db, log.callback());
    const auto db_size = std::filesystem::file_size(path.str());
    // Past SQLite's 1000-page threshold: 1200 commits of a fresh 4 KiB value each.
    for (int i = 0; i < 1200; ++i) {
        write_row(db, std::to_string(i) + std::string(4000, 'x'));
    }
    bool copied = false;
    for (int i = 0; i < 200 && !copied; ++i) {
        copied = std::filesystem::file_size(path.str()) > db_size;
        if (!copied) {
            std::this_thread::sleep_for(50ms); // polling the file: the thread has no signal
        }
    }
    CHECK(copied);
    flusher.request_sync();
    CHECK(log.wait_for(flusher.commits()));
}

TEST_CASE("OutboxStore: pruning keeps the newest row so its id is never given out again") {
    tests::MemoryDb memory;
    storage::OutboxStore store(memory.db);
    const auto first = store.enqueue("c", "one", 1);
    const auto second = store.enqueue("c", "two", 1);
    store.mark_delivered(first, 2);
    store.mark_delivered(second, 2);
    CHECK(store.prune(10) == 1);
    CHECK(store.newest_id() == second);
    CHECK(store.enqueue("c", "three", 11) == second + 1);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("bot");

TEST_CASE("CommitPipeline: releases acks once the commits before them are on disk") {
    tests::TempPath path;
    storage::Database db(path.str());
    storage::migrate(db);
    boost::asio::io_context io;
    bot::CommitPipeline commits(io, db);
    REQUIRE(commits.waits_for_disk());

    std::vector<std::string> ran;
    commits.release([&ran] { ran.push_back("nothing written"); });
    CHECK(ran == std::vector<std::string>{"nothing written"}); // at once

    write_row(db, "a");
    commits.release([&ran] { ran.push_back("a"); });
    write_row(db, "b");
    commits.release([&ran] { ran.push_back("b"); });
    CHECK(ran.size() == 1); // not before the sync
    // The sync's result is posted from the flusher's thread: keep the loop waiting for it.
    const auto work = boost::asio::make_work_guard(io);
    while (ran.size() < 3 && io.run_one_for(10s) > 0) {
    }
    CHECK(ran == std::vector<std::string>{"nothing written", "a", "b"});
    commits.release([&ran] { ran.push_back("again"); });
    CHECK(ran.back() == "again"); // nothing new since: at once
}

TEST_CASE("CommitPipeline: a database in memory waits for nothing") {
    tests::MemoryDb memory;
    boost::asio::io_context io;
    bot::CommitPipeline commits(io, memory.db);
    CHECK_FALSE(commits.waits_for_disk());
    write_row(memory.db, "a");
    bool ran = false;
    commits.release([&ran] { ran = true; });
    CHECK(ran);
    CHECK(commits.release_rows(7) >= 7);
}

namespace {

// A pipeline driven by hand, whose groups are recorded as they are stored.
struct ManualPipeline {
    tests::ManualCommitLog log;
    bot::CommitPipeline commits{log};
    std::vector<std::vector<std::string>> stored; // the event ids of each group
    std::vector<std::string> acked;

    ManualPipeline() {
        commits.set_store(
            [this](std::vector<bot::Command> group, std::vector<std::function<void()>> acks) {
                ++log.written; // one transaction for the whole group
                std::vector<std::string> ids;
                for (std::size_t i = 0; i < group.size(); ++i) {
                    ids.push_back(group[i].event_id);
                    commits.release(std::move(acks[i]));
                }
                stored.push_back(std::move(ids));
            });
    }
    void arrive(const std::string& event_id) {
        bot::Command command;
        command.event_id = event_id;
        commits.group(std::move(command), [this, event_id] { acked.push_back(event_id); });
    }
};

} // namespace

TEST_CASE("CommitPipeline: commands that arrive during a sync are stored together after it") {
    ManualPipeline pipeline;
    pipeline.arrive("e1"); // nothing under way: stored at once
    CHECK(pipeline.stored == std::vector<std::vector<std::string>>{{"e1"}});
    CHECK(pipeline.acked.empty()); // its commit is not on disk yet
    CHECK(pipeline.log.sync_requests == 1);

    pipeline.arrive("e2");
    pipeline.arrive("e3");
    CHECK(pipeline.stored.size() == 1); // they wait for the sync under way

    pipeline.commits.synced(1, "");
    CHECK(pipeline.acked == std::vector<std::string>{"e1"});
    REQUIRE(pipeline.stored.size() == 2);
    CHECK(pipeline.stored[1] == std::vector<std::string>{"e2", "e3"}); // one group
    CHECK(pipeline.acked.size() == 1);

    pipeline.commits.synced(pipeline.log.written, "");
    CHECK(pipeline.acked == std::vector<std::string>{"e1", "e2", "e3"});
}

TEST_CASE("CommitPipeline: after a failed sync nothing waiting runs and nothing more is stored") {
    ManualPipeline pipeline;
    std::vector<std::string> failures;
    pipeline.commits.set_on_failure(
        [&failures](const std::string& error) { failures.push_back(error); });
    pipeline.arrive("e1");
    pipeline.arrive("e2"); // waits for the sync
    const std::int64_t rows = pipeline.commits.release_rows(5);
    CHECK(rows == 0);

    pipeline.commits.synced(1, "EIO");
    CHECK(failures == std::vector<std::string>{"EIO"});
    CHECK(pipeline.acked.empty());
    CHECK(pipeline.stored.size() == 1); // e2 never stored: Slack delivers it again

    pipeline.arrive("e3");
    pipeline.commits.synced(9, ""); // a late result changes nothing
    CHECK(pipeline.acked.empty());
    CHECK(pipeline.stored.size() == 1);
    CHECK(pipeline.commits.released_rows() == 0);
    CHECK(failures.size() == 1);
}

TEST_CASE("CommitPipeline: outbox rows are released by the sync that covers their commit") {
    tests::ManualCommitLog log;
    bot::CommitPipeline commits(log);
    int told = 0;
    commits.set_on_rows_released([&told] { ++told; });

    CHECK(commits.release_rows(0) == 0); // nothing written, nothing to ask for
    log.written = 1;
    CHECK(commits.release_rows(3) == 0); // rows 1..3, one commit: waits
    CHECK(commits.release_rows(3) == 0); // asked once
    CHECK(log.sync_requests == 1);
    commits.synced(1, "");
    CHECK(commits.released_rows() == 3);
    CHECK(told == 1); // released later: the runtime is told

    CHECK(commits.release_rows(4) == 4); // already durable: the caller sends it itself
    CHECK(told == 1);
}

TEST_SUITE_END();
