#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/model.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace onevoice::integrations::slack {

// Typed views of the Socket Mode envelopes and the payloads inside them, one
// struct per payload (mtxclient lib/structs). Field names follow Slack's docs:
// https://api.slack.com/apis/connections/socket-implement (envelopes),
// https://api.slack.com/interactivity/slash-commands (slash commands),
// https://api.slack.com/apis/connections/events-api (event_callback),
// https://api.slack.com/reference/interaction-payloads/block-actions.
// Each `from_json` throws std::invalid_argument when a required field is
// missing or empty (nlohmann::json::exception on a wrong type inside a list);
// parse_envelope() turns either into Malformed.

// `hello`: the connection is ready. Only informational fields.
struct Hello {
    int num_connections = 0;
    std::string app_id;                           // connection_info.app_id
    std::string host;                             // debug_info.host
    std::int64_t approximate_connection_time = 0; // seconds until Slack refreshes
};

// `disconnect`: Slack will close this connection. `reason` is
// refresh_requested, warning (close in about 10 s) or link_disabled (Socket
// Mode was turned off for the app: fatal).
struct Disconnect {
    std::string reason;
    std::string host;
    bool is_fatal() const { return reason == "link_disabled"; }
};

// The payload of a `slash_commands` envelope. There is no event id and no
// thread: a slash command is always typed at the top of a conversation.
struct SlashCommand {
    std::string command; // "/idea"
    std::string text;    // everything after the command, Slack-escaped
    std::string user_id;
    std::string user_name;
    std::string channel_id;
    std::string channel_name;
    // The workspace the command was typed in, and its Enterprise Grid organisation ("" outside
    // a Grid). Slack runs a slash command only for members of a workspace that installed the
    // app, so this is the user's own workspace; external users in a Slack Connect channel
    // reach the bot by mentions and messages, whose events name their team.
    std::string team_id;
    std::string enterprise_id;
    std::string response_url;
    std::string trigger_id;
};

// The `event` of an event_callback; only the fields of message-like events.
struct Event {
    std::string type; // app_mention, message, reaction_added, ...
    std::string user;
    std::string text;
    std::string channel;
    std::string channel_type; // "im" for a direct message with the bot
    std::string ts;
    std::string thread_ts;
    std::string subtype;
    std::string bot_id;
    bool is_edited = false;
    // The author's workspace. `team` is on every user message; `user_team` (with
    // `source_team`, the workspace the message was posted from) is added when the author
    // belongs to another workspace or organisation than the one receiving the event (Slack
    // Connect). Use author_team().
    std::string team;
    std::string user_team;
    std::string source_team;
    std::string author_team() const { return user_team.empty() ? team : user_team; }
};

// The payload of an `events_api` envelope (type event_callback). `team_id` and
// `enterprise_id` name the workspace that receives the event (the installation), never the
// author: that is the event's author_team().
struct EventCallback {
    std::string team_id;
    std::string enterprise_id;
    std::string api_app_id;
    std::string event_id;
    std::int64_t event_time = 0;
    Event event;
};

// One pressed element of a block_actions payload.
struct ActionItem {
    std::string action_id;
    std::string block_id;
    std::string value;
    std::string type;
    std::string action_ts;
};

// The payload of an `interactive` envelope of type block_actions.
struct BlockActions {
    std::string user_id;
    std::string user_name;  // user.username, else user.name
    std::string team_id;    // the presser's workspace: user.team_id, else team.id
    std::string channel_id; // channel.id, else container.channel_id
    std::string message_ts; // container.message_ts, else message.ts
    std::string thread_ts;  // container.thread_ts, else message.thread_ts
    std::string response_url;
    std::string trigger_id;
    std::vector<ActionItem> actions;
};

// A well-formed envelope of a type (or payload type) the bot does not handle,
// e.g. "interactive:view_submission". Logged at debug level and acked.
struct Unknown {
    std::string type;
};

// Text that is not JSON or lacks a required field; `error` says what.
struct Malformed {
    std::string error;
};

using Payload =
    std::variant<Hello, Disconnect, SlashCommand, EventCallback, BlockActions, Unknown, Malformed>;

// One websocket message from Slack. `envelope_id` is empty for hello and
// disconnect, and for text too broken to read it; otherwise it is set even
// when the payload is Malformed or Unknown, so the adapter can still ack.
struct ParsedEnvelope {
    std::string envelope_id;
    std::string type;
    int retry_attempt = 0;    // events_api only: > 0 for a redelivery
    std::string retry_reason; // events_api only: e.g. "timeout"
    bool accepts_response_payload = false;
    Payload payload;
};

// Parses one websocket text frame. Never throws.
ParsedEnvelope parse_envelope(std::string_view text);

void from_json(const nlohmann::json& j, Hello& hello);
void from_json(const nlohmann::json& j, Disconnect& disconnect);
void from_json(const nlohmann::json& j, SlashCommand& command);
void from_json(const nlohmann::json& j, Event& event);
void from_json(const nlohmann::json& j, EventCallback& callback);
void from_json(const nlohmann::json& j, ActionItem& item);
void from_json(const nlohmann::json& j, BlockActions& actions);

// Who the bot is in this workspace (from auth.test): its own messages and
// mentions are recognised by `user_id`; `team_id` is the installing workspace and
// `enterprise_id` its Enterprise Grid organisation ("" outside a Grid), whose people are
// colleagues (circles.hpp).
struct BotIdentity {
    std::string user_id;
    std::string team_id;
    std::string enterprise_id{};
};

// A slash command as a neutral Command: `name` is the command without '/'
// ("onevoice" stays "onevoice"; the router takes the next word), `event_id` is
// "slack:cmd:" + trigger_id, since slash commands carry no event id.
bot::Command to_command(const SlashCommand& command, bot::TimePoint received_at);

// An app_mention in a channel, or a message in a direct conversation with the
// bot, as a Command with event id "slack:" + event_id (the same on a retry).
// The leading bot mention is removed; a thread_ts becomes the place's thread.
// Returns nullopt for events the bot ignores: its own and other bots'
// messages, edits and any other subtype, messages in channels (commands there
// arrive as app_mention), mentions in direct conversations (the message event
// there is the command), and other event types. The author's circle is the adapter's
// to decide (circles.hpp): it needs users.info.
std::optional<bot::Command> to_command(const EventCallback& callback, const BotIdentity& bot,
                                       bot::TimePoint received_at);

// One Action per pressed element, event id "slack:act:" + action_ts + ":" +
// action_id, which stays the same when Slack redelivers the envelope.
std::vector<bot::Action> to_actions(const BlockActions& actions, bot::TimePoint received_at);

} // namespace onevoice::integrations::slack
