#pragma once

#include "integrations/net/http_client.hpp"

#include <chrono>
#include <functional>
#include <memory>

namespace onevoice::integrations::net::detail {

// How one exchange on an HttpConnection ended.
struct Exchange {
    HttpResult result;
    bool keep_alive = false;  // the connection may carry the next request
    bool retry_fresh = false; // failed on a reused connection before any answer: safe to resend
};

// One client connection to one origin (HttpClient's pool entry). Runs one
// exchange at a time: connects on the first, then reuses the stream. Lives in
// a shared_ptr; every pending operation holds it. All calls on the io thread.
// Plain and TLS connections are one template (http_connection_impl.hpp)
// compiled once per stream type, in http_connection_plain.cpp and
// http_connection_tls.cpp, so that no file compiles every Beast operation twice.
class HttpConnection {
public:
    using Clock = std::chrono::steady_clock;

    virtual ~HttpConnection() = default;

    // Sends `request` (connecting first if needed) and reads the response.
    // `done` is called exactly once, on the io thread, unless close() raced.
    virtual void exchange(const HttpRequest& request, std::function<void(Exchange)> done) = 0;

    // While idle in the pool: `on_stale` runs if the socket becomes readable
    // (the server closed it, or sent something unasked). stop_watching()
    // before the next exchange.
    virtual void watch_idle(std::function<void()> on_stale) = 0;
    virtual void stop_watching() = 0;

    // Closes the socket; a running exchange completes with an error.
    virtual void close() = 0;
    virtual bool is_open() const = 0;
    virtual Clock::time_point idle_since() const = 0;

protected:
    HttpConnection() = default;
};

// A new connection to the origin of `origin`: TLS (with `tls`) for https, else plain TCP.
std::shared_ptr<HttpConnection> make_http_connection(boost::asio::io_context& io,
                                                     boost::asio::ssl::context& tls,
                                                     const Url& origin,
                                                     const HttpClientOptions& options);

// The two halves of make_http_connection, each in its own file.
std::shared_ptr<HttpConnection> make_plain_http_connection(boost::asio::io_context& io,
                                                           const Url& origin,
                                                           const HttpClientOptions& options);
std::shared_ptr<HttpConnection> make_tls_http_connection(boost::asio::io_context& io,
                                                         boost::asio::ssl::context& tls,
                                                         const Url& origin,
                                                         const HttpClientOptions& options);

} // namespace onevoice::integrations::net::detail
