// FakeMatrix: room timelines, as /sync shows them and as /messages pages through them.
#include "tests/fakes/fake_matrix_state.hpp"

#include <algorithm>
#include <cstdlib>

namespace onevoice::tests {

using fake_matrix::Answer;
using fake_matrix::error;
using nlohmann::json;

namespace {

// Pagination tokens are stream positions: "t41" lies between the events with
// stream 41 and 42. Sync tokens ("s41") name the same positions, and the spec
// lets /messages take both.
std::string token_at(std::int64_t position) {
    return "t" + std::to_string(position);
}

std::optional<std::int64_t> position_of(const std::string& token) {
    if (token.size() < 2 || (token[0] != 't' && token[0] != 's')) {
        return std::nullopt;
    }
    char* end = nullptr;
    const long long position = std::strtoll(token.c_str() + 1, &end, 10);
    if (*end != '\0' || position < 0) {
        return std::nullopt;
    }
    return position;
}

// A ClientEvent; /sync leaves out room_id (ClientEventWithoutRoomID).
json client_event(const MatrixEvent& event, bool has_room_id) {
    json raw = {{"event_id", event.event_id},
                {"sender", event.sender},
                {"type", event.type},
                {"content", event.content},
                {"origin_server_ts", 1700000000000 + event.stream * 1000},
                {"unsigned", {{"age", 100}}}};
    if (has_room_id) {
        raw["room_id"] = event.room_id;
    }
    if (!event.prev_content.is_null()) {
        raw["unsigned"]["prev_content"] = event.prev_content;
    }
    if (event.is_state) {
        raw["state_key"] = event.state_key;
    }
    return raw;
}

bool has_type(const json& types, const std::string& type) {
    return !types.is_array() || std::find(types.begin(), types.end(), type) != types.end();
}

bool is_join_of(const MatrixEvent& event, const std::string& user) {
    return event.type == "m.room.member" && event.state_key == user &&
           event.content.value("membership", "") == "join";
}

} // namespace

json FakeMatrix::State::sync_body(std::int64_t since, const json& filter) {
    const json room_filter = filter.value("room", json::object());
    const json timeline_filter = room_filter.value("timeline", json::object());
    std::size_t limit = timeline_filter.value("limit", 10);
    if (timeline_cap > 0) {
        limit = std::min(limit, static_cast<std::size_t>(timeline_cap));
    }
    const json types = timeline_filter.value("types", json());
    json join = json::object();
    for (const auto& [id, room] : rooms) {
        if (!room.members.contains(options.bot_user)) {
            continue;
        }
        // A room the bot joined after `since` is new to this sync: it comes with
        // its recent history, as a real server shows it to a new member.
        std::int64_t joined = 0;
        for (const MatrixEvent& event : events) {
            if (event.room_id == id && is_join_of(event, options.bot_user)) {
                joined = event.stream;
            }
        }
        const std::int64_t shown_after = joined > since ? 0 : since;
        std::vector<const MatrixEvent*> timeline;
        for (const MatrixEvent& event : events) {
            if (event.room_id == id && event.stream > shown_after && has_type(types, event.type)) {
                timeline.push_back(&event);
            }
        }
        if (timeline.empty() && since > 0) {
            continue;
        }
        const bool limited = timeline.size() > limit;
        if (limited) {
            timeline.erase(timeline.begin(), timeline.end() - static_cast<long>(limit));
        }
        json raw_events = json::array();
        for (const MatrixEvent* event : timeline) {
            raw_events.push_back(client_event(*event, false));
        }
        // prev_batch: right before the first event shown, where /messages goes on.
        const std::int64_t start = timeline.empty() ? stream : timeline.front()->stream - 1;
        join[id] = {
            {"timeline",
             {{"events", raw_events}, {"limited", limited}, {"prev_batch", token_at(start)}}},
            {"state", {{"events", json::array()}}},
            {"summary", {{"m.joined_member_count", room.members.size()}}}};
    }
    json invite = json::object();
    for (const auto& [id, inv] : invites) {
        if (inv.stream > since) {
            json state = json::array();
            state.push_back(
                {{"type", "m.room.member"},
                 {"state_key", options.bot_user},
                 {"sender", inv.inviter},
                 {"content", {{"membership", "invite"}, {"is_direct", inv.is_direct}}}});
            invite[id] = {{"invite_state", {{"events", state}}}};
        }
    }
    json body = {{"next_batch", "s" + std::to_string(stream)},
                 {"rooms", {{"join", join}, {"invite", invite}, {"leave", json::object()}}},
                 {"presence", {{"events", json::array()}}}};
    if (direct_stream > since) {
        json direct = json::object();
        for (const auto& [room, user] : direct_rooms) {
            direct[user].push_back(room);
        }
        body["account_data"] = {{"events", {{{"type", "m.direct"}, {"content", direct}}}}};
    }
    return body;
}

// GET /rooms/{roomId}/messages (spec v1.3+): dir required; from optional (the
// newest or oldest end); to, limit (default 10) and a RoomEventFilter optional.
// `end` is left out when no further event lies in the range.
Answer FakeMatrix::State::messages(const std::string& room_id,
                                   const std::map<std::string, std::string>& query) {
    if (failing_messages > 0) {
        --failing_messages;
        return error(500, "M_UNKNOWN", "Internal server error");
    }
    const auto room = rooms.find(room_id);
    if (room == rooms.end() || !room->second.members.contains(options.bot_user)) {
        return error(403, "M_FORBIDDEN", "You aren't a member of the room.");
    }
    const auto param = [&](const char* name) -> std::optional<std::string> {
        const auto it = query.find(name);
        return it == query.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    const std::string dir = param("dir").value_or("");
    if (dir != "b" && dir != "f") {
        return error(400, "M_INVALID_PARAM", "dir must be b or f");
    }
    const bool is_backwards = dir == "b";
    std::int64_t from = is_backwards ? stream : 0;
    std::int64_t to = is_backwards ? 0 : stream;
    for (const auto& [name, position] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
        if (const auto token = param(name)) {
            const auto parsed = position_of(*token);
            if (!parsed) {
                return error(400, "M_INVALID_PARAM", std::string("unknown ") + name + " token");
            }
            *position = *parsed;
        }
    }
    const int limit = std::atoi(param("limit").value_or("10").c_str());
    if (limit < 1) {
        return error(400, "M_INVALID_PARAM", "limit must be a positive integer");
    }
    json types;
    if (const auto filter = param("filter")) {
        const json parsed = json::parse(*filter, nullptr, false);
        if (!parsed.is_object()) {
            return error(400, "M_INVALID_PARAM", "filter is not a JSON RoomEventFilter");
        }
        types = parsed.value("types", json());
    }
    // The range (low, high] of stream positions, walked from `from` towards `to`.
    const std::int64_t low = is_backwards ? to : from;
    const std::int64_t high = is_backwards ? from : to;
    std::vector<const MatrixEvent*> range;
    for (const MatrixEvent& event : events) {
        if (event.room_id == room_id && event.stream > low && event.stream <= high &&
            has_type(types, event.type)) {
            range.push_back(&event);
        }
    }
    if (is_backwards) {
        std::reverse(range.begin(), range.end());
    }
    json body = {{"start", param("from").value_or(token_at(from))}, {"chunk", json::array()}};
    const std::size_t count = std::min(range.size(), static_cast<std::size_t>(limit));
    for (std::size_t i = 0; i < count; ++i) {
        body["chunk"].push_back(client_event(*range[i], true));
    }
    if (count < range.size()) {
        const MatrixEvent& last = *range[count - 1];
        body["end"] = token_at(is_backwards ? last.stream - 1 : last.stream);
    }
    return Answer{200, body, {}};
}

} // namespace onevoice::tests
