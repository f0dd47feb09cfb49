// HttpConnection over TLS: the Beast operations for ssl_stream only.
#include "integrations/net/http_connection_impl.hpp"

#include <boost/beast/ssl/ssl_stream.hpp>

namespace onevoice::integrations::net::detail {

std::shared_ptr<HttpConnection> make_tls_http_connection(boost::asio::io_context& io,
                                                         boost::asio::ssl::context& tls,
                                                         const Url& origin,
                                                         const HttpClientOptions& options) {
    using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
    return std::make_shared<BasicHttpConnection<TlsStream>>(io, origin, options, tls);
}

} // namespace onevoice::integrations::net::detail
