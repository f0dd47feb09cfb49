#pragma once

#include "integrations/net/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace onevoice::integrations::net::detail {

// How one exchange on an HttpConnection ended.
struct Exchange {
    HttpResult result;
    bool keep_alive = false;  // the connection may carry the next request
    bool retry_fresh = false; // failed on a reused connection before any answer: safe to resend
};

// One client connection to one origin (HttpClient's pool entry), plain or
// TLS. Runs one exchange at a time: connects on the first, then reuses the
// stream. Lives in a shared_ptr; every pending operation holds it. All calls
// on the io thread.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    using Clock = std::chrono::steady_clock;

    HttpConnection(boost::asio::io_context& io, boost::asio::ssl::context& tls, const Url& origin,
                   const HttpClientOptions& options);

    // Sends `request` (connecting first if needed) and reads the response.
    // `done` is called exactly once, on the io thread, unless close() raced.
    void exchange(const HttpRequest& request, std::function<void(Exchange)> done);

    // While idle in the pool: `on_stale` runs if the socket becomes readable
    // (the server closed it, or sent something unasked). stop_watching()
    // before the next exchange.
    void watch_idle(std::function<void()> on_stale);
    void stop_watching();

    // Closes the socket; a running exchange completes with an error.
    void close();
    bool is_open() const { return m_connected && tcp().socket().is_open(); }
    Clock::time_point idle_since() const { return m_idle_since; }

private:
    void start_connect();
    void on_connect(boost::system::error_code ec);
    void on_handshake(boost::system::error_code ec);
    void start_write();
    void on_write(boost::system::error_code ec, std::size_t bytes);
    void on_read(boost::system::error_code ec, std::size_t bytes);
    void finish(boost::system::error_code ec);

    boost::beast::tcp_stream& tcp();
    const boost::beast::tcp_stream& tcp() const;
    template <class F>
    void with_stream(F&& f) {
        if (m_tls) {
            f(*m_tls);
        } else {
            f(*m_plain);
        }
    }

    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Parser = boost::beast::http::response_parser<boost::beast::http::string_body>;

    Url m_origin;
    HttpClientOptions m_options;
    boost::asio::ip::tcp::resolver m_resolver;
    std::optional<boost::beast::tcp_stream> m_plain;
    std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> m_tls;
    boost::beast::flat_buffer m_buffer;
    Request m_request;
    std::optional<Parser> m_parser;
    std::function<void(Exchange)> m_done;
    Clock::time_point m_deadline;
    Clock::time_point m_idle_since;
    int m_exchanges = 0;  // completed exchanges on this connection
    unsigned m_watch = 0; // generation of the idle watch, to ignore stale wake-ups
    bool m_connected = false;
};

} // namespace onevoice::integrations::net::detail
