#include "tests/fakes/loopback_server.hpp"

#include "tests/fakes/loopback_sessions.hpp"

#include <algorithm>

namespace onevoice::tests {

namespace {

void accept_http(const std::shared_ptr<LoopbackHttpServer::State>& state) {
    state->acceptor.async_accept([state](error_code ec, tcp::socket socket) {
        if (ec) {
            return;
        }
        ++state->accepted;
        if (state->tls != nullptr) {
            loopback::start_tls_http(std::move(socket), state);
        } else {
            loopback::start_plain_http(std::move(socket), state);
        }
        accept_http(state);
    });
}

void accept_ws(const std::shared_ptr<LoopbackWsServer::State>& state) {
    state->acceptor.async_accept([state](error_code ec, tcp::socket socket) {
        if (ec) {
            return;
        }
        if (state->tls != nullptr) {
            loopback::start_tls_ws(std::move(socket), state);
        } else {
            loopback::start_plain_ws(std::move(socket), state);
        }
        accept_ws(state);
    });
}

} // namespace

LoopbackHttpServer::LoopbackHttpServer(asio::io_context& io, asio::ssl::context* tls,
                                       Handler handler)
    : m_state(std::make_shared<State>(io, tls)) {
    m_state->handler = std::move(handler);
    accept_http(m_state);
}

LoopbackHttpServer::~LoopbackHttpServer() {
    error_code ignored;
    m_state->acceptor.close(ignored);
    m_state->close_all();
}

std::uint16_t LoopbackHttpServer::port() const {
    return m_state->acceptor.local_endpoint().port();
}
std::string LoopbackHttpServer::url(std::string_view path, std::string_view host) const {
    return m_state->url("http", path, host);
}
int LoopbackHttpServer::accepted() const {
    return m_state->accepted;
}
int LoopbackHttpServer::handled() const {
    return m_state->handled;
}
void LoopbackHttpServer::close_connections() {
    m_state->close_all();
}
void LoopbackHttpServer::set_close_after_response(bool close) {
    m_state->close_after_response = close;
}

LoopbackWsServer::LoopbackWsServer(asio::io_context& io, asio::ssl::context* tls, Handlers handlers)
    : m_state(std::make_shared<State>(io, tls)) {
    m_state->handlers = std::move(handlers);
    accept_ws(m_state);
}

LoopbackWsServer::~LoopbackWsServer() {
    error_code ignored;
    m_state->acceptor.close(ignored);
    m_state->close_all();
}

std::uint16_t LoopbackWsServer::port() const {
    return m_state->acceptor.local_endpoint().port();
}
std::string LoopbackWsServer::url(std::string_view path, std::string_view host) const {
    return m_state->url("ws", path, host);
}
int LoopbackWsServer::accepted() const {
    return m_state->accepted;
}

bool run_until(asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!done()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= end) {
            return false;
        }
        if (io.stopped()) {
            io.restart();
        }
        io.run_one_for(std::min<std::chrono::steady_clock::duration>(
            end - now, std::chrono::milliseconds(50)));
    }
    return true;
}

} // namespace onevoice::tests
