#pragma once

#include "integrations/net/backoff.hpp"
#include "integrations/net/websocket_client.hpp"
#include "integrations/slack/payloads.hpp"
#include "integrations/slack/web_api.hpp"

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace onevoice::integrations::slack {

struct SocketModeOptions {
    // A connection with no frame (message or ping) for this long is dead.
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(30);
    bot::Duration backoff_base = std::chrono::seconds(1);
    bot::Duration backoff_cap = std::chrono::seconds(30);
    // At most one apps.connections.open per this interval while a live connection is left (a
    // `disconnect` asked for a successor): a server that warns every connection at once must not
    // get a reconnect loop (37 879 connections in two minutes before this). `hello` does not
    // restart it; when the last connection died, the backoff alone decides.
    bot::Duration connect_interval = std::chrono::seconds(2);
    // A warned connection is kept until Slack closes it (about 10 s after the warning): envelopes
    // may still come on it after its successor's hello, and each is acked on it. Only a server
    // that never closes it sees the client close it, this long after the successor's hello and
    // once its acks are out.
    bot::Duration retired_close_after = std::chrono::seconds(30);
};

// Keeps a Socket Mode connection to Slack: apps.connections.open gives a
// one-time wss:// URL, the connection is live after `hello`. A `disconnect`
// (refresh_requested, warning) opens the next connection (paced: see
// connect_interval) and keeps the old one until Slack closes it, so no envelope
// is missed and every envelope is acked on the connection it came on. A lost
// or silent connection is replaced with exponential backoff and jitter.
// Everything runs on the io thread.
class SocketMode {
public:
    struct Handlers {
        // An envelope to handle; `ack` sends its envelope_id back on the
        // connection it came from (a no-op when that connection is gone:
        // Slack then redelivers).
        std::function<void(ParsedEnvelope envelope, std::function<void()> ack)> on_envelope;
        std::function<void()> on_connected;               // a connection said hello
        std::function<void()> on_disconnected;            // no live connection is left
        std::function<void(std::string reason)> on_fatal; // link_disabled, a rejected token
    };

    SocketMode(boost::asio::io_context& io, boost::asio::ssl::context& tls, WebApi& api,
               Handlers handlers, SocketModeOptions options, std::function<double()> random01);
    ~SocketMode();
    SocketMode(const SocketMode&) = delete;
    SocketMode& operator=(const SocketMode&) = delete;

    void start();
    // Closes every connection and opens no new one.
    void stop();
    bool is_connected() const;

private:
    // Acks still owed on a connection: a retired one closes only once they are
    // out (an ack may wait for the disk), else Slack would have to redeliver.
    struct Owed {
        int acks = 0;
        bool close_when_paid = false;
    };
    struct Connection {
        std::shared_ptr<net::WebSocketClient> socket;
        bool said_hello = false;
        bool retiring = false; // a successor is being opened
        std::shared_ptr<Owed> owed = std::make_shared<Owed>();
        // Closes a retired connection the server kept (retired_close_after).
        std::shared_ptr<boost::asio::steady_timer> close_timer = nullptr;
    };

    // Opens a connection now, or at the pace connect_interval allows while one is live.
    void open_connection();
    void open_now();
    // After a successor's hello: the client closes `retired` only if the server did not.
    void close_later(Connection& retired);
    // A live connection is left, but every live one was warned.
    bool needs_successor() const;
    void on_url(const ApiResponse& response);
    void on_message(std::uint64_t id, const std::string& text);
    void on_closed(std::uint64_t id, boost::system::error_code ec, const std::string& reason);
    // Reconnects after the backoff, or after `at_least` when that is longer (a Retry-After).
    void retry_later(std::optional<bot::Duration> at_least = std::nullopt);
    void fatal(const std::string& reason);

    boost::asio::io_context& m_io;
    boost::asio::ssl::context& m_tls;
    WebApi& m_api;
    Handlers m_handlers;
    SocketModeOptions m_options;
    net::Backoff m_backoff;
    boost::asio::steady_timer m_retry_timer;
    std::map<std::uint64_t, Connection> m_connections;
    std::uint64_t m_next_id = 1;
    bool m_opening = false;
    bool m_paced = false; // m_retry_timer holds back an open for connect_interval
    std::optional<std::chrono::steady_clock::time_point> m_last_open;
    bool m_stopped = false;
    // Guards callbacks that outlive this object (HTTP and timer completions).
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace onevoice::integrations::slack
