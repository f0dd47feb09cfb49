#pragma once

// Internal to FakeSlack (fake_slack.cpp: Socket Mode and the public API;
// fake_slack_web_api.cpp: the Web API methods). Not for tests.
#include "tests/fakes/allowance.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/test_tls.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>

namespace onevoice::tests {

// Everything the fake knows. The io thread runs the servers; `mutex` guards
// every field below it, since the test thread reads snapshots and sets knobs.
struct FakeSlack::State {
    explicit State(FakeSlackOptions options_)
        : options(std::move(options_)) {}

    struct Conn {
        FakeConnection info;
        std::shared_ptr<LoopbackWsServer::Session> session;
        bool has_hello = false;
        std::unique_ptr<boost::asio::steady_timer> grace;
    };
    struct Outgoing {
        std::string text;
        std::string envelope_id;
        std::string type;
        int connection = 0; // EventDelivery::connection
    };
    struct RateLimit {
        int count = 0;
        int retry_after = 1;
    };
    struct Failure {
        int count = 0;
        std::string error;
    };
    struct HttpFailure {
        int count = 0;
        int status = 500;
    };
    // An events_api envelope written and not acknowledged in time.
    struct Unacked {
        nlohmann::json envelope;
        int connection = 0;
        std::chrono::steady_clock::time_point written_at;
        // When it timed out: past the deadline, or its connection closed. An ack after it
        // is late and changes nothing: Slack sends the event again.
        std::optional<std::chrono::steady_clock::time_point> timed_out_at;
    };
    using User = FakeUser;
    // What a Web API method answers: HTTP status, JSON, Retry-After (429 only).
    struct Answer {
        int status = 200;
        nlohmann::json body;
        int retry_after = 0;
    };

    // ids (call with `mutex` held)
    std::string next_ts();
    std::string next_uuid();
    std::string next_event_id();
    std::string next_trigger_id();
    std::string http_url(const std::string& path) const;
    void changed_locked(); // wakes wait_for

    // Socket Mode, on the io thread
    Conn* current();     // the newest live connection that takes envelopes
    Conn* newest_open(); // the newest connection not closed
    void write(Conn& conn, Outgoing out);
    void deliver(Outgoing out);
    void deliver_locked(Outgoing out);
    nlohmann::json event_envelope(const nlohmann::json& event, const EventDelivery& delivery);
    void on_accept(const std::shared_ptr<LoopbackWsServer::Session>& session);
    void on_message(LoopbackWsServer::Session& session, std::string text);
    void watch_connections();
    void redeliver_unacked(); // with `mutex` held
    void disconnect(const std::string& reason);
    void disconnect_locked(Conn* conn, const std::string& reason);
    std::string post_envelope(nlohmann::json envelope, int connection);
    nlohmann::json user_message(const std::string& type, const std::string& text,
                                const std::string& user, const std::string& channel);
    nlohmann::json user_message_locked(const std::string& type, const std::string& text,
                                       const std::string& user, const std::string& channel);

    // Web API, on the io thread (fake_slack_web_api.cpp)
    HttpResponseMessage on_http(const HttpRequestMessage& request);
    Answer call(const std::string& method, const nlohmann::json& args, const std::string& token);
    Answer call_method(const std::string& method, const nlohmann::json& args);
    Answer post_message(const nlohmann::json& args, bool ephemeral);
    // HTTP 429 when `channel` used up its burst of chat.postMessage, else nullopt.
    std::optional<Answer> channel_rate_limit(const std::string& channel);
    bool bot_is_in(const std::string& channel) const;
    Answer update_message(const nlohmann::json& args);
    Answer open_conversation(const nlohmann::json& args);
    Answer user_info(const nlohmann::json& args);
    // users.info's person for `id`: an added one, else a made-up member of the workspace,
    // with team_id and enterprise_id filled in.
    FakeUser user_locked(const std::string& id) const;
    Answer pin_or_react(const std::string& method, const nlohmann::json& args);
    Answer history(const nlohmann::json& args, bool in_thread);
    // fake_slack_channels.cpp
    Answer create_channel(const nlohmann::json& args);
    Answer invite_to_channel(const nlohmann::json& args);
    nlohmann::json channel_json(const FakeChannel& channel) const;
    Answer upload_url(const nlohmann::json& args);
    Answer complete_upload(const nlohmann::json& args);
    Answer receive_upload(const std::string& path, const std::string& body);
    PostedMessage* find_message(const std::string& channel, const std::string& ts);
    nlohmann::json message_json(const PostedMessage& message) const;
    static void find_button(const nlohmann::json& blocks, const std::string& action_id,
                            std::string& label, std::string& block_id);

    FakeSlackOptions options;
    // Declared first, destroyed last: the servers and timers below use it.
    boost::asio::io_context io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{
        boost::asio::make_work_guard(io)};
    std::optional<TestCa> ca;
    std::optional<boost::asio::ssl::context> tls;
    std::unique_ptr<LoopbackHttpServer> http;
    std::unique_ptr<LoopbackWsServer> ws;
    boost::asio::steady_timer watch{io};
    std::thread thread;

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::uint64_t generation = 0;
    std::mt19937_64 random;
    std::uint64_t ts_seq = 0; // the last ts, in microseconds
    std::uint64_t id_seq = 0;

    std::vector<Conn> conns;
    std::deque<Outgoing> pending;
    bool is_silent_on_accept = false;
    bool is_warning_on_hello = false;
    int hello_count = 0;
    std::map<std::string, nlohmann::json> events; // event_id -> event_callback payload

    std::vector<ApiCall> calls;
    std::vector<EnvelopeAck> acks;
    std::vector<SentFrame> sent;
    std::vector<std::string> received_other;

    std::map<std::string, RateLimit> rate_limits;
    std::map<std::string, Failure> failures;
    std::map<std::string, HttpFailure> http_failures;
    std::map<std::string, int> lost_answers; // method -> calls done but answered 500
    std::map<std::string, Unacked> unacked;  // envelope_id -> what to send again
    int redelivered = 0;
    std::vector<LateAck> late_acks;
    std::map<std::string, Allowance> channel_allowance; // chat.postMessage's pace, per channel
    std::map<std::string, User> users;
    std::vector<PostedMessage> messages;
    std::vector<UploadedFile> files;
    std::vector<FakeChannel> channels;                  // made by conversations.create
    std::map<std::string, std::string> direct_channels; // user id -> D… id
};

} // namespace onevoice::tests
