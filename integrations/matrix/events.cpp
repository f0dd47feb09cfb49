#include "integrations/matrix/events.hpp"

#include "bot/text/tokenizer.hpp"

#include <algorithm>
#include <cctype>
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

// The longest ids the spec allows (appendix "Identifiers": 255 bytes).
constexpr std::size_t k_max_id = 255;
// A whole event is at most 65,536 bytes (spec "Size limits"): a longer body
// comes from no conforming server, and is not worth the bot's memory.
constexpr std::size_t k_max_body = 65536;

bool is_short_string(const json& value, std::size_t max) {
    return value.is_string() && !value.get_ref<const std::string&>().empty() &&
           value.get_ref<const std::string&>().size() <= max;
}

bool is_user_id(const json& value) {
    if (!is_short_string(value, k_max_id)) {
        return false;
    }
    const std::string& id = value.get_ref<const std::string&>();
    return id.starts_with('@') && id.find(':') != std::string::npos && id.find(':') > 1;
}

bool is_undecodable(const json& raw, std::string_view marker) {
    return !marker.empty() && raw.dump().find(marker) != std::string::npos;
}

// Why the bot cannot read `raw` as an event, "" when it can. Only the fields
// the bot reads are checked; anything else may hold what it likes.
std::string fault_of(const json& raw, std::string_view undecodable) {
    if (!is_short_string(member(raw, "event_id"), k_max_id)) {
        return "no event id, or one too long";
    }
    if (!is_user_id(member(raw, "sender"))) {
        return "sender is not a user id";
    }
    if (!is_short_string(member(raw, "type"), k_max_id)) {
        return "no type, or one too long";
    }
    const json& content = member(raw, "content");
    if (!content.is_object()) {
        return "content is not an object";
    }
    if (const json& key = member(raw, "state_key"); !key.is_null() && !key.is_string()) {
        return "state_key is not a string";
    }
    for (const char* field : {"body", "msgtype", "membership", "displayname"}) {
        if (const json& value = member(content, field); !value.is_null() && !value.is_string()) {
            return std::string(field) + " is not a string";
        }
    }
    if (const json& body = member(content, "body");
        body.is_string() && body.get_ref<const std::string&>().size() > k_max_body) {
        return "body too long";
    }
    if (const json& relates = member(content, "m.relates_to");
        !relates.is_null() && !relates.is_object()) {
        return "m.relates_to is not an object";
    }
    if (is_undecodable(raw, undecodable)) {
        return "undecodable text";
    }
    return {};
}

// The event in `raw`, or why not (in `skipped`).
std::optional<RoomEvent> read_event(const std::string& room, const json& raw,
                                    std::string_view undecodable,
                                    std::vector<SkippedEvent>& skipped) {
    if (std::string fault = fault_of(raw, undecodable); !fault.empty()) {
        const json& id = member(raw, "event_id");
        skipped.push_back(SkippedEvent{
            room, is_short_string(id, k_max_id) ? id.get<std::string>() : std::string(),
            std::move(fault)});
        return std::nullopt;
    }
    RoomEvent event;
    event.room_id = room;
    event.event_id = string_at(raw, "event_id");
    event.sender = string_at(raw, "sender");
    event.type = string_at(raw, "type");
    event.content = member(raw, "content");
    if (const json& ts = member(raw, "origin_server_ts"); ts.is_number_integer()) {
        event.origin_server_ts = ts.get<std::int64_t>();
    }
    event.state_key = string_at(raw, "state_key");
    event.prev_membership =
        string_at(member(member(raw, "unsigned"), "prev_content"), "membership");
    return event;
}

void learn_name(std::map<std::string, std::string>& names, const json& raw,
                std::string_view undecodable) {
    if (string_at(raw, "type") != "m.room.member" || is_undecodable(raw, undecodable)) {
        return;
    }
    const json& content = member(raw, "content");
    const std::string user = string_at(raw, "state_key");
    const std::string name = string_at(content, "displayname");
    if (!user.empty() && !name.empty() && string_at(content, "membership") == "join") {
        names[user] = name;
    }
}

void read_joined(SyncBatch& batch, const json& joined, std::string_view undecodable) {
    if (!joined.is_object()) {
        return;
    }
    for (const auto& [room, data] : joined.items()) {
        for (const json& raw : events_at(data, "state")) {
            learn_name(batch.display_names, raw, undecodable);
        }
        for (const json& raw : events_at(data, "timeline")) {
            learn_name(batch.display_names, raw, undecodable);
            if (auto event = read_event(room, raw, undecodable, batch.skipped)) {
                batch.events.push_back(std::move(*event));
            }
        }
        const json& timeline = member(data, "timeline");
        if (const json& limited = member(timeline, "limited");
            limited.is_boolean() && limited.get<bool>()) {
            batch.gaps.push_back(TimelineGap{room, string_at(timeline, "prev_batch")});
        }
    }
}

void read_invites(SyncBatch& batch, const json& invited, std::string_view self,
                  std::string_view undecodable) {
    if (!invited.is_object()) {
        return;
    }
    for (const auto& [room, data] : invited.items()) {
        for (const json& raw : events_at(data, "invite_state")) {
            if (is_undecodable(raw, undecodable)) {
                continue; // no inviter to check: the invite waits, neither taken nor refused
            }
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

void read_direct(SyncBatch& batch, const json& account_data, std::string_view undecodable) {
    const json& events = member(account_data, "events");
    if (!events.is_array()) {
        return;
    }
    for (const json& raw : events) {
        const json& content = member(raw, "content");
        if (string_at(raw, "type") != "m.direct" || !content.is_object() ||
            is_undecodable(raw, undecodable)) {
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

// The host of a server name, without its port: "[::1]:8448" → "[::1]".
std::string_view host_of(std::string_view server) {
    const std::size_t end = server.starts_with('[') ? server.find(']') : server.find(':');
    return end == std::string_view::npos ? server
                                         : server.substr(0, end + (server[0] == '[' ? 1 : 0));
}

bool is_same_server(std::string_view a, std::string_view b) {
    const std::string_view host_a = host_of(a);
    const std::string_view host_b = host_of(b);
    const auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    return host_a.size() == host_b.size() &&
           std::equal(host_a.begin(), host_a.end(), host_b.begin(),
                      [&](char x, char y) { return lower(x) == lower(y); }) &&
           a.substr(host_a.size()) == b.substr(host_b.size());
}

} // namespace

std::optional<SyncBatch> parse_sync(const nlohmann::json& body, std::string& error,
                                    std::string_view self, std::string_view undecodable) {
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
    read_joined(batch, member(rooms, "join"), undecodable);
    read_invites(batch, member(rooms, "invite"), self, undecodable);
    read_direct(batch, member(body, "account_data"), undecodable);
    return batch;
}

std::optional<MessagesPage> parse_messages(const nlohmann::json& body, const std::string& room,
                                           std::string& error, std::string_view undecodable) {
    const json& chunk = member(body, "chunk");
    if (!chunk.is_array()) {
        error = "the /messages answer has no chunk array";
        return std::nullopt;
    }
    MessagesPage page;
    page.end = string_at(body, "end");
    if (const json& state = member(body, "state"); state.is_array()) {
        for (const json& raw : state) {
            learn_name(page.display_names, raw, undecodable);
        }
    }
    for (const json& raw : chunk) {
        learn_name(page.display_names, raw, undecodable);
        if (auto event = read_event(room, raw, undecodable, page.skipped)) {
            page.events.push_back(std::move(*event));
        }
    }
    return page;
}

bool is_join_of(const RoomEvent& event, std::string_view user) {
    return event.type == "m.room.member" && event.state_key == user &&
           string_at(event.content, "membership") == "join" && event.prev_membership != "join";
}

std::map<std::string, std::size_t> drop_history(std::vector<RoomEvent>& events,
                                                std::string_view self) {
    std::map<std::string, std::size_t> joined_at; // room -> index of the bot's last join
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (is_join_of(events[i], self)) {
            joined_at[events[i].room_id] = i;
        }
    }
    std::map<std::string, std::size_t> dropped;
    if (joined_at.empty()) {
        return dropped;
    }
    std::vector<RoomEvent> kept;
    kept.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto join = joined_at.find(events[i].room_id);
        if (join == joined_at.end() || i > join->second) {
            kept.push_back(std::move(events[i]));
        } else if (i < join->second) {
            ++dropped[events[i].room_id];
        } else {
            dropped.try_emplace(events[i].room_id, 0); // the join itself
        }
    }
    events = std::move(kept);
    return dropped;
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
    std::string text(bot::trim(strip_reply_fallback(string_at(event.content, "body"))));
    if (text.starts_with(rules.prefix)) {
        text = bot::trim(text.substr(rules.prefix.size()));
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

std::string server_of(std::string_view user_id) {
    const auto colon = user_id.find(':');
    return colon == std::string_view::npos ? std::string() : std::string(user_id.substr(colon + 1));
}

bool is_outsider(std::string_view user_id, const std::vector<std::string>& trusted_servers,
                 std::string_view own_server) {
    const std::string server = server_of(user_id);
    if (server.empty()) {
        return true;
    }
    const auto same = [&](std::string_view trusted) {
        return is_same_server(server, trusted);
    };
    if (trusted_servers.empty()) {
        return !same(own_server);
    }
    return std::none_of(trusted_servers.begin(), trusted_servers.end(), same);
}

std::string inbound_event_id(const RoomEvent& event) {
    return "matrix:" + event.event_id;
}

} // namespace onevoice::integrations::matrix
