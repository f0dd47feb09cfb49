#include "integrations/net/websocket_client.hpp"

#include "bot/runtime/log.hpp"
#include "integrations/net/connect.hpp"
#include "integrations/net/tls.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <exception>
#include <utility>

namespace onevoice::integrations::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

namespace {

// Handlers are user code; no exception may leave a completion handler (STYLE.md §3).
template <class F, class... Args>
void call_safely(const char* what, F& f, Args&&... args) {
    if (!f) {
        return;
    }
    try {
        f(std::forward<Args>(args)...);
    } catch (const std::exception& e) {
        bot::log::error("websocket: handler threw", {{"handler", what}, {"error", e.what()}});
    } catch (...) {
        bot::log::error("websocket: handler threw", {{"handler", what}, {"error", "unknown"}});
    }
}

} // namespace

std::shared_ptr<WebSocketClient> WebSocketClient::create(asio::io_context& io,
                                                         asio::ssl::context& tls,
                                                         WebSocketHandlers handlers,
                                                         WebSocketOptions options) {
    return std::make_shared<WebSocketClient>(Token{}, io, tls, std::move(handlers),
                                             std::move(options));
}

WebSocketClient::WebSocketClient(Token, asio::io_context& io, asio::ssl::context& tls,
                                 WebSocketHandlers handlers, WebSocketOptions options)
    : m_io(io)
    , m_tls_context(tls)
    , m_handlers(std::move(handlers))
    , m_options(std::move(options))
    , m_resolver(io) {}

beast::tcp_stream& WebSocketClient::tcp() {
    return m_tls ? beast::get_lowest_layer(*m_tls) : beast::get_lowest_layer(*m_plain);
}

void WebSocketClient::connect(const Url& url) {
    if (m_state != State::idle) {
        bot::log::error("websocket: connect called twice", {{"url", url.for_log()}});
        return;
    }
    m_url = url;
    if (!url.websocket()) {
        m_state = State::connecting;
        asio::post(m_io, [self = shared_from_this()] {
            self->finish(asio::error::operation_not_supported, "not a ws:// or wss:// URL");
        });
        return;
    }
    m_state = State::connecting;
    if (url.tls()) {
        m_tls.emplace(m_io, m_tls_context);
    } else {
        m_plain.emplace(m_io);
    }
    bot::log::debug("websocket: connecting", {{"url", url.for_log()}});
    detail::async_open(tcp(), m_resolver, m_url,
                       std::chrono::steady_clock::now() + m_options.handshake_timeout,
                       [self = shared_from_this()](error_code ec) { self->on_connect(ec); });
}

void WebSocketClient::on_connect(error_code ec) {
    if (ec || m_close_requested) {
        fail(ec ? ec : asio::error::operation_aborted);
        return;
    }
    if (!m_tls) {
        start_handshake();
        return;
    }
    ec = prepare_client_tls(m_tls->next_layer(), m_url.host);
    if (ec) {
        fail(ec);
        return;
    }
    // Still under the connect deadline set on the tcp_stream.
    m_tls->next_layer().async_handshake(
        asio::ssl::stream_base::client,
        beast::bind_front_handler(&WebSocketClient::on_tls_handshake, shared_from_this()));
}

void WebSocketClient::on_tls_handshake(error_code ec) {
    if (ec || m_close_requested) {
        fail(ec ? ec : asio::error::operation_aborted);
        return;
    }
    start_handshake();
}

void WebSocketClient::start_handshake() {
    // The websocket stream has its own timer; a tcp_stream deadline would cut
    // the long-lived connection (Beast websocket client examples).
    tcp().expires_never();
    with_ws([this](auto& ws) {
        // keep_alive_pings: a quiet connection is pinged first, so only a dead
        // one times out (Slack expects clients to notice unanswered pings).
        ws.set_option(websocket::stream_base::timeout{m_options.handshake_timeout,
                                                      m_options.idle_timeout, true});
        ws.set_option(websocket::stream_base::decorator(
            [headers = m_options.headers,
             agent = m_options.user_agent](websocket::request_type& request) {
                request.set(beast::http::field::user_agent, agent);
                for (const auto& field : headers) {
                    request.set(field.name_string(), field.value());
                }
            }));
        ws.read_message_max(m_options.max_message);
        ws.async_handshake(
            m_url.host_header(), m_url.target,
            beast::bind_front_handler(&WebSocketClient::on_handshake, shared_from_this()));
    });
}

void WebSocketClient::on_handshake(error_code ec) {
    if (ec || m_close_requested) {
        fail(ec ? ec : asio::error::operation_aborted);
        return;
    }
    m_state = State::open;
    bot::log::debug("websocket: open", {{"url", m_url.for_log()}});
    // Read first, so pings are answered even while on_open runs.
    start_read();
    if (!m_queue.empty()) {
        start_write();
    }
    call_safely("on_open", m_handlers.on_open);
}

void WebSocketClient::start_read() {
    with_ws([this](auto& ws) {
        ws.async_read(m_buffer,
                      beast::bind_front_handler(&WebSocketClient::on_read, shared_from_this()));
    });
}

void WebSocketClient::on_read(error_code ec, std::size_t /*bytes*/) {
    if (ec) {
        fail(ec);
        return;
    }
    bool is_text = true;
    with_ws([&](auto& ws) { is_text = ws.got_text(); });
    std::string message = beast::buffers_to_string(m_buffer.data());
    m_buffer.consume(m_buffer.size());
    if (is_text) {
        call_safely("on_message", m_handlers.on_message, std::move(message));
    } else {
        bot::log::debug("websocket: binary message ignored", {{"url", m_url.for_log()}});
    }
    if (m_state != State::closed) {
        start_read();
    }
}

bool WebSocketClient::send(std::string text) {
    if (m_state == State::closing || m_state == State::closed) {
        return false;
    }
    m_queue.push_back(std::move(text));
    if (m_state == State::open && !m_writing) {
        start_write();
    }
    return true;
}

void WebSocketClient::start_write() {
    // At most one async_write in flight (Beast chat-multi on_send/on_write).
    m_writing = true;
    with_ws([this](auto& ws) {
        ws.text(true);
        ws.async_write(asio::buffer(m_queue.front()),
                       beast::bind_front_handler(&WebSocketClient::on_write, shared_from_this()));
    });
}

void WebSocketClient::on_write(error_code ec, std::size_t /*bytes*/) {
    m_writing = false;
    if (ec) {
        fail(ec);
        return;
    }
    if (m_state == State::closed) {
        return;
    }
    m_queue.pop_front();
    if (!m_queue.empty()) {
        start_write();
    } else if (m_state == State::closing) {
        start_close();
    }
}

void WebSocketClient::close() {
    switch (m_state) {
    case State::idle:
        m_state = State::closing;
        asio::post(m_io, [self = shared_from_this()] { self->finish({}, "closed by client"); });
        return;
    case State::connecting:
        // Nothing worth a close handshake yet: abandon the connection; the
        // pending step fails and reports the close.
        m_close_requested = true;
        m_state = State::closing;
        m_resolver.cancel();
        if (m_tls || m_plain) {
            tcp().close();
        }
        return;
    case State::open:
        m_close_requested = true;
        m_state = State::closing;
        if (!m_writing) {
            start_close();
        }
        return;
    case State::closing:
    case State::closed:
        return;
    }
}

void WebSocketClient::start_close() {
    with_ws([this](auto& ws) {
        ws.async_close(
            websocket::close_code::normal,
            beast::bind_front_handler(&WebSocketClient::on_close_sent, shared_from_this()));
    });
}

void WebSocketClient::on_close_sent(error_code ec) {
    // Success means the server's close frame arrived and the stream is torn down.
    fail(ec ? ec : websocket::error::closed);
}

void WebSocketClient::fail(error_code ec) {
    if (m_state == State::closed) {
        return;
    }
    if (m_close_requested) {
        finish({}, "closed by client");
        return;
    }
    std::string reason;
    if (ec == websocket::error::closed) {
        websocket::close_reason cr;
        with_ws([&](auto& ws) { cr = ws.reason(); });
        reason = "closed by server (code " + std::to_string(cr.code) + ")";
        if (!cr.reason.empty()) {
            reason += ": " + std::string(cr.reason.data(), cr.reason.size());
        }
    } else if (ec == beast::error::timeout) {
        reason = m_state == State::open ? "no frame within the idle timeout" : "connect timed out";
    } else if (m_tls && is_certificate_error(ec)) {
        reason = describe_tls_error(ec, m_tls->next_layer().native_handle());
    } else {
        reason = ec.message();
    }
    finish(ec, std::move(reason));
}

void WebSocketClient::finish(error_code ec, std::string reason) {
    if (m_state == State::closed) {
        return;
    }
    m_state = State::closed;
    m_queue.clear();
    m_resolver.cancel();
    if (m_tls || m_plain) {
        tcp().close();
    }
    bot::log::debug("websocket: closed", {{"url", m_url.for_log()}, {"reason", reason}});
    // Handlers go now: they may hold our owner, which may hold us.
    auto on_close = std::move(m_handlers.on_close);
    m_handlers = {};
    call_safely("on_close", on_close, ec, std::move(reason));
}

} // namespace onevoice::integrations::net
