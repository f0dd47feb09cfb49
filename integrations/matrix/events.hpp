#pragma once

#include "bot/model/model.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onevoice::integrations::matrix {

// One event of a joined room's timeline (a ClientEventWithoutRoomID of the
// /sync response, with its room added).
struct RoomEvent {
    std::string room_id;
    std::string event_id;
    std::string sender;
    std::string type;
    nlohmann::json content = nlohmann::json::object();
    std::int64_t origin_server_ts = 0;
    std::string state_key;       // of a state event (m.room.member: whose membership)
    std::string prev_membership; // m.room.member: the membership before (unsigned.prev_content)
};

// The bot's own arrival in the room: an m.room.member event for `user` whose
// membership became "join" (a join after "join" is only a profile change).
bool is_join_of(const RoomEvent& event, std::string_view user);

// An event left out because it is malformed or undecodable; what the log may
// say about it (never its content).
struct SkippedEvent {
    std::string room_id;
    std::string event_id; // "" when it had no usable one
    std::string reason;   // "sender is not a user id"
};

// An invite to a room (rooms.invite.*.invite_state): who invited the bot.
struct Invite {
    std::string room_id;
    std::string inviter;
    bool is_direct = false;
};

// A joined room whose timeline in this /sync was cut (timeline.limited):
// more events happened since the last sync than the filter's limit. The
// missing ones lie before `prev_batch` (spec "Syncing", limited timelines).
struct TimelineGap {
    std::string room_id;
    std::string prev_batch; // "" when the server sent none: the gap cannot be fetched
};

// What one /sync response holds for the bot, already checked: every event
// here has an id, a sender, a type and an object as content.
struct SyncBatch {
    std::string next_batch;
    std::vector<RoomEvent> events; // timeline events, room by room, in timeline order
    std::vector<TimelineGap> gaps; // rooms whose timeline is limited
    std::vector<Invite> invites;
    // From the m.direct account data (user → rooms), turned around: room → user.
    std::map<std::string, std::string> direct_rooms;
    // Display names from m.room.member events (state and timeline): user → name.
    std::map<std::string, std::string> display_names;
    std::vector<SkippedEvent> skipped; // malformed or undecodable events that were left out
};

// Reads a /sync response body. nullopt (with `error` set) when it is not an
// object with a string next_batch; malformed parts inside are skipped and
// listed, so one bad event never stops the sync. An event is malformed when
// a field the bot reads has the wrong type (content not an object, a sender
// that is no user id, a message body that is no string) or is longer than
// the spec allows; it is undecodable when it holds `undecodable`, the marker
// ApiResponse put where the server's text could not be decoded ("": none).
std::optional<SyncBatch> parse_sync(const nlohmann::json& body, std::string& error,
                                    std::string_view self, std::string_view undecodable = {});

// One page of GET /rooms/{roomId}/messages: the events in the server's order
// (dir=b: newest first) and `end`, the token for the next page ("" when the
// server sent none: there is nothing further).
struct MessagesPage {
    std::vector<RoomEvent> events;
    std::string end;
    std::map<std::string, std::string> display_names; // from the page's `state`
    std::vector<SkippedEvent> skipped;                // malformed events left out
};

// Reads a /messages response body for `room`. nullopt (with `error` set) when
// it is not an object with a `chunk` array. Events are checked as in parse_sync.
std::optional<MessagesPage> parse_messages(const nlohmann::json& body, const std::string& room,
                                           std::string& error, std::string_view undecodable = {});

// Drops, room by room, every event up to and including the bot's own last
// join (is_join_of `self`): what came before is the room's history from
// before the bot was a member, which a server shows a newly joined member but
// the bot must never run. Returns, for each room the bot joined, how many
// events from before its join were dropped.
std::map<std::string, std::size_t> drop_history(std::vector<RoomEvent>& events,
                                                std::string_view self);

// The timeline with each room's gap events (oldest first) put right before
// that room's first timeline event (at the end when the room has none).
// Events the timeline holds as well are dropped from the gap.
std::vector<RoomEvent> with_gaps(std::vector<RoomEvent> timeline,
                                 std::map<std::string, std::vector<RoomEvent>> gaps);

// How the adapter reads messages: the bot's own id and the command prefix.
struct InboundRules {
    std::string self;         // "@onevoice:example.org"
    std::string prefix = "!"; // before a command in a room
};

// The command in a message event, or nullopt when the event is none: not an
// m.room.message of msgtype m.text (m.notice is other bots), sent by the bot
// itself, an edit (m.replace), or in a room without the prefix. In a direct
// room any text is a command (a leading prefix is dropped). A reply's
// fallback quote ("> <@a:b> …") is removed first; a thread sets place.thread.
std::optional<bot::Command> to_command(const RoomEvent& event, const InboundRules& rules,
                                       bool is_direct, bot::TimePoint received);

// An m.annotation reaction (m.reaction): the event reacted to and the key.
struct ReactionEvent {
    std::string target;
    std::string key;
};
std::optional<ReactionEvent> reaction_of(const RoomEvent& event);

// The server name of a user id, everything after the first ':':
// "@alice:example.org:8448" → "example.org:8448"; "" without one.
std::string server_of(std::string_view user_id);

// Whether `user_id` is not of the organisation (DESIGN.md, the trust model):
// its server is none of `trusted_servers`, or, when that list is empty, not
// `own_server` (the bot's). Server names are compared exactly, except that
// the host is compared case-insensitively (DNS names are); the port must match.
bool is_outsider(std::string_view user_id, const std::vector<std::string>& trusted_servers,
                 std::string_view own_server);

// The event id the router de-duplicates on: "matrix:$event".
std::string inbound_event_id(const RoomEvent& event);

} // namespace onevoice::integrations::matrix
