#pragma once

// Internal to tests/fakes: the server sessions of loopback_server.cpp, one
// template each for HTTP and websocket, compiled once for plain TCP
// (loopback_server_plain.cpp) and once for TLS (loopback_server_tls.cpp), so
// that no file compiles every Beast operation twice.

#include "tests/fakes/loopback_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <algorithm>
#include <deque>
#include <optional>
#include <type_traits>

namespace onevoice::tests {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using boost::system::error_code;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace loopback {

struct Closable {
    virtual ~Closable() = default;
    virtual void close_now() = 0;
};

struct ServerBase {
    ServerBase(asio::io_context& io_, asio::ssl::context* tls_)
        : io(io_)
        , tls(tls_)
        , acceptor(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
    void close_all() {
        for (auto& session : sessions) {
            session->close_now();
        }
        sessions.clear();
    }
    // Held strongly, so a silent session lives on; close_all() (at the
    // latest the destructor) breaks the session -> state -> session cycle.
    void track(std::shared_ptr<Closable> session) { sessions.push_back(std::move(session)); }
    std::string url(std::string_view scheme, std::string_view path, std::string_view host) const {
        return std::string(scheme) + (tls != nullptr ? "s" : "") + "://" + std::string(host) + ":" +
               std::to_string(acceptor.local_endpoint().port()) + std::string(path);
    }

    asio::io_context& io;
    asio::ssl::context* tls;
    tcp::acceptor acceptor;
    std::vector<std::shared_ptr<Closable>> sessions;
    int accepted = 0;
};

template <class Stream>
beast::tcp_stream& lowest(Stream& stream) {
    return beast::get_lowest_layer(stream);
}

} // namespace loopback

// ---- HTTP ---------------------------------------------------------------

struct LoopbackHttpServer::State : loopback::ServerBase {
    using ServerBase::ServerBase;
    Handler handler;
    int handled = 0;
    bool close_after_response = false;
};

namespace loopback {

template <class Stream>
class HttpSession : public Closable, public std::enable_shared_from_this<HttpSession<Stream>> {
public:
    HttpSession(Stream stream, std::shared_ptr<LoopbackHttpServer::State> state)
        : m_stream(std::move(stream))
        , m_state(std::move(state)) {}

    void start() {
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            m_stream.async_handshake(asio::ssl::stream_base::server,
                                     [self = this->shared_from_this()](error_code ec) {
                                         if (!ec) {
                                             self->read();
                                         }
                                     });
        } else {
            read();
        }
    }
    void close_now() override { lowest(m_stream).close(); }

private:
    void read() {
        m_request = {};
        http::async_read(m_stream, m_buffer, m_request,
                         [self = this->shared_from_this()](error_code ec, std::size_t) {
                             if (ec) {
                                 self->close_now();
                                 return;
                             }
                             self->dispatch();
                         });
    }
    void dispatch() {
        ++m_state->handled;
        auto answered = std::make_shared<bool>(false);
        std::weak_ptr<HttpSession> weak = this->shared_from_this();
        m_state->handler(m_request, [weak, answered](HttpResponseMessage response) {
            auto self = weak.lock();
            if (self && !*answered) {
                *answered = true;
                self->write(std::move(response));
            }
        });
    }
    void write(HttpResponseMessage response) {
        response.prepare_payload();
        const bool keep =
            response.keep_alive() && m_request.keep_alive() && !m_state->close_after_response;
        auto message = std::make_shared<HttpResponseMessage>(std::move(response));
        http::async_write(
            m_stream, *message,
            [self = this->shared_from_this(), message, keep](error_code ec, std::size_t) {
                if (ec || !keep) {
                    self->close_now();
                    return;
                }
                self->read();
            });
    }

    Stream m_stream;
    std::shared_ptr<LoopbackHttpServer::State> m_state;
    beast::flat_buffer m_buffer;
    HttpRequestMessage m_request;
};

} // namespace loopback

// ---- WebSocket ------------------------------------------------------------

struct LoopbackWsServer::State : loopback::ServerBase {
    using ServerBase::ServerBase;
    Handlers handlers;
};

namespace loopback {

template <class Next>
class WsSession : public LoopbackWsServer::Session,
                  public Closable,
                  public std::enable_shared_from_this<WsSession<Next>> {
public:
    WsSession(tcp::socket socket, std::shared_ptr<LoopbackWsServer::State> state)
        : m_ws(make_stream(std::move(socket), *state))
        , m_state(std::move(state)) {}

    void start() {
        m_ws.control_callback([this](websocket::frame_type kind, beast::string_view) {
            if (kind == websocket::frame_type::pong) {
                ++m_pongs;
            }
        });
        if constexpr (std::is_same_v<Next, TlsStream>) {
            m_ws.next_layer().async_handshake(asio::ssl::stream_base::server,
                                              [self = this->shared_from_this()](error_code ec) {
                                                  if (ec) {
                                                      self->m_closed = true;
                                                      return;
                                                  }
                                                  self->accept();
                                              });
        } else {
            accept();
        }
    }

    void send(std::string text) override {
        m_queue.push_back(std::move(text));
        if (m_queue.size() == 1) {
            write();
        }
    }
    void ping(std::string payload) override {
        m_ws.async_ping(websocket::ping_data(payload.c_str()),
                        [self = this->shared_from_this()](error_code) {});
    }
    void close(websocket::close_code code, std::string reason) override {
        m_ws.async_close(websocket::close_reason(code, reason.c_str()),
                         [self = this->shared_from_this()](error_code) { self->m_closed = true; });
    }
    void drop() override { close_now(); }
    void cut(std::string text) override {
        m_cut = std::move(text);
        if (m_queue.empty()) {
            write_cut();
        }
    }
    void silence() override { m_silent = true; }
    int pongs() const override { return m_pongs; }
    bool closed() const override { return m_closed; }
    void close_now() override {
        m_closed = true;
        lowest(m_ws).close();
    }

private:
    static websocket::stream<Next> make_stream(tcp::socket socket, LoopbackWsServer::State& state) {
        if constexpr (std::is_same_v<Next, TlsStream>) {
            return websocket::stream<Next>(beast::tcp_stream(std::move(socket)), *state.tls);
        } else {
            return websocket::stream<Next>(std::move(socket));
        }
    }
    void accept() {
        m_ws.async_accept([self = this->shared_from_this()](error_code ec) {
            if (ec) {
                self->m_closed = true;
                return;
            }
            ++self->m_state->accepted;
            if (self->m_state->handlers.on_accept) {
                self->m_state->handlers.on_accept(self);
            }
            if (!self->m_silent) {
                self->read();
            }
        });
    }
    void read() {
        m_ws.async_read(m_buffer, [self = this->shared_from_this()](error_code ec, std::size_t) {
            if (ec) {
                self->m_closed = true;
                return;
            }
            std::string text = beast::buffers_to_string(self->m_buffer.data());
            self->m_buffer.consume(self->m_buffer.size());
            if (self->m_state->handlers.on_message) {
                self->m_state->handlers.on_message(*self, std::move(text));
            }
            self->read();
        });
    }
    void write() {
        m_ws.text(true);
        m_ws.async_write(asio::buffer(m_queue.front()),
                         [self = this->shared_from_this()](error_code ec, std::size_t) {
                             if (ec) {
                                 self->m_closed = true;
                                 return;
                             }
                             self->m_queue.pop_front();
                             if (!self->m_queue.empty()) {
                                 self->write();
                             } else if (self->m_cut) {
                                 self->write_cut();
                             }
                         });
    }
    // RFC 6455 §5.2 by hand (Beast writes only whole frames): an unmasked final text frame
    // announcing all of the payload, then half of it, then SO_LINGER 0 so close() sends RST.
    void write_cut() {
        const std::string text = std::move(*m_cut);
        m_cut.reset();
        auto frame = std::make_shared<std::string>("\x81");
        const std::size_t size = text.size();
        if (size < 126) {
            *frame += static_cast<char>(size);
        } else {
            *frame += static_cast<char>(size < 65536 ? 126 : 127);
            for (int shift = size < 65536 ? 8 : 56; shift >= 0; shift -= 8) {
                *frame += static_cast<char>((size >> shift) & 0xff);
            }
        }
        *frame += text.substr(0, size / 2);
        asio::async_write(
            m_ws.next_layer(), asio::buffer(*frame),
            [self = this->shared_from_this(), frame](error_code, std::size_t) {
                error_code ignored;
                lowest(self->m_ws).socket().set_option(asio::socket_base::linger(true, 0), ignored);
                self->close_now();
            });
    }

    websocket::stream<Next> m_ws;
    std::shared_ptr<LoopbackWsServer::State> m_state;
    beast::flat_buffer m_buffer;
    std::deque<std::string> m_queue;
    std::optional<std::string> m_cut;
    int m_pongs = 0;
    bool m_silent = false;
    bool m_closed = false;
};

} // namespace loopback

namespace loopback {

// Start serving one accepted connection (plain: loopback_server_plain.cpp, TLS: _tls.cpp).
void start_plain_http(tcp::socket socket, const std::shared_ptr<LoopbackHttpServer::State>& state);
void start_tls_http(tcp::socket socket, const std::shared_ptr<LoopbackHttpServer::State>& state);
void start_plain_ws(tcp::socket socket, const std::shared_ptr<LoopbackWsServer::State>& state);
void start_tls_ws(tcp::socket socket, const std::shared_ptr<LoopbackWsServer::State>& state);

} // namespace loopback

} // namespace onevoice::tests
