#include "bot/runtime/outbox.hpp"
#include "bot/runtime/reply_codec.hpp"
#include "storage/outbox_store.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/manual_commit_log.hpp"
#include "tests/fakes/recording_chat.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <utility>
#include <vector>

using namespace onevoice;
using namespace std::chrono_literals;
using bot::DeliveryResult;

namespace {

struct OutboxFixture : tests::MemoryDb {
    tests::FakeClock clock;
    storage::OutboxStore store{db};
    bot::OutboxWriter writer{store, clock};
    tests::RecordingChat chat;
    bot::OutboxPolicy policy = [] {
        bot::OutboxPolicy p;
        p.max_attempts = 3;
        return p;
    }();
    bot::OutboxSender sender{db, store, chat, clock, policy, [] {
                                 return 1.0;
                             }};

    std::int64_t send(const std::string& conversation, const std::string& text) {
        bot::Reply reply = bot::Reply::to_place().text(text);
        reply.place = bot::Place{"test", conversation, "", false};
        return writer.enqueue(reply);
    }
    std::string status(std::int64_t id) {
        storage::Statement s(db, "SELECT status FROM outbox WHERE id = ?1");
        s.bind(1, id);
        s.step();
        return s.get_text(0);
    }
};

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE_FIXTURE(OutboxFixture, "OutboxSender: one in flight per conversation, in order") {
    chat.hold = true;
    send("a", "a1");
    send("a", "a2");
    send("b", "b1");
    CHECK(sender.pump() == 2);
    CHECK(chat.texts() == std::vector<std::string>{"a1", "b1"});
    CHECK(sender.pump() == 0); // a2 waits for a1
    chat.release_one();        // a1 done: a2 starts from the completion
    CHECK(chat.texts() == std::vector<std::string>{"a1", "b1", "a2"});
    chat.release_one();
    chat.release_one();
    CHECK(sender.pending() == 0);
    CHECK(sender.in_flight() == 0);
}

TEST_CASE_FIXTURE(OutboxFixture,
                  "OutboxSender: a transient failure is retried after backoff, order kept") {
    const auto first = send("a", "a1");
    send("a", "a2");
    chat.script = {DeliveryResult::transient("503")};
    sender.pump();
    CHECK(chat.texts().empty()); // a1 failed and a2 must not overtake it
    REQUIRE(sender.next_due());
    CHECK(*sender.next_due() == clock.now() + 1s);
    clock.advance(999ms);
    CHECK(sender.pump() == 0);
    clock.advance(1ms);
    sender.pump();
    CHECK(chat.texts() == std::vector<std::string>{"a1", "a2"});
    CHECK(chat.attempts == std::vector<std::int64_t>{first, first, first + 1});
    CHECK(status(first) == "delivered");
}

TEST_CASE_FIXTURE(OutboxFixture, "OutboxSender: a rate limit waits as asked and costs no attempt") {
    const auto id = send("a", "a1");
    chat.script = {DeliveryResult::rate_limited(30s), DeliveryResult::rate_limited(30s),
                   DeliveryResult::rate_limited(30s)};
    for (int i = 0; i < 3; ++i) {
        sender.pump();
        CHECK(*sender.next_due() == clock.now() + 30s + 1ms);
        clock.advance(30s + 1ms);
    }
    sender.pump();
    CHECK(chat.texts() == std::vector<std::string>{"a1"});
    CHECK(status(id) == "delivered"); // three rate limits, yet max_attempts is 3
}

TEST_CASE_FIXTURE(OutboxFixture, "OutboxSender: a rate-limit wait does not end early by the "
                                 "clock's rounding") {
    // The clock reads whole milliseconds, rounded down: the real time may be up
    // to one later than the reading the wait starts from (seen against the fake
    // Slack as a retry 0.25 ms before its Retry-After had passed).
    send("a", "a1");
    chat.script = {DeliveryResult::rate_limited(2s)};
    sender.pump();
    clock.advance(2s);
    sender.pump();
    CHECK(chat.texts().empty());
    clock.advance(1ms);
    sender.pump();
    CHECK(chat.texts() == std::vector<std::string>{"a1"});
}

TEST_CASE_FIXTURE(OutboxFixture,
                  "OutboxSender: a permanent failure is marked and the conversation moves on") {
    const auto bad = send("a", "a1");
    send("a", "a2");
    chat.script = {DeliveryResult::permanent("channel_not_found")};
    sender.pump();
    CHECK(status(bad) == "failed");
    CHECK(chat.texts() == std::vector<std::string>{"a2"});
}

TEST_CASE_FIXTURE(OutboxFixture,
                  "OutboxSender: after max_attempts transient failures the row fails") {
    const auto id = send("a", "a1");
    chat.script = {DeliveryResult::transient("x"), DeliveryResult::transient("x"),
                   DeliveryResult::transient("x")};
    for (int i = 0; i < 3; ++i) {
        sender.pump();
        clock.advance(1h);
    }
    CHECK(status(id) == "failed");
    CHECK(chat.attempts.size() == 3);
    CHECK_FALSE(sender.next_due());
}

TEST_CASE_FIXTURE(OutboxFixture, "OutboxSender: backoff doubles, is capped and jittered") {
    CHECK(sender.backoff(1) == 1s);
    CHECK(sender.backoff(2) == 2s);
    CHECK(sender.backoff(5) == 16s);
    CHECK(sender.backoff(30) == 5min);
    bot::OutboxSender half{db, store, chat, clock, policy, [] {
                               return 0.0;
                           }};
    CHECK(half.backoff(3) == 2s); // half of 4 s: never immediately
}

TEST_CASE_FIXTURE(OutboxFixture,
                  "OutboxSender: an undecodable row is marked failed, others go on") {
    const auto junk = store.enqueue("test:a", "{not a reply", bot::to_millis(clock.now()));
    send("a", "a2");
    sender.pump();
    CHECK(status(junk) == "failed");
    CHECK(chat.texts() == std::vector<std::string>{"a2"});
}

TEST_CASE_FIXTURE(OutboxFixture, "OutboxSender: an edit goes to the message its anchor became") {
    bot::Reply card = bot::Reply::to_place().text("idea #12, 0 votes");
    card.place = bot::Place{"test", "team", "", false};
    card.intent = bot::Post{.anchor = "idea:12"};
    writer.enqueue(card);
    chat.script = {DeliveryResult::posted("C1", "1700000000.0001")};
    sender.pump();

    // The edit comes from a direct conversation but is queued behind the card.
    bot::Reply edit = bot::Reply::edit_of("idea:12").text("idea #12, 1 vote");
    edit.place = bot::Place{"test", "dm-bob", "", true};
    const auto id = writer.enqueue(edit);
    REQUIRE(id != 0);
    CHECK(store.find(id)->conversation == "test:team");
    sender.pump();
    REQUIRE(chat.sent.size() == 2);
    const bot::Reply& delivered = chat.sent.back().reply;
    CHECK(std::get<bot::Edit>(delivered.intent).message == "1700000000.0001");
    CHECK(delivered.place.conversation == "C1");
    CHECK(delivered.audience == bot::Audience::place);
}

TEST_CASE_FIXTURE(OutboxFixture, "OutboxSender: an edit of a message that cannot be edited sends "
                                 "nothing") {
    SUBCASE("never anchored") {
        CHECK(writer.enqueue(bot::Reply::edit_of("idea:404").text("x")) == 0);
    }
    SUBCASE("posted where messages have no id (the console)") {
        bot::Reply card = bot::Reply::to_place().text("card");
        card.place = bot::Place{"test", "team", "", false};
        card.intent = bot::Post{.anchor = "idea:1"};
        writer.enqueue(card);
        const auto edit = writer.enqueue(bot::Reply::edit_of("idea:1").text("edited"));
        sender.pump();
        CHECK(chat.texts() == std::vector<std::string>{"card"});
        CHECK(status(edit) == "delivered");
    }
    SUBCASE("posted again: the newest message is edited") {
        bot::Reply card = bot::Reply::to_place().text("card");
        card.place = bot::Place{"test", "team", "", false};
        card.intent = bot::Post{.anchor = "idea:1"};
        writer.enqueue(card);
        writer.enqueue(card);
        chat.script = {DeliveryResult::posted("C1", "1.0"), DeliveryResult::posted("C1", "2.0")};
        sender.pump();
        writer.enqueue(bot::Reply::edit_of("idea:1").text("edited"));
        sender.pump();
        REQUIRE(chat.sent.size() == 3);
        CHECK(std::get<bot::Edit>(chat.sent.back().reply.intent).message == "2.0");
    }
    CHECK(sender.pending() == 0);
}

TEST_CASE_FIXTURE(OutboxFixture, "OutboxSender: an unpin names the message its anchor became") {
    bot::Reply notice = bot::Reply::to_place().text("crisis #1");
    notice.place = bot::Place{"test", "crisis", "", false};
    notice.intent = bot::Post{.anchor = "crisis:1", .is_pinned = true};
    writer.enqueue(notice);
    chat.script = {DeliveryResult::posted("C1", "1.0")};
    sender.pump();
    const auto id = writer.enqueue(bot::Reply::unpin_of("crisis:1"));
    REQUIRE(id != 0);
    CHECK(store.find(id)->conversation == "test:crisis");
    sender.pump();
    REQUIRE(chat.sent.size() == 2);
    const bot::Reply& unpin = chat.sent.back().reply;
    REQUIRE(unpin.as<bot::Unpin>());
    CHECK(unpin.as<bot::Unpin>()->message == "1.0");
    CHECK(unpin.place.conversation == "C1");
}

TEST_CASE_FIXTURE(OutboxFixture,
                  "OutboxSender: a reply beside an anchor goes to that message's conversation") {
    bot::Reply room = bot::Reply::to_place().text("crisis #1 notice");
    room.place = bot::Place{"test", "crisis", "", false};
    room.intent = bot::OpenConversation{"crisis 1", {}, "crisis:1:room"};
    writer.enqueue(room);
    CHECK(writer.enqueue(bot::Reply::beside_of("crisis:404").text("lost")) == 0);

    SUBCASE("opened: a new message in that conversation, not an edit") {
        // Queued behind the opening, so it is never sent before the room exists.
        const auto id = writer.enqueue(bot::Reply::beside_of("crisis:1:room").text("update"));
        CHECK(store.find(id)->conversation == "test:crisis");
        chat.script = {DeliveryResult::posted("C9", "2.0")};
        sender.pump();
        REQUIRE(chat.sent.size() == 2);
        const bot::Reply& update = chat.sent.back().reply;
        CHECK(update.place.conversation == "C9");
        CHECK(update.audience == bot::Audience::place);
        // A plain new message there: no edit, no second conversation opened.
        REQUIRE(update.as<bot::Post>());
        CHECK(update.anchor().empty());
    }
    SUBCASE("posted where messages have no id (the console): nothing is sent") {
        sender.pump();
        const auto update = writer.enqueue(bot::Reply::beside_of("crisis:1:room").text("update"));
        sender.pump();
        CHECK(chat.texts() == std::vector<std::string>{"crisis #1 notice"});
        CHECK(status(update) == "delivered");
    }
}

TEST_CASE("OutboxSender: queued messages survive a restart") {
    tests::TempPath path;
    tests::FakeClock clock;
    {
        storage::Database db(path.str());
        storage::migrate(db);
        storage::OutboxStore store(db);
        bot::OutboxWriter writer(store, clock);
        writer.enqueue(bot::Reply::to_place().text("kept"));
    }
    storage::Database db(path.str());
    storage::OutboxStore store(db);
    tests::RecordingChat chat;
    bot::OutboxSender sender(db, store, chat, clock, {}, [] { return 0.5; });
    sender.pump();
    CHECK(chat.texts() == std::vector<std::string>{"kept"});
}

TEST_CASE("conversation_key: direct messages are ordered per recipient") {
    bot::Reply dm = bot::Reply::direct_to(bot::UserRef{"slack", "U1", "", ""});
    dm.place = bot::Place{"slack", "C9", "", false};
    CHECK(bot::conversation_key(dm) == "slack:dm:U1");
    bot::Reply channel = bot::Reply::to_place();
    channel.place = bot::Place{"slack", "C9", "", false};
    CHECK(bot::conversation_key(channel) == "slack:C9");
}

TEST_CASE_FIXTURE(
    OutboxFixture,
    "OutboxSender: with a commit pipeline a row is sent only once its commit is durable") {
    tests::ManualCommitLog log;
    bot::CommitPipeline commits(log);
    int released = 0;
    commits.set_on_rows_released([&] {
        ++released;
        sender.pump(); // as the runtime does
    });
    sender.set_commits(commits);

    send("a", "a1");
    send("b", "b1");
    log.written = 2;
    CHECK(sender.pump() == 0);
    CHECK(chat.texts().empty());
    CHECK_FALSE(sender.next_due()); // nothing to wake up for: the sync does
    send("a", "a2");
    log.written = 3;
    commits.synced(2, ""); // a1 and b1 are on disk, a2 was written after the sync was asked for
    CHECK(chat.texts() == std::vector<std::string>{"a1", "b1"});
    CHECK(released == 1);
    commits.synced(3, ""); // a2's release, asked for by the pump since
    CHECK(chat.texts() == std::vector<std::string>{"a1", "b1", "a2"});
    CHECK(released == 2);
    CHECK(sender.pending() == 0);
}

TEST_CASE_FIXTURE(OutboxFixture,
                  "OutboxSender: results that arrive together are recorded together, later") {
    std::vector<std::function<void()>> later;
    sender.set_later([&later](std::function<void()> work) { later.push_back(std::move(work)); });
    std::vector<std::int64_t> ids;
    for (const char* conversation : {"a", "b", "a"}) {
        ids.push_back(send(conversation, conversation));
    }

    sender.pump();
    CHECK(chat.texts() == std::vector<std::string>{"a", "b"}); // the second "a" waits for the first
    REQUIRE(later.size() == 1);                                // one recording for both results
    CHECK(status(ids[0]) == "pending");
    CHECK(sender.in_flight() == 2); // delivered, not recorded: a stop still waits for them
    std::exchange(later, {}).front()();
    CHECK(status(ids[0]) == "delivered");
    CHECK(status(ids[1]) == "delivered");
    CHECK(chat.texts() == std::vector<std::string>{"a", "b", "a"}); // a's next one went out
    REQUIRE(later.size() == 1);
    later.front()();
    CHECK(status(ids[2]) == "delivered");
    CHECK(sender.pending() == 0);
    CHECK(sender.in_flight() == 0);
}

TEST_SUITE_END();
