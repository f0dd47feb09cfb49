// MatrixAdapter::deliver against FakeMatrix for the crisis platform needs:
// unpinning a message and a reply that opens a room of its own.
#include "integrations/matrix/matrix_adapter.hpp"
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/memory_state.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>

using namespace onevoice;
using namespace onevoice::integrations;
using nlohmann::json;

namespace {

const std::string k_room = "!crisis:example.org";

// Takes no commands: these tests only deliver.
class IdleSink final : public bot::EventSink {
public:
    void on_command(bot::Command, std::function<void()> ack) override { ack(); }
    void on_action(bot::Action, std::function<void()> ack) override { ack(); }
    void on_input_closed() override {}
    void on_fatal(int) override {}
    void on_reconnected(bot::Duration, bot::Place) override {}
};

struct MatrixDelivery {
    MatrixDelivery() {
        fake.create_room(k_room, {"@alice:example.org"}, true);
        options.homeserver = *net::Url::parse(fake.homeserver());
        options.sync_timeout = std::chrono::seconds(5);
        adapter.emplace(io, http, state, bot::Secret(fake.options().access_token), bot::Secret(),
                        options, [] { return 0.5; });
        adapter->start(sink);
        REQUIRE(tests::run_until(io, [&] { return fake.count("GET", "/sync") >= 2; }));
    }
    bot::DeliveryResult deliver(std::int64_t id, const bot::Reply& reply) {
        std::optional<bot::DeliveryResult> result;
        adapter->deliver(id, reply, [&](bot::DeliveryResult r) { result = std::move(r); });
        REQUIRE(tests::run_until(io, [&] { return result.has_value(); }));
        return *result;
    }
    bot::Reply in_room(std::string text) const {
        bot::Reply reply = bot::Reply::to_place().text(std::move(text));
        reply.place = bot::Place{"matrix", k_room, "", false};
        return reply;
    }
    // As the outbox hands an unpin over once its anchor is resolved.
    bot::Reply unpin(const std::string& event_id) const {
        bot::Reply reply = bot::Reply::to_place();
        reply.place = bot::Place{"matrix", k_room, "", false};
        reply.intent = bot::Unpin{"crisis:1", event_id};
        return reply;
    }

    tests::FakeMatrix fake;
    matrix::MatrixOptions options;
    boost::asio::io_context io;
    boost::asio::ssl::context tls = net::make_client_tls_context();
    net::HttpClient http{io, tls};
    tests::MemoryState state;
    IdleSink sink;
    std::optional<matrix::MatrixAdapter> adapter;
};

} // namespace

TEST_SUITE_BEGIN("matrix");

TEST_CASE_FIXTURE(MatrixDelivery, "MatrixAdapter: an unpin rewrites the pinned events without it") {
    SUBCASE("other pins stay") {
        bot::Reply notice = in_room("Crisis #1");
        notice.intent = bot::Post{.is_pinned = true};
        const auto first = deliver(1, notice);
        const auto second = deliver(2, notice);
        REQUIRE(fake.pinned(k_room).size() == 2);

        CHECK(deliver(3, unpin(first.posted_message)).kind == bot::DeliveryResult::Kind::delivered);
        CHECK(fake.pinned(k_room) == std::vector<std::string>{second.posted_message});
        // Its blocks are never sent: only the two notices are messages.
        CHECK(fake.bot_messages(k_room).size() == 2);

        // Again (a retry): nothing left to remove, nothing written.
        const int puts = fake.count("PUT", "/state/m.room.pinned_events");
        CHECK(deliver(4, unpin(first.posted_message)).kind == bot::DeliveryResult::Kind::delivered);
        CHECK(fake.count("PUT", "/state/m.room.pinned_events") == puts);
    }
    SUBCASE("a room that never had pins") {
        CHECK(deliver(5, unpin("$gone")).kind == bot::DeliveryResult::Kind::delivered);
        CHECK(fake.count("PUT", "/state/m.room.pinned_events") == 0);
    }
}

TEST_CASE_FIXTURE(MatrixDelivery,
                  "MatrixAdapter: a reply that opens a conversation gets a private room") {
    bot::Reply reply = in_room("Crisis #12 notice");
    reply.intent =
        bot::OpenConversation{"crisis 12 Outrage",
                              {bot::UserRef{"matrix", "@alice:example.org", "alice", ""},
                               bot::UserRef{"matrix", "@bob:example.org", "bob", ""},
                               bot::UserRef{"matrix", "@alice:example.org", "alice", ""},
                               bot::UserRef{"matrix", fake.options().bot_user, "bot", ""},
                               bot::UserRef{"slack", "U024BE7LH", "dora", ""}},
                              ""};
    const auto result = deliver(9, reply);
    REQUIRE(result.kind == bot::DeliveryResult::Kind::delivered);
    REQUIRE(fake.created_rooms().size() == 1);
    const std::string room = fake.created_rooms()[0];
    CHECK(result.posted_in == room);
    const auto requests = fake.requests();
    const auto create = std::find_if(requests.begin(), requests.end(),
                                     [](const auto& r) { return r.path.ends_with("/createRoom"); });
    REQUIRE(create != requests.end());
    CHECK(create->body["name"] == "crisis 12 Outrage");
    CHECK(create->body["preset"] == "private_chat");
    CHECK(create->body["invite"] == json::array({"@alice:example.org", "@bob:example.org"}));
    const auto messages = fake.bot_messages(room);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].content["body"].get<std::string>().find("Crisis #12 notice") !=
          std::string::npos);
    CHECK(result.posted_message == messages[0].event_id);
    CHECK(fake.bot_messages(k_room).empty());
}

TEST_SUITE_END();
