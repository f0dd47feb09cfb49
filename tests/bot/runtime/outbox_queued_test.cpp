// What the outbox tells an adapter about each row (Deliverer::Queued): Slack's post-once check
// looks back only when an earlier attempt may have posted, from the queue time, and gives a held
// reply up at the last attempt (integrations/slack/slack_post_once.cpp).
#include "bot/runtime/outbox.hpp"
#include "storage/outbox_store.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace onevoice;
using namespace std::chrono_literals;
using bot::DeliveryResult;

namespace {

// Fails every delivery for now and records what the outbox said about each attempt.
struct FailingDeliverer final : bot::Deliverer {
    std::vector<Queued> seen;
    void deliver(std::int64_t, const bot::Reply&, std::function<void(DeliveryResult)>) override {
        FAIL("the outbox hands rows over through deliver_queued");
    }
    void deliver_queued(std::int64_t, const Queued& queued, const bot::Reply&,
                        std::function<void(DeliveryResult)> done) override {
        seen.push_back(queued);
        done(DeliveryResult::transient("down"));
    }
};

bot::Reply place_reply(const std::string& text) {
    bot::Reply reply = bot::Reply::to_place().text(text);
    reply.place = bot::Place{"test", "C1", "", false};
    return reply;
}

} // namespace

TEST_CASE(
    "Outbox: a row is handed over with its queue time, whether it may be sent, the last try") {
    tests::MemoryDb memory;
    tests::FakeClock clock;
    storage::OutboxStore store{memory.db};
    bot::OutboxWriter writer{store, clock};
    writer.enqueue(place_reply("from the run before"));
    FailingDeliverer chat;
    bot::OutboxPolicy policy;
    policy.max_attempts = 3;
    policy.first_retry = 1s;
    bot::OutboxSender sender{memory.db, store, chat, clock, policy, [] {
                                 return 1.0;
                             }};
    const bot::TimePoint queued_at = clock.now();
    clock.advance(10s);
    writer.enqueue(place_reply("this run's")); // queued behind the first, in the same C1

    for (int i = 0; i < 3; ++i) {
        sender.pump();
        clock.advance(10min);
    }
    // The first row's three attempts; when it failed for good, the second row's first one.
    REQUIRE(chat.seen.size() == 4);
    CHECK(chat.seen[0].queued_at == queued_at);
    CHECK(chat.seen[0].may_have_been_sent); // written before this sender started
    CHECK_FALSE(chat.seen[0].is_last_attempt);
    CHECK_FALSE(chat.seen[1].is_last_attempt);
    CHECK(chat.seen[2].is_last_attempt);
    // Written by this run and never tried: nothing of it can be in the channel.
    CHECK_FALSE(chat.seen[3].may_have_been_sent);
    CHECK(chat.seen[3].queued_at == queued_at + 10s);
    sender.pump();
    REQUIRE(chat.seen.size() == 5);
    CHECK(chat.seen[4].may_have_been_sent); // its first attempt failed: it may have posted
}
