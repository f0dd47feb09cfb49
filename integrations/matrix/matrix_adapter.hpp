#pragma once

#include "bot/model/secret.hpp"
#include "bot/runtime/adapter_state.hpp"
#include "bot/runtime/chat_adapter.hpp"
#include "integrations/matrix/client_api.hpp"
#include "integrations/matrix/events.hpp"
#include "integrations/net/backoff.hpp"
#include "integrations/net/offline_clock.hpp"

#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace onevoice::integrations::matrix {

struct MatrixOptions {
    net::Url homeserver;
    std::string user; // MATRIX_USER, for a password login ("onevoice" or "@onevoice:example.org")
    std::vector<std::string> rooms;              // joined at start-up (ids or aliases)
    std::string prefix = "!";                    // before a command in a room
    std::vector<std::string> allow_invites_from; // user ids or server names; empty: own server
    // Servers whose users are colleagues; everyone else is an outsider (UserRef::is_outsider).
    // Empty: the bot's own server only.
    std::vector<std::string> trusted_servers;
    std::string team_room; // for the bot's own notices; empty: none
    bot::Duration offline_notice_after = std::chrono::minutes(1);
    std::chrono::milliseconds sync_timeout = std::chrono::seconds(30); // the long-poll
    std::chrono::milliseconds call_timeout = std::chrono::seconds(15); // every other call
    net::Backoff::Duration backoff_base = std::chrono::seconds(1);
    net::Backoff::Duration backoff_cap = std::chrono::minutes(1);
};

// OneVoice in Matrix, over the client-server API (long-polled /sync).
//
// Start-up: MATRIX_ACCESS_TOKEN, else a token kept in AdapterState from an
// earlier password login, else POST /login with MATRIX_USER and
// MATRIX_PASSWORD (the new token is kept); then whoami, joining the
// configured rooms, and the sync loop. M_UNKNOWN_TOKEN logs in again when a
// password is set, else stops the bot (exit code 3) with one error line.
//
// Inbound: the first sync without a stored token only learns the rooms
// (earlier history never runs). In a room the bot joined since the last
// sync, the events before its own join are the room's history and never
// run either (see drop_history). Malformed or undecodable events are logged,
// counted (events_received_total, type "malformed") and skipped; the rest of
// the batch goes on. Each later batch's commands and button
// reactions go to the EventSink in order; the last carries the batch's
// next_batch as a Checkpoint, so the token commits with its effects, and a
// batch without commands stores it on its own. A command that could not be
// stored stops the batch: the same batch is fetched again after a backoff.
// A room whose timeline the server cut (limited) has its gap fetched first
// with GET /rooms/{room}/messages back to the old token; its events run
// before the timeline's. Until then the token stays, so a failed fetch only
// repeats the sync.
//
// Outbound: m.notice messages (see render.hpp), sent with PUT …/send/…/{txnId}
// where the txnId is the outbox row id behind a per-database prefix, so a
// retried send is never shown twice. Matrix has no ephemeral messages: a
// reply for the requester only goes to the room (the thread) of the command.
// Direct messages go to the user's direct room, created when there is none.
//
// Threads: everything on the io thread. `http` and `state` outlive the adapter.
class MatrixAdapter final : public bot::ChatAdapter {
public:
    MatrixAdapter(boost::asio::io_context& io, net::HttpTransport& http, bot::AdapterState& state,
                  bot::Secret access_token, bot::Secret password, MatrixOptions options,
                  std::function<double()> random01);
    ~MatrixAdapter() override;

    std::string_view platform() const override { return "matrix"; }
    void start(bot::EventSink& sink) override;
    void stop() override;
    bool is_connected() const override { return m_connected; }
    void deliver(std::int64_t id, const bot::Reply& reply,
                 std::function<void(bot::DeliveryResult)> done) override;
    // Whether a user id is of an untrusted server (the same rule as for the senders of
    // events), for ids that are typed before their owner ever spoke. Known after login.
    bool is_outsider(std::string_view user_id) const;

    const std::string& user_id() const { return m_self; }

private:
    using Done = std::function<void(bot::DeliveryResult)>;

    // start-up
    void whoami();
    void login();
    void on_identity(const std::string& user_id);
    void join(const std::string& room);
    bool can_login() const { return !m_password.empty() && !m_options.user.empty(); }
    void on_unknown_token();
    void retry(std::function<void()> step, bot::Duration wait);

    // sync loop
    void sync();
    void on_sync(const ApiResponse& response);
    void handle_batch(SyncBatch batch);
    void run_batch(SyncBatch batch); // the batch complete: its commands, then its token
    bool dispatch(std::vector<std::variant<bot::Command, bot::Action>> inbound,
                  const std::string& next_batch);
    std::optional<bot::Action> to_action(const RoomEvent& event, bot::TimePoint received);
    // The person behind a user id: display name as learnt, and their circle.
    bot::UserRef user_ref(const std::string& user_id) const;
    void report_skipped(const std::vector<SkippedEvent>& skipped);
    void handle_invite(const Invite& invite);
    bool is_invite_allowed(const std::string& inviter) const;
    void remember_direct(const std::string& room, const std::string& user);
    void on_connected();
    void on_disconnected();
    void fatal(const std::string& reason);

    // backfill of limited timelines (matrix_backfill.cpp)
    struct Backfill;
    void start_backfill(SyncBatch batch);
    void fetch_gap_page(std::shared_ptr<Backfill> job);
    void on_gap_page(std::shared_ptr<Backfill> job, const ApiResponse& response);
    void on_backfill_failed(const ApiResponse& response, const std::string& error);

    // delivery (matrix_delivery.cpp)
    // A message (a Post, an Edit, a PostBeside the outbox placed, a room not opened), to
    // whom its audience says.
    void send(std::int64_t id, const bot::Reply& reply, Done done);
    void react(std::int64_t id, const std::string& room, const bot::Reaction& reaction, Done done);
    void post(std::int64_t id, const bot::Reply& reply, const std::string& room, Done done);
    void post_message(std::int64_t id, const bot::Reply& reply, const std::string& room, Done done);
    void send_event(const std::string& room, const std::string& type, const std::string& txn,
                    const nlohmann::json& content, ClientApi::Callback done);
    void pin(const std::string& room, const std::string& event_id, Done done);
    void unpin(const std::string& room, const std::string& event_id, Done done);
    void open_room(std::int64_t id, const bot::Reply& reply, Done done);
    void direct_room(const std::string& user,
                     std::function<void(std::string room, const ApiResponse& error)> then);
    void mark_direct(const std::string& room, const std::string& user);
    void remember_buttons(const std::string& event_id, const bot::Reply& reply);
    std::string txn_id(std::int64_t id, std::string_view part = {});
    // Classifies a failed call; M_UNKNOWN_TOKEN also starts a new login or stops the bot.
    bot::DeliveryResult failure(const ApiResponse& response);

    boost::asio::io_context& m_io;
    ClientApi m_api;
    bot::AdapterState& m_state;
    bot::Secret m_env_token;
    bot::Secret m_password;
    MatrixOptions m_options;
    net::Backoff m_backoff;
    boost::asio::steady_timer m_timer;
    bot::EventSink* m_sink = nullptr;
    bool m_stopped = false;
    bool m_logging_in = false;
    bool m_syncing = false;
    std::string m_self;
    std::string m_server;
    std::string m_since;
    std::string m_txn_prefix;
    std::map<std::string, std::string> m_direct;  // direct room -> the other user
    std::map<std::string, std::string> m_names;   // user id -> display name
    std::map<std::int64_t, std::string> m_opened; // outbox id -> room it opened, until posted
    std::set<std::string> m_invites_seen;
    net::OfflineClock m_offline;
    bool m_connected = false; // the last sync succeeded
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace onevoice::integrations::matrix
