#pragma once

// Internal to integrations/net: the HttpConnection template, included only by
// http_connection_plain.cpp and http_connection_tls.cpp (one stream type each).

#include "bot/runtime/log.hpp"
#include "integrations/net/connect.hpp"
#include "integrations/net/http_connection.hpp"
#include "integrations/net/tls.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <optional>
#include <type_traits>

namespace onevoice::integrations::net::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
using BeastParser = boost::beast::http::response_parser<boost::beast::http::string_body>;

// The parts that do not depend on the stream type (http_connection.cpp).

// `request` as Beast sends it: with Host, User-Agent, keep-alive and Content-Length.
BeastRequest to_beast_request(const HttpRequest& request, const std::string& user_agent);
// The peer closed the connection under us (see is_connection_lost's comment).
bool is_connection_lost(const boost::system::error_code& ec);
// A failed exchange as the transport reports it.
HttpResult failed_result(const boost::system::error_code& ec);
// A complete response as the transport reports it.
HttpResult to_result(BeastResponse response);
// Whether HttpClientOptions::accept_peer accepts the connected address of `stream`.
bool is_peer_accepted(const boost::beast::tcp_stream& stream, const Url& origin,
                      const HttpClientOptions& options);

// One connection over `Stream`: boost::beast::tcp_stream or
// boost::beast::ssl_stream<boost::beast::tcp_stream>.
template <class Stream>
class BasicHttpConnection final : public HttpConnection,
                                  public std::enable_shared_from_this<BasicHttpConnection<Stream>> {
public:
    static constexpr bool k_tls = !std::is_same_v<Stream, boost::beast::tcp_stream>;

    // `stream_args` after the io_context: the TLS context for a TLS stream.
    template <class... StreamArgs>
    BasicHttpConnection(boost::asio::io_context& io, const Url& origin,
                        const HttpClientOptions& options, StreamArgs&... stream_args)
        : m_origin(origin)
        , m_options(options)
        , m_resolver(io)
        , m_stream(io, stream_args...) {}

    void exchange(const HttpRequest& request, std::function<void(Exchange)> done) override {
        m_done = std::move(done);
        m_deadline = Clock::now() + request.timeout;
        m_request = to_beast_request(request, m_options.user_agent);
        if (m_connected) {
            start_write();
        } else {
            start_connect();
        }
    }

    void watch_idle(std::function<void()> on_stale) override {
        const unsigned generation = ++m_watch;
        // A readable idle socket means EOF, a TLS close_notify or an unasked 408:
        // either way the connection cannot carry another request.
        tcp().socket().async_wait(boost::asio::ip::tcp::socket::wait_read,
                                  [self = this->shared_from_this(), generation,
                                   on_stale = std::move(on_stale)](boost::system::error_code ec) {
                                      if (!ec && self->m_watch == generation) {
                                          on_stale();
                                      }
                                  });
    }

    void stop_watching() override {
        ++m_watch;
        boost::system::error_code ignored;
        tcp().socket().cancel(ignored);
    }

    void close() override {
        ++m_watch;
        m_connected = false;
        m_resolver.cancel();
        boost::system::error_code ignored;
        tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        tcp().close();
    }

    bool is_open() const override { return m_connected && tcp().socket().is_open(); }
    Clock::time_point idle_since() const override { return m_idle_since; }

private:
    using error_code = boost::system::error_code;

    boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(m_stream); }
    const boost::beast::tcp_stream& tcp() const { return boost::beast::get_lowest_layer(m_stream); }

    void start_connect() {
        async_open(tcp(), m_resolver, m_origin, m_deadline,
                   [self = this->shared_from_this()](error_code ec) { self->on_connect(ec); });
    }

    void on_connect(error_code ec) {
        if (ec) {
            finish(ec);
            return;
        }
        if (!is_peer_accepted(tcp(), m_origin, m_options)) {
            finish(boost::asio::error::access_denied);
            return;
        }
        if constexpr (k_tls) {
            ec = prepare_client_tls(m_stream, m_origin.host);
            if (ec) {
                finish(ec);
                return;
            }
            m_stream.async_handshake(
                boost::asio::ssl::stream_base::client,
                boost::beast::bind_front_handler(&BasicHttpConnection::on_handshake,
                                                 this->shared_from_this()));
        } else {
            m_connected = true;
            start_write();
        }
    }

    void on_handshake(error_code ec) {
        if (ec) {
            finish(ec);
            return;
        }
        m_connected = true;
        start_write();
    }

    void start_write() {
        // One deadline for the whole exchange: tcp_stream closes the socket when
        // it passes and the pending operation completes with error::timeout.
        tcp().expires_at(m_deadline);
        boost::beast::http::async_write(
            m_stream, m_request,
            boost::beast::bind_front_handler(&BasicHttpConnection::on_write,
                                             this->shared_from_this()));
    }

    void on_write(error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            finish(ec);
            return;
        }
        m_parser.emplace();
        m_parser->body_limit(m_options.max_body);
        m_parser->header_limit(static_cast<std::uint32_t>(m_options.max_header));
        // A HEAD response announces a Content-Length but has no body (RFC 9110 §9.3.2).
        m_parser->skip(m_request.method() == boost::beast::http::verb::head);
        boost::beast::http::async_read(
            m_stream, m_buffer, *m_parser,
            boost::beast::bind_front_handler(&BasicHttpConnection::on_read,
                                             this->shared_from_this()));
    }

    void on_read(error_code ec, std::size_t /*bytes*/) { finish(ec); }

    void finish(error_code ec) {
        if (!m_done) {
            return;
        }
        auto done = std::move(m_done);
        m_done = nullptr;
        const bool reused = m_exchanges > 0;
        ++m_exchanges;
        if (ec) {
            finish_failed(ec, reused, done);
            return;
        }
        Exchange out;
        auto response = m_parser->release();
        m_parser.reset();
        // Leftover bytes after a complete response would corrupt the next one.
        out.keep_alive = response.keep_alive() && m_buffer.size() == 0;
        out.result = to_result(std::move(response));
        m_idle_since = Clock::now();
        if (!out.keep_alive) {
            close();
        }
        done(std::move(out));
    }

    void finish_failed(error_code ec, bool reused, const std::function<void(Exchange)>& done) {
        Exchange out;
        const bool got_answer = m_parser && m_parser->got_some();
        out.retry_fresh = reused && !got_answer && is_connection_lost(ec);
        out.result = failed_result(ec);
        if constexpr (k_tls) {
            if (is_certificate_error(ec)) {
                // A configuration problem (CA, host name), not a network hiccup: say which.
                bot::log::warn("TLS: server certificate rejected",
                               {{"host", m_origin.host},
                                {"error", describe_tls_error(ec, m_stream.native_handle())}});
            }
        }
        m_parser.reset();
        close();
        done(std::move(out));
    }

    Url m_origin;
    HttpClientOptions m_options;
    boost::asio::ip::tcp::resolver m_resolver;
    Stream m_stream;
    boost::beast::flat_buffer m_buffer;
    BeastRequest m_request;
    std::optional<BeastParser> m_parser;
    std::function<void(Exchange)> m_done;
    Clock::time_point m_deadline;
    Clock::time_point m_idle_since;
    int m_exchanges = 0;  // completed exchanges on this connection
    unsigned m_watch = 0; // generation of the idle watch, to ignore stale wake-ups
    bool m_connected = false;
};

} // namespace onevoice::integrations::net::detail
