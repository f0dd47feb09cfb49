// The loopback servers' sessions over plain TCP only.
#include "tests/fakes/loopback_sessions.hpp"

namespace onevoice::tests::loopback {

void start_plain_http(tcp::socket socket, const std::shared_ptr<LoopbackHttpServer::State>& state) {
    auto session = std::make_shared<HttpSession<beast::tcp_stream>>(
        beast::tcp_stream(std::move(socket)), state);
    state->track(session);
    session->start();
}

void start_plain_ws(tcp::socket socket, const std::shared_ptr<LoopbackWsServer::State>& state) {
    auto session = std::make_shared<WsSession<beast::tcp_stream>>(std::move(socket), state);
    state->track(session);
    session->start();
}

} // namespace onevoice::tests::loopback
