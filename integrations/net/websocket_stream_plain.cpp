// WebSocketStream over plain TCP: the Beast websocket operations for tcp_stream only.
#include "integrations/net/websocket_stream_impl.hpp"

namespace onevoice::integrations::net::detail {

std::unique_ptr<WebSocketStream> make_plain_websocket_stream(boost::asio::io_context& io) {
    return std::make_unique<BasicWebSocketStream<boost::beast::tcp_stream>>(io);
}

} // namespace onevoice::integrations::net::detail
