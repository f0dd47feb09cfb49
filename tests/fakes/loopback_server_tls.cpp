// The loopback servers' sessions over TLS only.
#include "tests/fakes/loopback_sessions.hpp"

namespace onevoice::tests::loopback {

void start_tls_http(tcp::socket socket, const std::shared_ptr<LoopbackHttpServer::State>& state) {
    auto session = std::make_shared<HttpSession<TlsStream>>(
        TlsStream(beast::tcp_stream(std::move(socket)), *state->tls), state);
    state->track(session);
    session->start();
}

void start_tls_ws(tcp::socket socket, const std::shared_ptr<LoopbackWsServer::State>& state) {
    auto session = std::make_shared<WsSession<TlsStream>>(std::move(socket), state);
    state->track(session);
    session->start();
}

} // namespace onevoice::tests::loopback
