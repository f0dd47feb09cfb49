#pragma once

// Internal to integrations/net: the stream under a WebSocketClient. Plain and
// TLS streams are one template (websocket_stream_impl.hpp) compiled once per
// stream type, in websocket_stream_plain.cpp and websocket_stream_tls.cpp, so
// that no file compiles every Beast websocket operation twice.

#include "integrations/net/url.hpp"
#include "integrations/net/websocket_client.hpp"

#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace onevoice::integrations::net::detail {

// One websocket stream over TCP or TLS, with its resolver and read buffer.
// Each asynchronous call runs `done` once on the io thread; `done` must keep
// the stream's owner alive. At most one read and one write at a time.
class WebSocketStream {
public:
    using Handler = std::function<void(boost::system::error_code)>;

    virtual ~WebSocketStream() = default;

    virtual bool is_tls() const = 0;
    // Opens the TCP connection to `url`'s host before `deadline` (async_open).
    virtual void connect(const Url& url, std::chrono::steady_clock::time_point deadline,
                         Handler done) = 0;
    // TLS streams only: SNI and certificate checks for `host`, then the TLS handshake.
    virtual void tls_handshake(const std::string& host, Handler done) = 0;
    // The opening handshake, with the timeouts, headers and size cap of `options`.
    virtual void handshake(const WebSocketOptions& options, const Url& url, Handler done) = 0;
    // Reads the next message; then got_text() and take_message() describe it.
    virtual void read(Handler done) = 0;
    virtual bool got_text() const = 0;
    virtual std::string take_message() = 0;
    // Sends `text` (which must stay valid until `done`) as one text message.
    virtual void write(std::string_view text, Handler done) = 0;
    // The closing handshake with code 1000.
    virtual void close(Handler done) = 0;
    // "closed by server (code 1001): going away", after websocket::error::closed.
    virtual std::string close_reason() const = 0;
    // `ec` described for a log line, with the certificate verify result when known.
    virtual std::string describe_tls_error(const boost::system::error_code& ec) = 0;
    // Cancels name resolution and closes the socket: pending operations fail.
    virtual void abandon() = 0;

protected:
    WebSocketStream() = default;
};

std::unique_ptr<WebSocketStream> make_plain_websocket_stream(boost::asio::io_context& io);
std::unique_ptr<WebSocketStream> make_tls_websocket_stream(boost::asio::io_context& io,
                                                           boost::asio::ssl::context& tls);

} // namespace onevoice::integrations::net::detail
