#include "integrations/slack/payloads.hpp"

#include "integrations/slack/mrkdwn.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>
#include <utility>

namespace onevoice::integrations::slack {
namespace {

using nlohmann::json;

// An optional string field: missing, null or not a string reads as "".
std::string optional_string(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t optional_integer(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// A nested object, or an empty one when it is missing.
const json& optional_object(const json& j, const char* key) {
    static const json k_empty = json::object();
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : k_empty;
}

// A required, non-empty string field.
std::string required_string(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        throw std::invalid_argument(std::string("missing field \"") + key + "\"");
    }
    return it->get<std::string>();
}

const json& required_object(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_object()) {
        throw std::invalid_argument(std::string("missing object \"") + key + "\"");
    }
    return *it;
}

bool is_direct_conversation(std::string_view id) {
    // Slack ids of direct conversations (ims) start with 'D'.
    return !id.empty() && id.front() == 'D';
}

// --- the dispatch table: one parse function per envelope type (DPP event_map) ---

using ParseFn = Payload (*)(const json& envelope);

void require_envelope_id(const json& envelope) {
    (void)required_string(envelope, "envelope_id");
}

Payload parse_hello(const json& envelope) {
    return envelope.get<Hello>();
}

Payload parse_disconnect(const json& envelope) {
    return envelope.get<Disconnect>();
}

Payload parse_slash_commands(const json& envelope) {
    require_envelope_id(envelope);
    return required_object(envelope, "payload").get<SlashCommand>();
}

Payload parse_events_api(const json& envelope) {
    require_envelope_id(envelope);
    const json& payload = required_object(envelope, "payload");
    const std::string type = required_string(payload, "type");
    if (type != "event_callback") {
        return Unknown{"events_api:" + type}; // e.g. app_rate_limited
    }
    return payload.get<EventCallback>();
}

Payload parse_interactive(const json& envelope) {
    require_envelope_id(envelope);
    const json& payload = required_object(envelope, "payload");
    const std::string type = required_string(payload, "type");
    if (type != "block_actions") {
        return Unknown{"interactive:" + type}; // view_submission, shortcut, ...
    }
    return payload.get<BlockActions>();
}

constexpr std::array<std::pair<std::string_view, ParseFn>, 5> k_parsers{{
    {"hello", &parse_hello},
    {"disconnect", &parse_disconnect},
    {"slash_commands", &parse_slash_commands},
    {"events_api", &parse_events_api},
    {"interactive", &parse_interactive},
}};

// Removes a leading <@BOT> or <@BOT|name>, then a ':' or ',' and white space.
std::string_view strip_bot_mention(std::string_view text, std::string_view bot_user_id) {
    const auto first = text.find_first_not_of(" \t\n");
    if (bot_user_id.empty() || first == std::string_view::npos) {
        return text;
    }
    std::string_view rest = text.substr(first);
    const std::string opening = "<@" + std::string(bot_user_id);
    if (rest.substr(0, opening.size()) != opening || rest.size() == opening.size() ||
        (rest[opening.size()] != '>' && rest[opening.size()] != '|')) {
        return text;
    }
    const auto close = rest.find('>');
    if (close == std::string_view::npos) {
        return text;
    }
    rest.remove_prefix(close + 1);
    if (!rest.empty() && (rest.front() == ':' || rest.front() == ',')) {
        rest.remove_prefix(1);
    }
    const auto start = rest.find_first_not_of(" \t\n");
    return start == std::string_view::npos ? std::string_view() : rest.substr(start);
}

} // namespace

void from_json(const json& j, Hello& hello) {
    hello.num_connections = static_cast<int>(optional_integer(j, "num_connections"));
    hello.app_id = optional_string(optional_object(j, "connection_info"), "app_id");
    const json& debug = optional_object(j, "debug_info");
    hello.host = optional_string(debug, "host");
    hello.approximate_connection_time = optional_integer(debug, "approximate_connection_time");
}

void from_json(const json& j, Disconnect& disconnect) {
    disconnect.reason = required_string(j, "reason");
    disconnect.host = optional_string(optional_object(j, "debug_info"), "host");
}

void from_json(const json& j, SlashCommand& command) {
    command.command = required_string(j, "command");
    command.text = optional_string(j, "text");
    command.user_id = required_string(j, "user_id");
    command.user_name = optional_string(j, "user_name");
    command.channel_id = required_string(j, "channel_id");
    command.channel_name = optional_string(j, "channel_name");
    command.team_id = optional_string(j, "team_id");
    command.enterprise_id = optional_string(j, "enterprise_id");
    command.response_url = optional_string(j, "response_url");
    command.trigger_id = required_string(j, "trigger_id");
}

void from_json(const json& j, Event& event) {
    event.type = required_string(j, "type");
    event.user = optional_string(j, "user");
    event.text = optional_string(j, "text");
    event.channel = optional_string(j, "channel");
    event.channel_type = optional_string(j, "channel_type");
    event.ts = optional_string(j, "ts");
    event.thread_ts = optional_string(j, "thread_ts");
    event.subtype = optional_string(j, "subtype");
    event.bot_id = optional_string(j, "bot_id");
    event.is_edited = j.contains("edited") && !j.at("edited").is_null();
    event.team = optional_string(j, "team");
    event.user_team = optional_string(j, "user_team");
    event.source_team = optional_string(j, "source_team");
    // A mention always has an author, a place and a time; a plain message at
    // least a place and a time (subtypes such as bot_message have no user).
    if (event.type == "app_mention") {
        (void)required_string(j, "user");
    }
    if (event.type == "app_mention" || event.type == "message") {
        (void)required_string(j, "channel");
        (void)required_string(j, "ts");
    }
}

void from_json(const json& j, EventCallback& callback) {
    callback.team_id = optional_string(j, "team_id");
    callback.enterprise_id = optional_string(j, "enterprise_id");
    callback.api_app_id = optional_string(j, "api_app_id");
    callback.event_id = required_string(j, "event_id");
    callback.event_time = optional_integer(j, "event_time");
    callback.event = required_object(j, "event").get<Event>();
}

void from_json(const json& j, ActionItem& item) {
    item.action_id = required_string(j, "action_id");
    item.block_id = optional_string(j, "block_id");
    item.value = optional_string(j, "value");
    item.type = optional_string(j, "type");
    item.action_ts = required_string(j, "action_ts");
}

void from_json(const json& j, BlockActions& actions) {
    const json& user = required_object(j, "user");
    actions.user_id = required_string(user, "id");
    actions.user_name = optional_string(user, "username");
    if (actions.user_name.empty()) {
        actions.user_name = optional_string(user, "name");
    }
    actions.team_id = optional_string(user, "team_id");
    if (actions.team_id.empty()) {
        actions.team_id = optional_string(optional_object(j, "team"), "id");
    }
    const json& container = optional_object(j, "container");
    const json& message = optional_object(j, "message");
    actions.channel_id = optional_string(optional_object(j, "channel"), "id");
    if (actions.channel_id.empty()) {
        actions.channel_id = required_string(container, "channel_id");
    }
    actions.message_ts = optional_string(container, "message_ts");
    if (actions.message_ts.empty()) {
        actions.message_ts = optional_string(message, "ts");
    }
    actions.thread_ts = optional_string(container, "thread_ts");
    if (actions.thread_ts.empty()) {
        actions.thread_ts = optional_string(message, "thread_ts");
    }
    actions.response_url = optional_string(j, "response_url");
    actions.trigger_id = optional_string(j, "trigger_id");
    const auto list = j.find("actions");
    if (list == j.end() || !list->is_array() || list->empty()) {
        throw std::invalid_argument("missing field \"actions\"");
    }
    actions.actions = list->get<std::vector<ActionItem>>();
}

ParsedEnvelope parse_envelope(std::string_view text) {
    ParsedEnvelope out;
    out.payload = Malformed{"not JSON"};
    const json envelope = json::parse(text.begin(), text.end(), nullptr, false);
    if (envelope.is_discarded()) {
        return out;
    }
    if (!envelope.is_object()) {
        out.payload = Malformed{"not a JSON object"};
        return out;
    }
    out.envelope_id = optional_string(envelope, "envelope_id");
    out.type = optional_string(envelope, "type");
    out.retry_attempt = static_cast<int>(optional_integer(envelope, "retry_attempt"));
    out.retry_reason = optional_string(envelope, "retry_reason");
    const auto accepts = envelope.find("accepts_response_payload");
    out.accepts_response_payload =
        accepts != envelope.end() && accepts->is_boolean() && accepts->get<bool>();
    if (out.type.empty()) {
        out.payload = Malformed{"missing field \"type\""};
        return out;
    }
    for (const auto& [name, parse] : k_parsers) {
        if (name == out.type) {
            try {
                out.payload = parse(envelope);
            } catch (const std::exception& e) {
                out.payload = Malformed{out.type + ": " + e.what()};
            }
            return out;
        }
    }
    out.payload = Unknown{out.type};
    return out;
}

bot::Command to_command(const SlashCommand& command, bot::TimePoint received_at) {
    bot::Command out;
    out.event_id = "slack:cmd:" + command.trigger_id;
    out.user = bot::UserRef{"slack", command.user_id, command.user_name, {}};
    out.place =
        bot::Place{"slack", command.channel_id, {}, is_direct_conversation(command.channel_id)};
    out.name = !command.command.empty() && command.command.front() == '/'
                   ? command.command.substr(1)
                   : command.command;
    out.text = to_command_text(command.text);
    out.received_at = received_at;
    return out;
}

std::optional<bot::Command> to_command(const EventCallback& callback, const BotIdentity& bot,
                                       bot::TimePoint received_at) {
    const Event& event = callback.event;
    const bool is_direct = event.channel_type == "im" || is_direct_conversation(event.channel);
    // Bots (ourselves included) never give commands, and an edit or any other
    // subtype (message_changed, channel_join, file_share...) is not one.
    if (event.user.empty() || event.user == bot.user_id || !event.bot_id.empty() ||
        !event.subtype.empty() || event.is_edited) {
        return std::nullopt;
    }
    // In a direct conversation only the `message` event counts, so a mention
    // there cannot run the command twice; elsewhere only the app_mention does.
    const bool is_command = event.type == "app_mention" ? !is_direct
                            : event.type == "message"   ? is_direct
                                                        : false;
    if (!is_command) {
        return std::nullopt;
    }
    bot::Command out;
    out.event_id = "slack:" + callback.event_id;
    out.user = bot::UserRef{"slack", event.user, {}, {}};
    // A mention in a channel is answered in the channel; one in a thread, in
    // that thread.
    out.place = bot::Place{"slack", event.channel, event.thread_ts, is_direct};
    out.text = to_command_text(strip_bot_mention(event.text, bot.user_id));
    out.received_at = received_at;
    out.message = event.ts;
    return out;
}

std::vector<bot::Action> to_actions(const BlockActions& actions, bot::TimePoint received_at) {
    std::vector<bot::Action> out;
    out.reserve(actions.actions.size());
    for (const ActionItem& item : actions.actions) {
        bot::Action action;
        action.event_id = "slack:act:" + item.action_ts + ":" + item.action_id;
        action.action_id = item.action_id;
        action.value = item.value;
        action.user = bot::UserRef{"slack", actions.user_id, actions.user_name, {}};
        action.place = bot::Place{"slack", actions.channel_id, actions.thread_ts,
                                  is_direct_conversation(actions.channel_id)};
        action.source_message = actions.message_ts;
        action.received_at = received_at;
        out.push_back(std::move(action));
    }
    return out;
}

} // namespace onevoice::integrations::slack
