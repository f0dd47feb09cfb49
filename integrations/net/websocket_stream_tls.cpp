// WebSocketStream over TLS: the Beast websocket operations for ssl_stream only.
#include "integrations/net/websocket_stream_impl.hpp"

#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace onevoice::integrations::net::detail {

std::unique_ptr<WebSocketStream> make_tls_websocket_stream(boost::asio::io_context& io,
                                                           boost::asio::ssl::context& tls) {
    using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
    return std::make_unique<BasicWebSocketStream<TlsStream>>(io, tls);
}

} // namespace onevoice::integrations::net::detail
