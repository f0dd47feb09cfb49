#include "integrations/net/websocket_client.hpp"

#include "bot/runtime/log.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/net/websocket_stream.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/error.hpp>

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
    , m_options(std::move(options)) {}

WebSocketClient::~WebSocketClient() = default;

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
    m_stream = url.tls() ? detail::make_tls_websocket_stream(m_io, m_tls_context)
                         : detail::make_plain_websocket_stream(m_io);
    bot::log::debug("websocket: connecting", {{"url", url.for_log()}});
    m_stream->connect(m_url, std::chrono::steady_clock::now() + m_options.handshake_timeout,
                      [self = shared_from_this()](error_code ec) { self->on_connect(ec); });
}

void WebSocketClient::on_connect(error_code ec) {
    if (ec || m_close_requested) {
        fail(ec ? ec : asio::error::operation_aborted);
        return;
    }
    if (!m_stream->is_tls()) {
        start_handshake();
        return;
    }
    m_stream->tls_handshake(m_url.host, [self = shared_from_this()](error_code tls_ec) {
        self->on_tls_handshake(tls_ec);
    });
}

void WebSocketClient::on_tls_handshake(error_code ec) {
    if (ec || m_close_requested) {
        fail(ec ? ec : asio::error::operation_aborted);
        return;
    }
    start_handshake();
}

void WebSocketClient::start_handshake() {
    m_stream->handshake(m_options, m_url,
                        [self = shared_from_this()](error_code ec) { self->on_handshake(ec); });
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
    m_stream->read([self = shared_from_this()](error_code ec) { self->on_read(ec); });
}

void WebSocketClient::on_read(error_code ec) {
    if (ec) {
        fail(ec);
        return;
    }
    const bool is_text = m_stream->got_text();
    std::string message = m_stream->take_message();
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
    m_stream->write(m_queue.front(),
                    [self = shared_from_this()](error_code ec) { self->on_write(ec); });
}

void WebSocketClient::on_write(error_code ec) {
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
        if (m_stream) {
            m_stream->abandon();
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
    m_stream->close([self = shared_from_this()](error_code ec) { self->on_close_sent(ec); });
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
        reason = m_stream->close_reason();
    } else if (ec == beast::error::timeout) {
        reason = m_state == State::open ? "no frame within the idle timeout" : "connect timed out";
    } else if (m_stream && m_stream->is_tls() && is_certificate_error(ec)) {
        reason = m_stream->describe_tls_error(ec);
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
    if (m_stream) {
        m_stream->abandon();
    }
    bot::log::debug("websocket: closed", {{"url", m_url.for_log()}, {"reason", reason}});
    // Handlers go now: they may hold our owner, which may hold us.
    auto on_close = std::move(m_handlers.on_close);
    m_handlers = {};
    call_safely("on_close", on_close, ec, std::move(reason));
}

} // namespace onevoice::integrations::net
