#pragma once

// Internal to FakeMatrix (fake_matrix.cpp: the server, the routes and the
// public API; fake_matrix_timeline.cpp: /sync bodies and /messages). Not for tests.
#include "tests/fakes/allowance.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/test_tls.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace onevoice::tests {
namespace fake_matrix {

using nlohmann::json;

// One answer of the fake: a JSON body, or raw bytes instead.
struct Answer {
    int status = 200;
    json body = json::object();
    std::string raw; // sent instead of body when set
};

inline Answer error(int status, const std::string& errcode, const std::string& text) {
    return Answer{status, {{"errcode", errcode}, {"error", text}}, {}};
}

} // namespace fake_matrix

// Everything the fake knows. The io thread runs the server; `mutex` guards
// every field below it, since the test thread reads snapshots and sets knobs.
struct FakeMatrix::State {
    using Answer = fake_matrix::Answer;
    using json = nlohmann::json;

    explicit State(FakeMatrixOptions options_)
        : options(std::move(options_)) {}

    struct Room {
        std::set<std::string> members;
        std::vector<std::string> pinned;
        bool has_pinned = false;
    };
    struct Invite {
        std::string inviter;
        bool is_direct = false;
        std::int64_t stream = 0;
    };
    struct PendingSync {
        std::int64_t since = 0;
        json filter;
        std::function<void(HttpResponseMessage)> respond;
        std::shared_ptr<boost::asio::steady_timer> timer;
    };

    FakeMatrixOptions options;
    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{
        io.get_executor()};
    std::optional<TestCa> ca;
    std::optional<boost::asio::ssl::context> tls;
    std::unique_ptr<LoopbackHttpServer> http;
    std::thread thread;
    std::mt19937_64 random{std::random_device{}()};

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::uint64_t generation = 0;
    std::int64_t stream = 0;
    std::map<std::string, Room> rooms;
    std::vector<MatrixEvent> events;
    std::map<std::string, Invite> invites;
    std::vector<std::string> rejected;
    std::vector<std::string> created;
    std::map<std::string, std::string> raw_contents; // placeholder -> raw JSON (send_raw_event)
    std::map<std::string, std::string> media;        // content_uri -> the bytes uploaded
    std::map<std::string, std::string> direct_rooms; // room -> user
    std::int64_t direct_stream = 0;
    std::map<std::string, json> other_account_data; // type -> content, all but m.direct
    std::set<std::string> tokens;
    std::map<std::string, std::string> txns; // token + txn -> event id
    std::vector<MatrixRequest> recorded;
    std::vector<MatrixSync> syncs;
    std::vector<PendingSync> pending;
    int rate_limited = 0;
    int retry_after_ms = 0;
    Allowance send_allowance{options.send_burst, options.send_interval}; // the bot's pace
    int lost_answers = 0;
    std::optional<std::string> raw_sync;
    int timeline_cap = 0;     // limit_timelines(); 0: the filter's limit only
    int failing_messages = 0; // fail_messages()
    int failing_syncs = 0;    // fail_syncs()
    int failing_sync_status = 500;
    int stalling_syncs = 0; // stall_syncs()
    int next_token = 1;

    void touch() {
        ++generation;
        changed.notify_all();
    }
    std::string new_event_id() {
        static constexpr char k_chars[] =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        std::string id = "$";
        for (int i = 0; i < 43; ++i) {
            id += k_chars[random() % (sizeof k_chars - 1)];
        }
        return id;
    }
    // Adds an event (mutex held) and wakes waiting syncs on the io thread.
    std::string add_event(const std::string& room, const std::string& sender,
                          const std::string& type, json content,
                          std::optional<std::string> state_key = std::nullopt) {
        MatrixEvent event{room,     new_event_id(),        sender,
                          type,     std::move(content),    state_key.value_or(""),
                          ++stream, state_key.has_value(), nullptr};
        for (const MatrixEvent& earlier : events) {
            if (event.is_state && earlier.is_state && earlier.room_id == room &&
                earlier.type == type && earlier.state_key == event.state_key) {
                event.prev_content = earlier.content; // the last one wins
            }
        }
        events.push_back(event);
        touch();
        boost::asio::post(io, [this] { wake_syncs(); });
        return event.event_id;
    }
    void join(const std::string& room, const std::string& user) {
        rooms[room].members.insert(user);
        add_event(room, user, "m.room.member", {{"membership", "join"}}, user);
    }

    Answer handle(const HttpRequestMessage& request, MatrixRequest& record,
                  std::function<void(HttpResponseMessage)>& respond);
    Answer sync(const std::map<std::string, std::string>& query,
                std::function<void(HttpResponseMessage)>& respond);
    json sync_body(std::int64_t since, const json& filter);
    Answer account_data(const std::string& user, const std::string& type, bool is_put,
                        const json& body);
    // GET /rooms/{room}/messages (fake_matrix_timeline.cpp).
    Answer messages(const std::string& room, const std::map<std::string, std::string>& query);
    Answer send(const std::string& token, const std::vector<std::string>& parts, const json& body);
    static std::string content_problem(const std::string& type, const json& content);
    void wake_syncs();
    HttpResponseMessage to_message(const Answer& answer, unsigned version);
};

} // namespace onevoice::tests
