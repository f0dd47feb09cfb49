// HttpConnection over plain TCP: the Beast operations for tcp_stream only.
#include "integrations/net/http_connection_impl.hpp"

namespace onevoice::integrations::net::detail {

std::shared_ptr<HttpConnection> make_plain_http_connection(boost::asio::io_context& io,
                                                           const Url& origin,
                                                           const HttpClientOptions& options) {
    return std::make_shared<BasicHttpConnection<boost::beast::tcp_stream>>(io, origin, options);
}

} // namespace onevoice::integrations::net::detail
