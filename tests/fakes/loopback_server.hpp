#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::tests {

using HttpRequestMessage = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponseMessage = boost::beast::http::response<boost::beast::http::string_body>;

// A tiny HTTP/1.1 server on 127.0.0.1 (port 0) that runs on the test's
// io_context, plain or TLS (`tls` not null, e.g. make_server_tls_context).
// Each request goes to `handler` with a `respond` function, which may be
// called at once or later (a long-poll), at most once; never calling it
// leaves the client waiting. The server sets Content-Length, and keeps the
// connection open unless the response says Connection: close or
// `close_after_response` is set. Fake Slack and Matrix Web APIs build on it.
//
// The destructor closes the listener and every connection; pending handlers
// then die with the io_context. Construct the io_context first.
class LoopbackHttpServer {
public:
    using Respond = std::function<void(HttpResponseMessage)>;
    using Handler = std::function<void(const HttpRequestMessage&, Respond)>;

    LoopbackHttpServer(boost::asio::io_context& io, boost::asio::ssl::context* tls,
                       Handler handler);
    ~LoopbackHttpServer();
    LoopbackHttpServer(const LoopbackHttpServer&) = delete;
    LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

    std::uint16_t port() const;
    // "http://127.0.0.1:PORT" + path ("https://…" with TLS); `host` replaces 127.0.0.1.
    std::string url(std::string_view path = "/", std::string_view host = "127.0.0.1") const;
    int accepted() const; // TCP connections accepted so far
    int handled() const;  // requests read so far
    // Closes every open connection at once, as a server's idle timeout does.
    void close_connections();
    // After each response, close the connection without announcing it.
    void set_close_after_response(bool close);

    struct State;

private:
    std::shared_ptr<State> m_state;
};

// A websocket server on 127.0.0.1 (port 0), plain or TLS, on the test's
// io_context. Each accepted connection is a Session; `on_accept` sees it
// first and may call `silence()` so the session never reads (then it answers
// no pings: a dead peer). Otherwise every text message goes to `on_message`.
class LoopbackWsServer {
public:
    class Session {
    public:
        virtual ~Session() = default;
        virtual void send(std::string text) = 0; // queued, in order
        virtual void ping(std::string payload) = 0;
        virtual void close(boost::beast::websocket::close_code code, std::string reason) = 0;
        virtual void drop() = 0; // closes the TCP connection without a close frame
        // After what is queued: the first half of a text frame carrying `text`, then a TCP
        // reset (a peer that died mid-message).
        virtual void cut(std::string text) = 0;
        virtual void silence() = 0; // call in on_accept: never read
        virtual int pongs() const = 0;
        virtual bool closed() const = 0; // the connection ended, either way
    };
    struct Handlers {
        std::function<void(const std::shared_ptr<Session>&)> on_accept;
        std::function<void(Session&, std::string)> on_message;
    };

    LoopbackWsServer(boost::asio::io_context& io, boost::asio::ssl::context* tls,
                     Handlers handlers);
    ~LoopbackWsServer();
    LoopbackWsServer(const LoopbackWsServer&) = delete;
    LoopbackWsServer& operator=(const LoopbackWsServer&) = delete;

    std::uint16_t port() const;
    std::string url(std::string_view path = "/", std::string_view host = "127.0.0.1") const;
    int accepted() const; // websocket handshakes completed

    struct State;

private:
    std::shared_ptr<State> m_state;
};

// Runs `io` in this thread until `done()` holds or `deadline` passes; returns
// done(). No sleeping: it waits for handlers in short slices.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds deadline = std::chrono::seconds(10));

} // namespace onevoice::tests
