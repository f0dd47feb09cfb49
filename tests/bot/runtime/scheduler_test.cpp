#include "bot/model/time_zone.hpp"
#include "bot/runtime/outbox.hpp"
#include "bot/runtime/scheduler.hpp"
#include "storage/job_store.hpp"
#include "storage/outbox_store.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace onevoice;
using namespace std::chrono_literals;

namespace {

bot::TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm) {
    return bot::TimeZone::utc().at(bot::LocalDate{y, m, d}, bot::LocalTime{hh, mm});
}

struct SchedulerFixture : tests::MemoryDb {
    tests::FakeClock clock;
    storage::JobStore jobs{db};
    storage::OutboxStore outbox{db};
    bot::OutboxWriter writer{outbox, clock};
    bot::Scheduler scheduler{db, jobs, writer};
    bot::TimeZone berlin = *bot::TimeZone::find("Europe/Berlin");
};

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE_FIXTURE(SchedulerFixture,
                  "Scheduler: a daily 08:30 Berlin job keeps its local time across DST") {
    std::vector<bot::TimePoint> runs;
    scheduler.register_kind("digest", [&](const storage::JobRow&, bot::TimePoint now) {
        runs.push_back(now);
        return bot::JobOutcome{{bot::Reply::to_place().text("digest")},
                               berlin.next_daily(now, bot::LocalTime{8, 30})};
    });
    // Friday before the spring change (Sunday 2026-03-29).
    clock.set(utc(2026, 3, 27, 12, 0));
    scheduler.ensure("digest", "digest", berlin.next_daily(clock.now(), {8, 30}));
    for (int day = 0; day < 4; ++day) {
        const auto due = scheduler.next_due();
        REQUIRE(due);
        clock.set(*due - 1ms);
        CHECK(scheduler.run_due(clock.now()) == 0); // nothing early
        clock.set(*due);
        CHECK(scheduler.run_due(clock.now()) == 1);
    }
    CHECK(runs == std::vector<bot::TimePoint>{utc(2026, 3, 28, 7, 30), utc(2026, 3, 29, 6, 30),
                                              utc(2026, 3, 30, 6, 30), utc(2026, 3, 31, 6, 30)});
    CHECK(outbox.pending_count() == 4);
}

TEST_CASE_FIXTURE(SchedulerFixture, "Scheduler: a one-off job runs once and is removed") {
    int ran = 0;
    scheduler.register_kind("once", [&](const storage::JobRow& job, bot::TimePoint) {
        CHECK(job.payload == "{\"id\":7}");
        ++ran;
        return bot::JobOutcome{};
    });
    jobs.add("once", "{\"id\":7}", bot::to_millis(clock.now() + 1h));
    CHECK(scheduler.run_due(clock.now()) == 0);
    clock.advance(2h);
    CHECK(scheduler.run_due(clock.now()) == 1);
    CHECK(scheduler.run_due(clock.now()) == 0);
    CHECK(ran == 1);
    CHECK_FALSE(scheduler.next_due());
}

TEST_CASE_FIXTURE(SchedulerFixture,
                  "Scheduler: a failing job is kept, retried later, and its writes undone") {
    int calls = 0;
    scheduler.register_kind("flaky",
                            [&](const storage::JobRow&, bot::TimePoint) -> bot::JobOutcome {
                                ++calls;
                                writer.enqueue(bot::Reply::to_place().text("half-done"));
                                if (calls < 3) {
                                    throw std::runtime_error("source unreachable");
                                }
                                return {};
                            });
    jobs.add("flaky", "", bot::to_millis(clock.now()));
    scheduler.run_due(clock.now());
    CHECK(outbox.pending_count() == 0);
    const auto retry = scheduler.next_due();
    REQUIRE(retry);
    CHECK(*retry == clock.now() + 2min);
    CHECK(jobs.all().front().attempts == 1);
    clock.set(*retry);
    scheduler.run_due(clock.now());
    clock.set(*scheduler.next_due());
    CHECK(scheduler.run_due(clock.now()) == 1);
    CHECK(calls == 3);
    CHECK(outbox.pending_count() == 1);
}

TEST_CASE_FIXTURE(SchedulerFixture,
                  "Scheduler: a job of an unknown kind is dropped, not retried forever") {
    jobs.add("from-the-future", "", bot::to_millis(clock.now()));
    CHECK(scheduler.run_due(clock.now()) == 0);
    CHECK(jobs.all().empty());
}

TEST_CASE_FIXTURE(SchedulerFixture,
                  "Scheduler: ensure keeps an existing recurring job's due time") {
    scheduler.ensure("housekeeping", "housekeeping", clock.now() + 1h);
    scheduler.ensure("housekeeping", "housekeeping", clock.now() + 5h);
    REQUIRE(jobs.all().size() == 1);
    CHECK(*scheduler.next_due() == clock.now() + 1h);
}

TEST_CASE("Scheduler: jobs survive a restart") {
    tests::TempPath path;
    tests::FakeClock clock;
    {
        storage::Database db(path.str());
        storage::migrate(db);
        storage::JobStore jobs(db);
        jobs.add("reminder", "handover 3", bot::to_millis(clock.now() + 30min));
    }
    storage::Database db(path.str());
    storage::JobStore jobs(db);
    storage::OutboxStore outbox(db);
    bot::OutboxWriter writer(outbox, clock);
    bot::Scheduler scheduler(db, jobs, writer);
    std::string seen;
    scheduler.register_kind("reminder", [&](const storage::JobRow& job, bot::TimePoint) {
        seen = job.payload;
        return bot::JobOutcome{};
    });
    CHECK(*scheduler.next_due() == clock.now() + 30min);
    clock.advance(30min);
    CHECK(scheduler.run_due(clock.now()) == 1);
    CHECK(seen == "handover 3");
}

TEST_SUITE_END();
