#include "integrations/matrix/events.hpp"

#include <set>

namespace onevoice::integrations::matrix {
namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
    static const json k_null;
    if (!object.is_object()) {
        return k_null;
    }
    const auto it = object.find(key);
    return it == object.end() ? k_null : *it;
}

std::string string_at(const json& object, const char* key) {
    const json& value = member(object, key);
    return value.is_string() ? value.get<std::string>() : std::string();
}

// The events array at object[a][b] ("timeline"/"events"), or an empty one.
const json& events_at(const json& object, const char* section) {
    static const json k_empty = json::array();
    const json& events = member(member(object, section), "events");
    return events.is_array() ? events : k_empty;
}

std::optional<RoomEvent> read_event(const std::string& room, const json& raw) {
    RoomEvent event;
    event.room_id = room;
    event.event_id = string_at(raw, "event_id");
    event.sender = string_at(raw, "sender");
    event.type = string_at(raw, "type");
    const json& content = member(raw, "content");
    if (event.event_id.empty() || event.sender.empty() || event.type.empty() ||
        !content.is_object()) {
        return std::nullopt;
    }
    event.content = content;
    if (const json& ts = member(raw, "origin_server_ts"); ts.is_number_integer()) {
        event.origin_server_ts = ts.get<std::int64_t>();
    }
    return event;
}

void learn_name(std::map<std::string, std::string>& names, const json& raw) {
    if (string_at(raw, "type") != "m.room.member") {
        return;
    }
    const json& content = member(raw, "content");
    const std::string user = string_at(raw, "state_key");
    const std::string name = string_at(content, "displayname");
    if (!user.empty() && !name.empty() && string_at(content, "membership") == "join") {
        names[user] = name;
    }
}

void read_joined(SyncBatch& batch, const json& joined) {
    if (!joined.is_object()) {
        return;
    }
    for (const auto& [room, data] : joined.items()) {
        for (const json& raw : events_at(data, "state")) {
            learn_name(batch.display_names, raw);
        }
        for (const json& raw : events_at(data, "timeline")) {
            learn_name(batch.display_names, raw);
            if (auto event = read_event(room, raw)) {
                batch.events.push_back(std::move(*event));
            } else {
                ++batch.skipped;
            }
        }
        const json& timeline = member(data, "timeline");
        if (const json& limited = member(timeline, "limited");
            limited.is_boolean() && limited.get<bool>()) {
            batch.gaps.push_back(TimelineGap{room, string_at(timeline, "prev_batch")});
        }
    }
}

void read_invites(SyncBatch& batch, const json& invited, std::string_view self) {
    if (!invited.is_object()) {
        return;
    }
    for (const auto& [room, data] : invited.items()) {
        for (const json& raw : events_at(data, "invite_state")) {
            const json& content = member(raw, "content");
            if (string_at(raw, "type") == "m.room.member" && string_at(raw, "state_key") == self &&
                string_at(content, "membership") == "invite") {
                const json& direct = member(content, "is_direct");
                batch.invites.push_back(Invite{room, string_at(raw, "sender"),
                                               direct.is_boolean() && direct.get<bool>()});
            }
        }
    }
}

void read_direct(SyncBatch& batch, const json& account_data) {
    const json& events = member(account_data, "events");
    if (!events.is_array()) {
        return;
    }
    for (const json& raw : events) {
        const json& content = member(raw, "content");
        if (string_at(raw, "type") != "m.direct" || !content.is_object()) {
            continue;
        }
        for (const auto& [user, rooms] : content.items()) {
            if (!rooms.is_array()) {
                continue;
            }
            for (const json& room : rooms) {
                if (room.is_string()) {
                    batch.direct_rooms[room.get<std::string>()] = user;
                }
            }
        }
    }
}

// Drops the rich-reply fallback: leading "> " lines and the empty line after
// them (client-server spec, "Fallbacks for rich replies").
std::string strip_reply_fallback(const std::string& body) {
    if (!body.starts_with("> ")) {
        return body;
    }
    std::size_t pos = 0;
    while (pos < body.size() && body.compare(pos, 2, "> ") == 0) {
        const std::size_t end = body.find('\n', pos);
        pos = end == std::string::npos ? body.size() : end + 1;
    }
    if (pos < body.size() && body[pos] == '\n') {
        ++pos;
    }
    return body.substr(pos);
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

} // namespace

std::optional<SyncBatch> parse_sync(const nlohmann::json& body, std::string& error,
                                    std::string_view self) {
    if (!body.is_object()) {
        error = "the /sync answer is not a JSON object";
        return std::nullopt;
    }
    SyncBatch batch;
    batch.next_batch = string_at(body, "next_batch");
    if (batch.next_batch.empty()) {
        error = "the /sync answer has no next_batch";
        return std::nullopt;
    }
    const json& rooms = member(body, "rooms");
    read_joined(batch, member(rooms, "join"));
    read_invites(batch, member(rooms, "invite"), self);
    read_direct(batch, member(body, "account_data"));
    return batch;
}

std::optional<MessagesPage> parse_messages(const nlohmann::json& body, const std::string& room,
                                           std::string& error) {
    const json& chunk = member(body, "chunk");
    if (!chunk.is_array()) {
        error = "the /messages answer has no chunk array";
        return std::nullopt;
    }
    MessagesPage page;
    page.end = string_at(body, "end");
    if (const json& state = member(body, "state"); state.is_array()) {
        for (const json& raw : state) {
            learn_name(page.display_names, raw);
        }
    }
    for (const json& raw : chunk) {
        learn_name(page.display_names, raw);
        if (auto event = read_event(room, raw)) {
            page.events.push_back(std::move(*event));
        } else {
            ++page.skipped;
        }
    }
    return page;
}

std::vector<RoomEvent> with_gaps(std::vector<RoomEvent> timeline,
                                 std::map<std::string, std::vector<RoomEvent>> gaps) {
    std::set<std::string> in_timeline;
    for (const RoomEvent& event : timeline) {
        in_timeline.insert(event.event_id);
    }
    std::vector<RoomEvent> out;
    out.reserve(timeline.size());
    const auto add_gap = [&](const std::string& room) {
        const auto gap = gaps.find(room);
        if (gap == gaps.end()) {
            return;
        }
        for (RoomEvent& event : gap->second) {
            if (!in_timeline.contains(event.event_id)) {
                out.push_back(std::move(event));
            }
        }
        gaps.erase(gap);
    };
    for (RoomEvent& event : timeline) {
        add_gap(event.room_id);
        out.push_back(std::move(event));
    }
    while (!gaps.empty()) {
        add_gap(gaps.begin()->first);
    }
    return out;
}

std::optional<bot::Command> to_command(const RoomEvent& event, const InboundRules& rules,
                                       bool is_direct, bot::TimePoint received) {
    if (event.type != "m.room.message" || event.sender == rules.self ||
        string_at(event.content, "msgtype") != "m.text") {
        return std::nullopt;
    }
    const json& relates = member(event.content, "m.relates_to");
    const std::string relation = string_at(relates, "rel_type");
    if (relation == "m.replace" || event.content.contains("m.new_content")) {
        return std::nullopt; // an edit: the original was handled (or skipped) already
    }
    std::string text = trim(strip_reply_fallback(string_at(event.content, "body")));
    if (text.starts_with(rules.prefix)) {
        text = trim(text.substr(rules.prefix.size()));
    } else if (!is_direct) {
        return std::nullopt;
    }
    if (text.empty()) {
        return std::nullopt;
    }
    bot::Command command;
    command.event_id = inbound_event_id(event);
    command.user = bot::UserRef{"matrix", event.sender, "", ""};
    command.place = bot::Place{"matrix", event.room_id, "", is_direct};
    if (relation == "m.thread") {
        command.place.thread = string_at(relates, "event_id");
    }
    command.text = std::move(text);
    command.received_at = received;
    command.message = event.event_id;
    return command;
}

std::optional<ReactionEvent> reaction_of(const RoomEvent& event) {
    if (event.type != "m.reaction") {
        return std::nullopt;
    }
    const json& relates = member(event.content, "m.relates_to");
    ReactionEvent reaction{string_at(relates, "event_id"), string_at(relates, "key")};
    if (string_at(relates, "rel_type") != "m.annotation" || reaction.target.empty() ||
        reaction.key.empty()) {
        return std::nullopt;
    }
    return reaction;
}

std::string inbound_event_id(const RoomEvent& event) {
    return "matrix:" + event.event_id;
}

} // namespace onevoice::integrations::matrix
