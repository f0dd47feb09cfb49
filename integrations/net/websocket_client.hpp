#pragma once

#include "integrations/net/url.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace onevoice::integrations::net {

namespace detail {
class WebSocketStream;
} // namespace detail

struct WebSocketOptions {
    // TCP connect, TLS and the opening handshake together; also the closing handshake.
    std::chrono::milliseconds handshake_timeout = std::chrono::seconds(30);
    // A connection on which nothing (no message, ping or pong) arrives is
    // closed with beast::error::timeout. Beast pings after half of it, so a
    // live but quiet server answers and the connection stays; a dead one is
    // detected between idle_timeout/2 and idle_timeout after its last frame.
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(30);
    std::size_t max_message = 16 * 1024 * 1024;
    boost::beast::http::fields headers; // extra handshake headers; never logged
    std::string user_agent = "OneVoice";
};

// What a WebSocketClient reports, each on the io thread. An exception thrown
// by a handler is logged and swallowed.
struct WebSocketHandlers {
    std::function<void()> on_open;               // handshake done; send() goes out now
    std::function<void(std::string)> on_message; // one complete text message
    // Exactly once per client, also when connecting failed (then without on_open).
    // `ec` is clear after our own close(); websocket::error::closed when the
    // server sent a close frame (`reason` has its code and text);
    // beast::error::timeout when the connection went silent; else the network
    // or TLS error (see is_certificate_error).
    std::function<void(boost::system::error_code ec, std::string reason)> on_close;
};

// One websocket connection (ws:// or wss://, with SNI and certificate
// verification), in the style of Beast's chat-multi session: a read loop that
// hands text messages to on_message, and a write queue with at most one
// async_write in flight. Pings from the server are answered by Beast.
//
// One client is one connection: connect() once; reconnecting means a new
// client (Slack's `disconnect` wants the next connection open before the old
// one goes). Owned through shared_ptr; pending operations keep it alive, and
// it drops its handlers after on_close, so handlers may capture their owner.
// All member functions on the io thread. `tls` must outlive the client.
class WebSocketClient : public std::enable_shared_from_this<WebSocketClient> {
    struct Token {};

public:
    static std::shared_ptr<WebSocketClient> create(boost::asio::io_context& io,
                                                   boost::asio::ssl::context& tls,
                                                   WebSocketHandlers handlers,
                                                   WebSocketOptions options = {});
    WebSocketClient(Token, boost::asio::io_context& io, boost::asio::ssl::context& tls,
                    WebSocketHandlers handlers, WebSocketOptions options);
    ~WebSocketClient();
    WebSocketClient(const WebSocketClient&) = delete;
    WebSocketClient& operator=(const WebSocketClient&) = delete;

    // Starts connecting. A second call, or a URL that is not ws/wss, ends in
    // on_close with an error (never from inside this call).
    void connect(const Url& url);
    // Queues a text message; sent in order once open. Returns false (and
    // drops it) when the connection is closing or closed.
    bool send(std::string text);
    // Graceful close: sends what is queued, then a close frame (1000), and
    // waits for the server's (at most handshake_timeout). on_close follows.
    // Before the handshake finished it just abandons the connection.
    void close();

    bool is_open() const { return m_state == State::open; }
    std::size_t queued() const { return m_queue.size(); }

private:
    enum class State { idle, connecting, open, closing, closed };

    void on_connect(boost::system::error_code ec);
    void on_tls_handshake(boost::system::error_code ec);
    void start_handshake();
    void on_handshake(boost::system::error_code ec);
    void start_read();
    void on_read(boost::system::error_code ec);
    void start_write();
    void on_write(boost::system::error_code ec);
    void start_close();
    void on_close_sent(boost::system::error_code ec);
    void fail(boost::system::error_code ec);
    void finish(boost::system::error_code ec, std::string reason);

    boost::asio::io_context& m_io;
    boost::asio::ssl::context& m_tls_context;
    WebSocketHandlers m_handlers;
    WebSocketOptions m_options;
    Url m_url;
    // Plain or TLS, made by connect(): each kind compiled in its own file.
    std::unique_ptr<detail::WebSocketStream> m_stream;
    std::deque<std::string> m_queue;
    State m_state = State::idle;
    bool m_writing = false;
    bool m_close_requested = false;
};

} // namespace onevoice::integrations::net
