// What one /sync may hold that must stop nothing: undecodable text, wrong
// types, oversized fields; room history from before the bot joined; users of
// other servers (outsiders).
#include "integrations/matrix/client_api.hpp"
#include "integrations/matrix/events.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace onevoice;
using namespace onevoice::integrations;
using namespace onevoice::integrations::matrix;
using nlohmann::json;

namespace {

const std::string k_self = "@onevoice:example.org";

// A /sync body as raw text: room "!bad" holds `bad_event` (raw JSON) between
// two sound messages, room "!good" one command.
std::string sync_text(const std::string& bad_event) {
    const auto message = [](const std::string& id, const std::string& body) {
        return R"({"event_id": ")" + id +
               R"(", "sender": "@alice:example.org", "type": "m.room.message",
                  "origin_server_ts": 1, "content": {"msgtype": "m.text", "body": ")" +
               body + R"("}})";
    };
    return R"({"next_batch": "s42", "rooms": {"join": {
        "!bad:example.org": {"timeline": {"events": [)" +
           message("$before", "!help") + ", " + bad_event + ", " + message("$after", "!team") +
           R"(]}},
        "!good:example.org": {"timeline": {"events": [)" +
           message("$good", "!help \\ud83d\\udc4d") + R"(]}}}}})";
}

std::string bad_message(const std::string& fields) {
    return R"({"event_id": "$bad", "type": "m.room.message", )" + fields + "}";
}

std::vector<std::string> ids(const std::vector<RoomEvent>& events) {
    std::vector<std::string> out;
    for (const RoomEvent& event : events) {
        out.push_back(event.event_id);
    }
    return out;
}

// The body as the adapter gets it: through to_response, then parse_sync.
SyncBatch read(const std::string& text) {
    net::HttpResult result;
    result.status = 200;
    result.body = text;
    const ApiResponse response = to_response(result);
    REQUIRE_MESSAGE(response.ok(), response.error);
    std::string error;
    auto batch = parse_sync(response.body, error, k_self, response.undecodable);
    REQUIRE_MESSAGE(batch, error);
    return *batch;
}

RoomEvent member_event(const std::string& room, const std::string& user,
                       const std::string& membership, const std::string& before = "") {
    RoomEvent event;
    event.room_id = room;
    event.event_id = "$" + user + membership + room;
    event.sender = user;
    event.type = "m.room.member";
    event.state_key = user;
    event.content = {{"membership", membership}};
    event.prev_membership = before;
    return event;
}

RoomEvent message(const std::string& room, const std::string& id) {
    RoomEvent event;
    event.room_id = room;
    event.event_id = id;
    event.sender = "@alice:example.org";
    event.type = "m.room.message";
    event.content = {{"msgtype", "m.text"}, {"body", "!help"}};
    return event;
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("Matrix sync: an unpaired surrogate skips its event - every other event goes on") {
    // nlohmann::json refuses this whole document; without the repair no room would run.
    for (const std::string& bad :
         {std::string(R"("content": {"msgtype": "m.text", "body": "!help \ud800 x"})"),
          std::string(R"("content": {"msgtype": "m.text", "body": "\udc00"})"),
          std::string(R"("content": {"msgtype": "m.text", "body": "\ud800\u0041"})"),
          std::string("\"content\": {\"msgtype\": \"m.text\", \"body\": \"\xff\xfe\"}")}) {
        CAPTURE(bad);
        const std::string text = sync_text(bad_message(R"("sender": "@bob:example.org", )" + bad));
        CHECK(json::parse(text, nullptr, false).is_discarded());
        const SyncBatch batch = read(text);
        CHECK(batch.next_batch == "s42");
        CHECK(ids(batch.events) == std::vector<std::string>{"$before", "$after", "$good"});
        REQUIRE(batch.skipped.size() == 1);
        CHECK(batch.skipped[0].room_id == "!bad:example.org");
        CHECK(batch.skipped[0].event_id == "$bad");
        CHECK(batch.skipped[0].reason == "undecodable text");
        // The valid surrogate pair elsewhere is decoded as usual.
        CHECK(batch.events[2].content["body"] == "!help 👍");
    }
}

TEST_CASE("Matrix sync: wrong types and oversized fields skip their event only") {
    const std::string sender = R"("sender": "@bob:example.org", )";
    const std::string text = R"("content": {"msgtype": "m.text", "body": "!help"})";
    const std::string long_body(70000, 'x');
    const std::vector<std::pair<std::string, std::string>> cases = {
        {sender + R"("content": {"msgtype": "m.text", "body": 5})", "body is not a string"},
        {sender + R"("content": {"msgtype": ["m.text"], "body": "!help"})",
         "msgtype is not a string"},
        {R"("sender": {"id": "@bob:example.org"}, )" + text, "sender is not a user id"},
        {R"("sender": "bob", )" + text, "sender is not a user id"},
        {R"("sender": "@)" + std::string(300, 'b') + R"(:example.org", )" + text,
         "sender is not a user id"},
        {sender + R"("content": "!help")", "content is not an object"},
        {sender + R"("content": {"msgtype": "m.text", "body": ")" + long_body + R"("})",
         "body too long"},
        {sender + R"("content": {"msgtype": "m.text", "body": "!help", "m.relates_to": 1})",
         "m.relates_to is not an object"},
        {sender + R"("state_key": 7, )" + text, "state_key is not a string"},
    };
    for (const auto& [fields, reason] : cases) {
        CAPTURE(reason);
        const SyncBatch batch = read(sync_text(bad_message(fields)));
        CHECK(ids(batch.events) == std::vector<std::string>{"$before", "$after", "$good"});
        REQUIRE(batch.skipped.size() == 1);
        CHECK(batch.skipped[0].event_id == "$bad");
        CHECK(batch.skipped[0].reason == reason);
    }
    // An event id too long for the spec is not repeated into the log.
    const SyncBatch long_id =
        read(sync_text(R"({"event_id": "$)" + std::string(300, 'e') +
                       R"(", "type": "m.room.message", )" + sender + text + "}"));
    REQUIRE(long_id.skipped.size() == 1);
    CHECK(long_id.skipped[0].event_id.empty());
}

TEST_CASE("Matrix sync: an undecodable name or invite is not used") {
    const std::string text = R"({"next_batch": "s1", "rooms": {
        "join": {"!r:example.org": {"state": {"events": [
            {"type": "m.room.member", "state_key": "@eve:example.org", "sender": "@eve:example.org",
             "event_id": "$m", "content": {"membership": "join", "displayname": "Eve \ud800"}}]}}},
        "invite": {"!i:example.org": {"invite_state": {"events": [
            {"type": "m.room.member", "state_key": "@onevoice:example.org",
             "sender": "@eve:example.org\udfff", "content": {"membership": "invite"}}]}}}}})";
    const SyncBatch batch = read(text);
    CHECK(batch.display_names.empty());
    CHECK(batch.invites.empty());
}

TEST_CASE("Matrix history: events before the bot's own join are dropped, room by room") {
    const std::string a = "!a:example.org";
    const std::string b = "!b:example.org";
    std::vector<RoomEvent> events = {
        message(a, "$old1"),
        message(b, "$b-member"), // the bot was in !b already: nothing is dropped there
        message(a, "$old2"),
        member_event(a, "@alice:example.org", "join"),
        member_event(a, k_self, "join", "invite"),
        message(a, "$new1"),
        member_event(a, k_self, "join", "join"), // a profile change, no new join
        message(a, "$new2"),
    };
    const auto dropped = drop_history(events, k_self);
    CHECK(dropped == std::map<std::string, std::size_t>{{a, 3}});
    CHECK(ids(events) == std::vector<std::string>{"$b-member", "$new1",
                                                  "$@onevoice:example.orgjoin!a:example.org",
                                                  "$new2"});

    // Left and joined again: only what came after the last join runs.
    std::vector<RoomEvent> again = {
        member_event(a, k_self, "join"),          message(a, "$first"),
        member_event(a, k_self, "leave", "join"), message(a, "$while-out"),
        member_event(a, k_self, "join", "leave"), message(a, "$back")};
    CHECK(drop_history(again, k_self).at(a) == 4);
    CHECK(ids(again) == std::vector<std::string>{"$back"});

    CHECK_FALSE(is_join_of(member_event(a, "@alice:example.org", "join"), k_self));
    CHECK(is_join_of(member_event(a, k_self, "join"), k_self));
}

TEST_CASE("Matrix circles: users of servers not trusted are outsiders") {
    SUBCASE("no trusted_servers: only the bot's own server") {
        CHECK_FALSE(is_outsider("@alice:example.org", {}, "example.org"));
        CHECK_FALSE(is_outsider("@alice:EXAMPLE.org", {}, "example.org"));
        CHECK(is_outsider("@alice:evil.example", {}, "example.org"));
        CHECK(is_outsider("@alice:example.org.evil.example", {}, "example.org"));
        CHECK(is_outsider("@alice:sub.example.org", {}, "example.org"));
        CHECK(is_outsider("@alice:example.org:8448", {}, "example.org"));
        CHECK(is_outsider("alice", {}, "example.org"));
    }
    SUBCASE("trusted_servers replace the default") {
        const std::vector<std::string> trusted = {"partner.example", "Example.org:8448",
                                                  "[::1]:8448"};
        CHECK(is_outsider("@alice:example.org", trusted, "example.org"));
        CHECK_FALSE(is_outsider("@alice:example.org:8448", trusted, "example.org"));
        CHECK_FALSE(is_outsider("@bob:PARTNER.example", trusted, "example.org"));
        CHECK_FALSE(is_outsider("@carol:[::1]:8448", trusted, "example.org"));
        CHECK(is_outsider("@carol:[::1]:8449", trusted, "example.org"));
        CHECK(is_outsider("@mallory:evil.example", trusted, "example.org"));
    }
    CHECK(server_of("@alice:example.org:8448") == "example.org:8448");
}

TEST_SUITE_END();
