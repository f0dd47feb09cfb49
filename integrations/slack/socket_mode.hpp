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
};

// Keeps a Socket Mode connection to Slack: apps.connections.open gives a
// one-time wss:// URL, the connection is live after `hello`. A `disconnect`
// (refresh_requested, warning) opens the next connection first and closes the
// old one only after the new one said hello, so no envelope is missed. A lost
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
    };

    void open_connection();
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
    bool m_stopped = false;
    // Guards callbacks that outlive this object (HTTP and timer completions).
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace onevoice::integrations::slack
