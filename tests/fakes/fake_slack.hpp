#pragma once

#include "tests/fakes/leeway.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::tests {

// Who the fake workspace is and how it behaves. The ids match
// tests/fixtures/slack/*.json, so fixture payloads fit in.
struct FakeSlackOptions {
    bool uses_tls = false; // https:// and wss:// with a certificate of a test CA made at start
    std::string app_token = "xapp-1-A0F7YS25R-1700000000000-fakeapptoken";
    std::string bot_token = "xoxb-1700000000-1700000001-fakebottoken";
    std::string bot_user_id = "U0BOT1V0C";
    std::string bot_id = "B0BOT1V0C";
    std::string app_id = "A0F7YS25R";
    std::string team_id = "T061EG9R6";
    // The Enterprise Grid organisation of the workspace (auth.test enterprise_id); "": none.
    std::string enterprise_id;
    // After a `disconnect`, Slack keeps the old connection until the client
    // closes it; the fake closes it itself after this long.
    std::chrono::milliseconds disconnect_grace = std::chrono::seconds(5);

    // Every Web API answer is sent this much after the request came (the call is done and
    // recorded at once): Slack's own latency, for a test whose kills should fall while the bot
    // waits for Slack. 0: at once.
    std::chrono::milliseconds answer_delay{0};

    // ---- Slack's documented rules, on by default: a test that turns one off says why ----
    // Every envelope must be acknowledged within 3 seconds
    // (https://api.slack.com/apis/connections/socket-implement#acknowledge). A later ack is
    // recorded (late_acks()), and the fake's destructor fails the running test for it. The
    // sanitizer build runs the bot several times slower, and its deadline grows with it.
    std::chrono::milliseconds ack_deadline = leeway(std::chrono::milliseconds(3000));
    bool fails_late_acks = true;
    // An events_api envelope not acknowledged by the deadline (or whose connection closed
    // first) is sent again as a new envelope with the same event, retry_attempt + 1 and
    // retry_reason "timeout": at once, after 1 minute and after 5 minutes, then never
    // (https://api.slack.com/apis/events-api#retries). Slash commands and interactions are
    // never sent again: the user sees an error.
    std::vector<std::chrono::milliseconds> retry_delays{
        std::chrono::minutes(0), std::chrono::minutes(1), std::chrono::minutes(5)};
    // The delays between retries pass this many times faster (the ack deadline does not),
    // so that a test sees all three retries in seconds: at once, after 3 s, after 15 s.
    int retry_speedup = 20;
    // chat.postMessage takes about one message per second per channel, with short bursts
    // (https://api.slack.com/docs/rate-limits#special-rate-limits): beyond `channel_burst`
    // messages, HTTP 429 "ratelimited" with Retry-After. 0: no limit.
    int channel_burst = 10;
    std::chrono::milliseconds channel_interval = std::chrono::seconds(1);
    // The conversations the bot was invited to. It is also in its direct conversations
    // and in the channels it made; posting anywhere else gets "not_in_channel".
    std::vector<std::string> bot_channels{"C0TEAM0001"};
};

// An envelope acknowledged after the deadline: Slack had already given up on it.
struct LateAck {
    std::string envelope_id;
    std::string type; // events_api, slash_commands, interactive
    std::chrono::milliseconds after{0};
};

// One Web API request as the fake received it.
struct ApiCall {
    std::string method;       // "chat.postMessage"; "response_url" for POSTs to a response_url
    nlohmann::json args;      // the JSON body, or the form / query fields as strings
    std::string content_type; // as sent
    std::string token;        // the bearer token (or form `token`) presented, "" if none
    int status = 0;           // HTTP status of the answer
    nlohmann::json response;  // the JSON answered
    std::chrono::steady_clock::time_point at;
    bool ok() const { return status == 200 && response.value("ok", false); }
};

// One websocket message from the client that carried an envelope_id.
struct EnvelopeAck {
    std::string envelope_id;
    int connection = 0; // FakeConnection::index it came on
    nlohmann::json message;
    std::chrono::steady_clock::time_point at;
};

// One message the fake wrote to a Socket Mode connection (hello and
// disconnect included, raw text too).
struct SentFrame {
    std::string envelope_id; // "" for hello, disconnect and raw text
    std::string type;        // the envelope's type, "" for raw text
    int connection = 0;
    std::string text;
    std::chrono::steady_clock::time_point at;
};

// A Socket Mode connection; `index` counts from 1 in accept order.
struct FakeConnection {
    int index = 0;
    std::chrono::steady_clock::time_point opened_at;
    std::optional<std::chrono::steady_clock::time_point> closed_at;
    bool is_retiring = false;         // a `disconnect` was sent on it
    bool is_closed_by_server = false; // the fake closed or dropped it
    bool is_silent = false;
};

// A message as the fake workspace stores it (chat.postMessage / postEphemeral,
// changed by chat.update, pins.add and reactions.add).
struct PostedMessage {
    std::string channel;
    std::string ts;
    std::string thread_ts;
    std::string text;
    nlohmann::json blocks;      // null when none were sent
    nlohmann::json metadata;    // message metadata (event_type, event_payload); null if none
    std::string ephemeral_user; // set for chat.postEphemeral
    int updates = 0;
    bool is_pinned = false;
    std::vector<std::string> reactions;
};

// A file shared through files.getUploadURLExternal, a POST of its bytes to the
// upload URL and files.completeUploadExternal (https://api.slack.com/messaging/files).
struct UploadedFile {
    std::string id; // "F…"
    std::string filename;
    std::string content; // the bytes POSTed to the upload URL
    std::string title;
    std::string channel; // set by files.completeUploadExternal
    std::string thread_ts;
    std::string initial_comment;
    bool is_completed = false;
};

// A channel made by conversations.create, with the members conversations.invite
// added (the bot, its creator, is a member from the start).
struct FakeChannel {
    std::string id; // "C…"
    std::string name;
    bool is_private = false;
    std::vector<std::string> members;
};

// A person of users.info (https://api.slack.com/types/user). Their workspace and
// organisation also shape what Slack sends for them: the slash command's team_id and
// enterprise_id, a message's team (with user_team and source_team when it is not the
// fake's workspace, as in a Slack Connect channel), a button press's user.team_id.
struct FakeUser {
    std::string id;
    std::string name{};
    std::string tz = "Europe/Berlin";
    std::string team_id{};            // "": the fake's workspace
    std::string enterprise_id{};      // "": the fake's organisation when team_id is "", else none
    bool is_restricted = false;       // a multi-channel guest
    bool is_ultra_restricted = false; // a single-channel guest
};

// A slash command typed by a user (https://api.slack.com/interactivity/slash-commands).
struct SlashCommandSpec {
    std::string command = "/team";
    std::string text; // as Slack sends it: &, <, > typed by the user arrive escaped
    std::string user_id = "U024BE7LH";
    std::string user_name = "alice";
    std::string channel_id = "C0TEAM0001";
    std::string channel_name = "social-team";
};

// How an events_api envelope is delivered: empty event_id = a fresh one.
// A redelivery has the same event_id, retry_attempt > 0 and a retry_reason.
struct EventDelivery {
    std::string event_id;
    int retry_attempt = 0;
    std::string retry_reason;
    // 0: the current connection. Else that connection (FakeConnection::index), warned or not,
    // as Slack may still send on a warned one after its successor's hello; dropped if closed.
    int connection = 0;
};

// A button press (https://api.slack.com/reference/interaction-payloads/block-actions).
struct BlockActionSpec {
    std::string action_id;
    std::string value;
    std::string message_ts; // the message the button is on
    std::string channel_id = "C0TEAM0001";
    std::string thread_ts;
    std::string block_id = "actions";
    std::string user_id = "U024BE7LH";
    std::string user_name = "alice";
    bool is_ephemeral = false; // the message is one chat.postEphemeral showed the user
};

// An in-process fake of Slack: the Web API under /api/ and the Socket Mode
// websocket, on 127.0.0.1 (port 0), with payloads shaped as Slack's API docs
// show them. It runs its own io_context on a background thread.
//
// Web API: the bearer token (or form field `token`) is checked first — the app token only for
// apps.connections.open, the bot token for everything else, either for auth.test (missing:
// not_authed; the other kind: not_allowed_token_type; anything else: invalid_auth) — then the
// knobs. auth.test, apps.connections.open, chat.postMessage, chat.postEphemeral, chat.update,
// conversations.open, users.info, pins.add, pins.remove, reactions.add, conversations.create,
// conversations.invite, conversations.history and conversations.replies (newest first, or the
// thread oldest first; metadata with include_all_metadata) and the file upload methods answer like
// Slack; other methods get
// unknown_method. users.info and files.getUploadURLExternal read only
// form or query arguments, as Slack's do (a JSON body is not seen). Every call is recorded. Message
// ts values are unique and increasing; conversations.open gives each user one "D…" channel. POSTs
// to a response_url are recorded as method "response_url".
//
// Socket Mode: apps.connections.open returns a ws(s):// URL with a ticket;
// each connection gets a `hello` first. Envelopes go to the newest live
// connection that was not sent a `disconnect`; with none, they wait and go
// to the next connection after its hello (as Slack holds events while the
// app is away). Every message with an envelope_id from the client is
// recorded as an ack, with its connection.
//
// Thread-safety: every public member may be called from any thread (the test
// thread); sends are posted to the fake's io thread in call order; snapshots
// copy under a lock. The destructor stops the thread and closes everything.
class FakeSlack {
public:
    explicit FakeSlack(FakeSlackOptions options = {});
    ~FakeSlack();
    FakeSlack(const FakeSlack&) = delete;
    FakeSlack& operator=(const FakeSlack&) = delete;

    const FakeSlackOptions& options() const;
    // "http://127.0.0.1:PORT/api/" ("https://…" with tls): SLACK_API_URL.
    std::string api_url() const;
    // The CA certificate (PEM file) that signed the server certificate; "" without tls.
    std::string ca_file() const;

    // ---- Socket Mode: what Slack sends (each returns the envelope_id) ----
    std::string send_slash_command(const SlashCommandSpec& spec);
    // An event_callback around `event` (an app_mention or message event).
    std::string send_event(const nlohmann::json& event, const EventDelivery& delivery = {});
    // "<@BOT> …" in a channel, and a message in the user's direct conversation.
    std::string send_app_mention(const std::string& text, const EventDelivery& delivery = {},
                                 const std::string& user = "U024BE7LH",
                                 const std::string& channel = "C0TEAM0001");
    std::string send_direct_message(const std::string& text, const EventDelivery& delivery = {},
                                    const std::string& user = "U024BE7LH",
                                    const std::string& channel = "D0ALICE001");
    std::string send_block_actions(const BlockActionSpec& spec);
    // Any envelope; an envelope_id is added when it has none.
    std::string send_envelope(nlohmann::json envelope);
    // Text exactly as given (malformed JSON, fixtures), on the current connection.
    void send_raw(std::string text);
    // A `disconnect` on the current connection; it then gets no more envelopes
    // and is closed by the fake after disconnect_grace unless the client does.
    void send_disconnect(const std::string& reason = "refresh_requested");
    // Closes the current connection's TCP socket without a close frame.
    void drop_connection();
    // The newest open connection gets the first half of an events_api envelope carrying `text`
    // as an app mention, then a TCP reset; Slack sends it again (retry_delays).
    std::string cut_mid_message(const std::string& text);
    // The current connection gets nothing more (no envelopes, frames ignored).
    void go_silent();
    // New connections never read (pings unanswered) and get no hello.
    void set_silent_on_accept(bool silent);
    // Every new connection gets a `warning` disconnect right after its hello (a server warning
    // all connections at once), until set back to false.
    void set_warn_on_hello(bool warn);

    // ---- Knobs ----
    // The next `count` calls of `method` get HTTP 429 with Retry-After: seconds.
    void rate_limit(const std::string& method, int count, int retry_after_seconds);
    // The next `count` calls of `method` get HTTP `status` (a 5xx outage) with an error body.
    void fail_http(const std::string& method, int count, int status = 500);
    // The next `count` calls of `method` are done (a message posted) but answered HTTP 500, as
    // when the answer is lost on the way.
    void lose_answers(const std::string& method, int count);
    // The next `count` calls of `method` get {"ok": false, "error": error}.
    void fail_next(const std::string& method, int count, const std::string& error);
    // users.info answers for `id` with this name and time zone (else a made-up user).
    void add_user(const std::string& id, const std::string& name,
                  const std::string& tz = "Europe/Berlin");
    void add_user(const FakeUser& user);

    // ---- Snapshots ----
    std::vector<ApiCall> calls() const;
    std::vector<ApiCall> calls(std::string_view method) const;
    std::vector<EnvelopeAck> acks() const;
    std::vector<SentFrame> sent() const;
    std::vector<FakeConnection> connections() const;
    std::vector<PostedMessage> messages() const;
    std::vector<UploadedFile> files() const;
    std::vector<FakeChannel> channels() const;
    std::vector<std::string> received_other() const; // client frames without an envelope_id
    int ack_count(std::string_view envelope_id) const;
    // Cheap counts for polling: acks in all, calls of `method` (only those answered ok).
    int total_acks() const;
    int call_count(std::string_view method, bool ok_only = false) const;
    int hellos() const;       // hello messages sent
    int redeliveries() const; // envelopes sent again because they were not acknowledged
    std::vector<LateAck> late_acks() const;
    // Events Slack still means to send: not acknowledged yet and not given up on, or held
    // for the next connection.
    int owed() const;

    // Waits until `done()` holds or the deadline passes; returns done(). Wakes
    // on every recorded change (and at least every 50 ms). `done` may use the
    // snapshots: no lock is held while it runs.
    bool wait_for(const std::function<bool()>& done,
                  std::chrono::milliseconds deadline = std::chrono::seconds(10)) const;

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace onevoice::tests
