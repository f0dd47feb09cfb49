// MatrixAdapter::deliver against a scripted homeserver (ScriptedHttp) for the crisis platform
// needs: unpinning a message and a reply that opens a room of its own.
#include "tests/fakes/scripted_matrix.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace onevoice;
using namespace onevoice::tests::matrix_script;
using nlohmann::json;
using onevoice::integrations::net::HttpMethod;

namespace {

const std::string k_room = "!crisis:example.org";
const std::string k_pins = "/state/m.room.pinned_events";

struct MatrixDelivery : tests::ScriptedMatrix {
    MatrixDelivery() { start(); }

    // As the outbox hands an unpin over once its anchor is resolved.
    static bot::Reply unpin(const std::string& event_id) {
        bot::Reply reply = to_room(k_room);
        reply.intent = bot::Unpin{"crisis:1", event_id};
        return reply;
    }
    void expect_sent(std::int64_t id, const std::string& event_id) {
        http.expect(HttpMethod::put, send_path(k_room, "m.room.message", id),
                    ok({{"event_id", event_id}}));
    }
    void expect_pins(const json& pinned) {
        http.expect(HttpMethod::get, room_path(k_room, k_pins), ok({{"pinned", pinned}}));
    }
    void expect_pins_written(const std::string& event_id) {
        http.expect(HttpMethod::put, room_path(k_room, k_pins), ok({{"event_id", event_id}}));
    }
    std::vector<json> pins_written() const {
        std::vector<json> out;
        for (const auto& request : requests_to(k_pins)) {
            if (request.method == HttpMethod::put) {
                out.push_back(body(request)["pinned"]);
            }
        }
        return out;
    }
};

} // namespace

TEST_SUITE_BEGIN("matrix");

TEST_CASE_FIXTURE(MatrixDelivery, "MatrixAdapter: an unpin rewrites the pinned events without it") {
    SUBCASE("other pins stay") {
        // The room had no pins yet; the second pin keeps the first.
        expect_sent(1, "$notice1");
        http.expect(HttpMethod::get, room_path(k_room, k_pins),
                    error(404, "M_NOT_FOUND", "Event not found."));
        expect_pins_written("$pins1");
        expect_sent(2, "$notice2");
        expect_pins(json::array({"$notice1"}));
        expect_pins_written("$pins2");
        bot::Reply notice = to_room(k_room, "Crisis #1");
        notice.intent = bot::Post{.is_pinned = true};
        const auto first = deliver(1, notice);
        const auto second = deliver(2, notice);
        CHECK(first.posted_message == "$notice1");
        CHECK(second.posted_message == "$notice2");
        REQUIRE(pins_written().size() == 2);
        CHECK(pins_written()[1] == json::array({"$notice1", "$notice2"}));

        expect_pins(json::array({"$notice1", "$notice2"}));
        expect_pins_written("$pins3");
        CHECK(deliver(3, unpin(first.posted_message)).kind == bot::DeliveryResult::Kind::delivered);
        CHECK(pins_written().back() == json::array({"$notice2"}));
        // Its blocks are never sent: only the two notices are messages.
        CHECK(requests_to("/send/").size() == 2);

        // Again (a retry): nothing left to remove, nothing written.
        expect_pins(json::array({"$notice2"}));
        CHECK(deliver(4, unpin(first.posted_message)).kind == bot::DeliveryResult::Kind::delivered);
        CHECK(pins_written().size() == 3);
    }
    SUBCASE("a room that never had pins") {
        http.expect(HttpMethod::get, room_path(k_room, k_pins),
                    error(404, "M_NOT_FOUND", "Event not found."));
        CHECK(deliver(5, unpin("$gone")).kind == bot::DeliveryResult::Kind::delivered);
        CHECK(pins_written().empty());
    }
}

TEST_CASE_FIXTURE(MatrixDelivery,
                  "MatrixAdapter: a reply that opens a conversation gets a private room") {
    const std::string room = "!opened:example.org";
    http.expect(HttpMethod::post, client("/createRoom"), ok({{"room_id", room}}));
    http.expect(HttpMethod::put, send_path(room, "m.room.message", 9), ok({{"event_id", "$n1"}}));
    bot::Reply reply = to_room(k_room, "Crisis #12 notice");
    reply.intent = bot::OpenConversation{"crisis 12 Outrage",
                                         {bot::UserRef{"matrix", "@alice:example.org", "alice", ""},
                                          bot::UserRef{"matrix", "@bob:example.org", "bob", ""},
                                          bot::UserRef{"matrix", "@alice:example.org", "alice", ""},
                                          bot::UserRef{"matrix", k_bot, "bot", ""},
                                          bot::UserRef{"slack", "U024BE7LH", "dora", ""}},
                                         ""};
    const auto result = deliver(9, reply);
    REQUIRE(result.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(result.posted_in == room);
    const json create = body(requests_to("/createRoom").at(0));
    CHECK(create["name"] == "crisis 12 Outrage");
    CHECK(create["preset"] == "private_chat");
    // Each Matrix member once, not the bot itself, no one of another platform.
    CHECK(create["invite"] == json::array({"@alice:example.org", "@bob:example.org"}));
    const auto sent = requests_to("/send/");
    REQUIRE(sent.size() == 1); // there, and not in the crisis room
    CHECK(body(sent[0])["body"].get<std::string>().find("Crisis #12 notice") != std::string::npos);
    CHECK(result.posted_message == "$n1");
}

TEST_SUITE_END();
