#pragma once

#include "integrations/matrix/matrix_adapter.hpp"
#include "tests/fakes/memory_state.hpp"
#include "tests/fakes/recording_sink.hpp"
#include "tests/fakes/scripted_http.hpp"

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onevoice::tests {

// A homeserver scripted with ScriptedHttp for MatrixAdapter unit tests: paths,
// answers and events shaped like the client-server API specification (v1.x),
// with the ids of tests/fixtures/matrix/*.json.
namespace matrix_script {

inline const std::string k_bot = "@onevoice:example.org";
inline const std::string k_token = "syt_b25ldm9pY2U_fakeaccesstoken_0001";
inline const std::string k_txn_prefix = "ovtest";
inline const std::string k_team = "!team:example.org";
inline const std::string k_alice = "@alice:example.org";
// Where the adapter keeps its sync token.
inline const std::string k_since = "matrix.since:" + k_bot;

// "/_matrix/client/v3" + rest.
std::string client(std::string_view rest);
// The encoded path of a room, + rest: "/_matrix/client/v3/rooms/%21team%3Aexample.org/send…".
std::string room_path(const std::string& room_id, std::string_view rest = "");
// PUT …/send/{type}/{txnId} of outbox row `id` (the adapter's txn ids, k_txn_prefix-id-part).
std::string send_path(const std::string& room_id, const std::string& type, std::int64_t id,
                      std::string_view part = "");

// 200 with `body` as JSON.
integrations::net::HttpResult ok(const nlohmann::json& body);
// `status` with the standard error body {"errcode", "error"}.
integrations::net::HttpResult error(int status, const std::string& errcode,
                                    const std::string& text);

// Room events as a /sync timeline or a /messages chunk shows them.
nlohmann::json text_event(const std::string& event_id, const std::string& sender,
                          const std::string& body, const std::string& msgtype = "m.text");
nlohmann::json reaction_event(const std::string& event_id, const std::string& sender,
                              const std::string& target, const std::string& key);
// An m.room.member event for `user` (state_key), with the membership before it.
nlohmann::json member_event(const std::string& event_id, const std::string& user,
                            const std::string& membership, const std::string& before = "");

// One joined room in a /sync answer.
struct JoinedRoom {
    JoinedRoom(std::string room_id_, std::vector<nlohmann::json> events_, bool is_limited_ = false,
               std::string prev_batch_ = "t1-before")
        : room_id(std::move(room_id_))
        , events(std::move(events_))
        , is_limited(is_limited_)
        , prev_batch(std::move(prev_batch_)) {}

    std::string room_id;
    std::vector<nlohmann::json> events; // the timeline, oldest first
    bool is_limited = false;
    std::string prev_batch = "t1-before";
};
// A /sync answer with these joined rooms (and invites: rooms.invite as given).
nlohmann::json sync_answer(const std::string& next_batch, const std::vector<JoinedRoom>& rooms,
                           const nlohmann::json& invites = nlohmann::json::object());
// A /messages page (dir=b: `events` newest first); `end` "" is the last page.
nlohmann::json messages_answer(const std::vector<nlohmann::json>& events, const std::string& end);
// tests/fixtures/matrix/<name>, parsed.
nlohmann::json fixture(const std::string& name);

} // namespace matrix_script

// A MatrixAdapter on a ScriptedHttp, a MemoryState (its txn prefix fixed to k_txn_prefix)
// and a RecordingSink, all on the test thread's io_context. `token` "" leaves out
// MATRIX_ACCESS_TOKEN; `password` "" leaves out MATRIX_PASSWORD (MATRIX_USER is "onevoice").
struct ScriptedMatrix {
    using Hold = ScriptedHttp::Hold;

    explicit ScriptedMatrix(std::string token = matrix_script::k_token, std::string password = "");

    // A new adapter on the same state, as after the bot was restarted (not started). The old
    // one's waiting sync is left unanswered.
    void restart();
    // Scripts whoami, the first sync (answered with tests/fixtures/matrix/sync.json: the bot
    // only learns from it, and joins the room it was invited to) and a second sync that waits;
    // starts the adapter and runs until that sync waits. Returns it.
    Hold start();
    void expect_whoami();
    // The next request is a /sync that waits until released.
    Hold expect_sync();
    // Answers the waiting sync `held` with `body`, after scripting the next one; runs until
    // the next one waits (whatever the test scripted before it came first). Returns it.
    Hold next_sync(Hold held, const nlohmann::json& body);
    // Runs the io loop until nothing is left to do (a waiting sync is not work).
    void run();
    bot::DeliveryResult deliver(std::int64_t id, const bot::Reply& reply);
    // A reply to the room `room_id`, with `text`.
    static bot::Reply to_room(const std::string& room_id, std::string text = "");

    // Requests whose path contains `part`, in order.
    std::vector<integrations::net::HttpRequest> requests_to(std::string_view part) const;
    // The JSON body of a request.
    static nlohmann::json body(const integrations::net::HttpRequest& request);
    // The value of `name` in a request's query, decoded.
    static std::string query(const integrations::net::HttpRequest& request,
                             const std::string& name);

    std::string token;
    std::string password;
    integrations::matrix::MatrixOptions options;
    boost::asio::io_context io;
    ScriptedHttp http{io};
    MemoryState state;
    RecordingSink sink;
    std::unique_ptr<integrations::matrix::MatrixAdapter> adapter;
};

} // namespace onevoice::tests
