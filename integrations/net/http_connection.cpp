#include "integrations/net/http_connection.hpp"

#include "bot/runtime/log.hpp"
#include "integrations/net/connect.hpp"
#include "integrations/net/tls.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace onevoice::integrations::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

// The peer closed the connection under us. On a reused connection before any
// byte of the answer this means the server dropped it while it sat idle, so
// the request was not processed: RFC 9112 §9.3.1 lets a client retry then.
bool is_connection_lost(const error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::connection_aborted ||
           ec == asio::error::broken_pipe || ec == asio::error::not_connected ||
           ec == asio::ssl::error::stream_truncated;
}

} // namespace

HttpConnection::HttpConnection(asio::io_context& io, asio::ssl::context& tls, const Url& origin,
                               const HttpClientOptions& options)
    : m_origin(origin)
    , m_options(options)
    , m_resolver(io) {
    if (origin.tls()) {
        m_tls.emplace(io, tls);
    } else {
        m_plain.emplace(io);
    }
}

beast::tcp_stream& HttpConnection::tcp() {
    return m_tls ? beast::get_lowest_layer(*m_tls) : *m_plain;
}

const beast::tcp_stream& HttpConnection::tcp() const {
    return m_tls ? beast::get_lowest_layer(*m_tls) : *m_plain;
}

void HttpConnection::exchange(const HttpRequest& request, std::function<void(Exchange)> done) {
    m_done = std::move(done);
    m_deadline = Clock::now() + request.timeout;
    m_request = Request{request.method, request.url.target, 11};
    for (const auto& field : request.headers) {
        m_request.insert(field.name_string(), field.value());
    }
    if (m_request.find(http::field::host) == m_request.end()) {
        m_request.set(http::field::host, request.url.host_header());
    }
    if (m_request.find(http::field::user_agent) == m_request.end()) {
        m_request.set(http::field::user_agent, m_options.user_agent);
    }
    m_request.body() = request.body;
    m_request.keep_alive(true);
    m_request.prepare_payload();
    if (m_connected) {
        start_write();
    } else {
        start_connect();
    }
}

void HttpConnection::start_connect() {
    async_open(tcp(), m_resolver, m_origin, m_deadline,
               [self = shared_from_this()](error_code ec) { self->on_connect(ec); });
}

void HttpConnection::on_connect(error_code ec) {
    if (ec) {
        finish(ec);
        return;
    }
    if (m_options.accept_peer) {
        error_code unknown;
        const auto peer = tcp().socket().remote_endpoint(unknown);
        if (unknown || !m_options.accept_peer(peer.address())) {
            bot::log::debug("http: peer address refused",
                            {{"url", m_origin.for_log()}, {"address", peer.address().to_string()}});
            finish(asio::error::access_denied);
            return;
        }
    }
    if (!m_tls) {
        m_connected = true;
        start_write();
        return;
    }
    ec = prepare_client_tls(*m_tls, m_origin.host);
    if (ec) {
        finish(ec);
        return;
    }
    m_tls->async_handshake(
        asio::ssl::stream_base::client,
        beast::bind_front_handler(&HttpConnection::on_handshake, shared_from_this()));
}

void HttpConnection::on_handshake(error_code ec) {
    if (ec) {
        finish(ec);
        return;
    }
    m_connected = true;
    start_write();
}

void HttpConnection::start_write() {
    // One deadline for the whole exchange: tcp_stream closes the socket when
    // it passes and the pending operation completes with error::timeout.
    tcp().expires_at(m_deadline);
    with_stream([this](auto& stream) {
        http::async_write(stream, m_request,
                          beast::bind_front_handler(&HttpConnection::on_write, shared_from_this()));
    });
}

void HttpConnection::on_write(error_code ec, std::size_t /*bytes*/) {
    if (ec) {
        finish(ec);
        return;
    }
    m_parser.emplace();
    m_parser->body_limit(m_options.max_body);
    m_parser->header_limit(static_cast<std::uint32_t>(m_options.max_header));
    // A HEAD response announces a Content-Length but has no body (RFC 9110 §9.3.2).
    m_parser->skip(m_request.method() == http::verb::head);
    with_stream([this](auto& stream) {
        http::async_read(stream, m_buffer, *m_parser,
                         beast::bind_front_handler(&HttpConnection::on_read, shared_from_this()));
    });
}

void HttpConnection::on_read(error_code ec, std::size_t /*bytes*/) {
    finish(ec);
}

void HttpConnection::finish(error_code ec) {
    if (!m_done) {
        return;
    }
    auto done = std::move(m_done);
    m_done = nullptr;
    Exchange out;
    const bool reused = m_exchanges > 0;
    ++m_exchanges;
    if (ec) {
        const bool got_answer = m_parser && m_parser->got_some();
        out.retry_fresh = reused && !got_answer && is_connection_lost(ec);
        out.result.ec = ec;
        if (m_tls && is_certificate_error(ec)) {
            // A configuration problem (CA, host name), not a network hiccup: say which.
            bot::log::warn("TLS: server certificate rejected",
                           {{"host", m_origin.host},
                            {"error", describe_tls_error(ec, m_tls->native_handle())}});
        }
        m_parser.reset();
        close();
        done(std::move(out));
        return;
    }
    auto response = m_parser->release();
    m_parser.reset();
    out.result.status = static_cast<int>(response.result_int());
    // Leftover bytes after a complete response would corrupt the next one.
    out.keep_alive = response.keep_alive() && m_buffer.size() == 0;
    out.result.body = std::move(response.body());
    http::fields& fields = response;
    out.result.headers = std::move(fields);
    m_idle_since = Clock::now();
    if (!out.keep_alive) {
        close();
    }
    done(std::move(out));
}

void HttpConnection::watch_idle(std::function<void()> on_stale) {
    const unsigned generation = ++m_watch;
    // A readable idle socket means EOF, a TLS close_notify or an unasked 408:
    // either way the connection cannot carry another request.
    tcp().socket().async_wait(
        asio::ip::tcp::socket::wait_read,
        [self = shared_from_this(), generation, on_stale = std::move(on_stale)](error_code ec) {
            if (!ec && self->m_watch == generation) {
                on_stale();
            }
        });
}

void HttpConnection::stop_watching() {
    ++m_watch;
    error_code ignored;
    tcp().socket().cancel(ignored);
}

void HttpConnection::close() {
    ++m_watch;
    m_connected = false;
    m_resolver.cancel();
    error_code ignored;
    tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    tcp().close();
}

} // namespace onevoice::integrations::net::detail
