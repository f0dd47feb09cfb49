#pragma once

#include "integrations/net/url.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>

namespace onevoice::integrations::net::detail {

// Opens the TCP connection of `stream` to the host and port of `url` before
// `deadline`: an IP literal directly, a name through `resolver`. `done(ec)`
// runs exactly once on the io thread, with beast::error::timeout when the
// deadline passed. `done` must keep `stream` and `resolver` alive (capture
// their owner's shared_ptr). Shared by HttpConnection and WebSocketClient.
void async_open(boost::beast::tcp_stream& stream, boost::asio::ip::tcp::resolver& resolver,
                const Url& url, std::chrono::steady_clock::time_point deadline,
                std::function<void(boost::system::error_code)> done);

} // namespace onevoice::integrations::net::detail
