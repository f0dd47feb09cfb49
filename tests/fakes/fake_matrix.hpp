#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::tests {

// Who the fake homeserver is. The ids match tests/fixtures/matrix/*.json.
struct FakeMatrixOptions {
    bool uses_tls = false; // https:// with a certificate of a test CA made at start
    std::string server_name = "example.org";
    std::string bot_user = "@onevoice:example.org";
    std::string access_token = "syt_b25ldm9pY2U_fakeaccesstoken_0001";
    std::string password = "correct horse battery staple";

    // ---- A homeserver's rules, on by default: a test that turns one off says why ----
    // Sends are paced per user as Synapse's default rc_message (0.2 a second, a burst of
    // 10), ten times faster: beyond the burst, 429 M_LIMIT_EXCEEDED with retry_after_ms.
    // 0: no limit.
    int send_burst = 10;
    std::chrono::milliseconds send_interval = std::chrono::milliseconds(500);
};

// One client-server API request as the fake received it.
struct MatrixRequest {
    std::string method;      // "PUT"
    std::string path;        // "/_matrix/client/v3/rooms/!team:example.org/send/…", decoded
    std::string query;       // raw, after '?'
    std::string token;       // the bearer token presented, "" if none
    nlohmann::json body;     // the JSON body (null when none or not JSON)
    int status = 0;          // HTTP status of the answer
    nlohmann::json response; // the JSON answered (null when not JSON)
    std::chrono::steady_clock::time_point at; // when it arrived
};

// One GET /sync as the fake received it: the stream position its `since` token names (0: none,
// a first sync; -1: a token the fake never gave) and when it came. A token covers every event
// whose MatrixEvent::stream is at or below its position: a client asks with it once it has
// handled the events before it (Matrix's acknowledgement), and is sent none of them again.
struct MatrixSync {
    std::int64_t since = 0;
    std::chrono::steady_clock::time_point at;
};

// An event in a room, as the fake stores it.
struct MatrixEvent {
    std::string room_id;
    std::string event_id;
    std::string sender;
    std::string type;
    nlohmann::json content;
    std::string state_key; // for state events
    std::int64_t stream = 0;
    bool is_state = false;
    nlohmann::json prev_content; // m.room.member: the content before (null: none)
};

// An in-process fake Matrix homeserver on 127.0.0.1 (port 0), with the
// client-server API shapes of the specification (v1.x): POST /login
// (m.login.password), GET /account/whoami, GET /sync (since, timeout as a
// real long-poll, filter checked to be JSON, timeline limit honoured, invites,
// m.direct account data, limited timelines with a prev_batch),
// GET /rooms/{room}/messages (dir, from, to, limit, filter types; `end` left
// out when nothing further), POST /join/{room}, POST /rooms/{room}/leave,
// PUT /rooms/{room}/send/{type}/{txnId} (idempotent per access token and
// txnId, as the spec requires; an m.room.message needs a string msgtype and body, an m.reaction
// an m.annotation relation with event_id and key: else 400 M_BAD_JSON), GET/PUT
// /rooms/{room}/state/m.room.pinned_events, GET/PUT /user/{user}/account_data/{type} (m.direct
// feeds the sync), POST /createRoom, POST /_matrix/media/v3/upload. Every other path: 404
// M_UNRECOGNIZED. Unknown tokens: 401 M_UNKNOWN_TOKEN.
//
// As a real homeserver with history_visibility "shared" (the default): a room
// the bot joined since the sync's `since` comes with its recent history, up
// to the timeline limit (limited when there is more), the bot's own join
// event among it; membership events carry unsigned.prev_content.
//
// Thread-safety: public members may be called from any thread; the fake runs
// its own io thread. The destructor stops it and closes every connection.
class FakeMatrix {
public:
    explicit FakeMatrix(FakeMatrixOptions options = {});
    ~FakeMatrix();
    FakeMatrix(const FakeMatrix&) = delete;
    FakeMatrix& operator=(const FakeMatrix&) = delete;

    const FakeMatrixOptions& options() const;
    // "http://127.0.0.1:PORT" (https with tls): MATRIX_HOMESERVER.
    std::string homeserver() const;
    std::string ca_file() const; // "" without tls

    // ---- The world ----
    // A room with these users joined (the bot is not unless `bot_joined`).
    void create_room(const std::string& room_id, const std::vector<std::string>& members,
                     bool bot_joined = false);
    // `user` joins `room_id` (a member event with their display name). Wakes a waiting /sync.
    void join_user(const std::string& room_id, const std::string& user,
                   const std::string& display_name);
    // A message event from `sender`; returns its event id. Wakes a waiting /sync.
    std::string send_text(const std::string& room_id, const std::string& sender,
                          const std::string& body, const std::string& msgtype = "m.text");
    // Any room event (content as given); returns its event id.
    std::string send_event(const std::string& room_id, const std::string& sender,
                           const std::string& type, const nlohmann::json& content);
    // An event whose content is `raw_content` exactly, spliced as it is into
    // the JSON of every answer that shows it (so it may hold what no JSON
    // library writes, e.g. an unpaired surrogate "\ud800"). Its MatrixEvent
    // content is a placeholder string.
    std::string send_raw_event(const std::string& room_id, const std::string& sender,
                               const std::string& type, const std::string& raw_content);
    // `inviter` invites the bot to `room_id` (created when unknown).
    void invite_bot(const std::string& room_id, const std::string& inviter, bool is_direct);
    // Sets the bot's m.direct account data: `user` has the direct room `room_id`.
    void set_direct(const std::string& user, const std::string& room_id);

    // ---- Knobs ----
    // The next `count` sends get 429 M_LIMIT_EXCEEDED with retry_after_ms.
    void rate_limit_sends(int count, int retry_after_ms);
    // The next `count` sends are stored, but answered 504 (a proxy timed out).
    void lose_send_answers(int count);
    // Every token known so far is invalid from now on (M_UNKNOWN_TOKEN).
    void revoke_tokens();
    // From now on a /sync timeline holds at most the last `max_events` new
    // events of a room; when there were more it says limited: true, and its
    // prev_batch leads /messages to the rest. 0: only the filter's limit.
    void limit_timelines(int max_events);
    // The next `count` GET /sync are answered `status` M_UNKNOWN (an outage).
    void fail_syncs(int count, int status = 500);
    // The next `count` GET /sync are never answered: the connection stays open and silent.
    void stall_syncs(int count);
    // The next `count` GET /rooms/{room}/messages are answered 500 M_UNKNOWN.
    void fail_messages(int count);
    // The next /sync is answered 200 with this body exactly.
    void answer_next_sync_raw(std::string body);

    // ---- Snapshots ----
    std::vector<MatrixRequest> requests() const;
    // Every GET /sync in arrival order, and the highest position any of them asked from: the
    // events at or below it are acknowledged.
    std::vector<MatrixSync> syncs() const;
    std::int64_t acknowledged_through() const;
    // Requests whose method is `method` and whose path contains `part`.
    int count(std::string_view method, std::string_view part = "") const;
    std::vector<MatrixEvent> events(const std::string& room_id) const;
    // m.room.message events the bot sent to `room_id`, in order.
    std::vector<MatrixEvent> bot_messages(const std::string& room_id) const;
    std::vector<std::string> pinned(const std::string& room_id) const;
    bool is_bot_joined(const std::string& room_id) const;
    std::vector<std::string> rejected_invites() const;
    // The bot's m.direct account data, turned around: room -> user.
    std::map<std::string, std::string> direct_rooms() const;
    // The room ids /createRoom made, in order.
    std::vector<std::string> created_rooms() const;
    // The bytes uploaded to the media repository as `content_uri` ("mxc://…"); "" if none.
    std::string media(const std::string& content_uri) const;

    // Waits until `done()` holds or the deadline passes; returns done(). Wakes
    // on every recorded change (and at least every 50 ms).
    bool wait_for(const std::function<bool()>& done,
                  std::chrono::milliseconds deadline = std::chrono::seconds(10)) const;

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace onevoice::tests
