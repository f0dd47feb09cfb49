#pragma once

#include "integrations/net/http_transport.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
namespace ssl {
class context;
} // namespace ssl
} // namespace boost::asio

namespace onevoice::integrations::net {

struct HttpClientOptions {
    std::size_t max_body = 8 * 1024 * 1024; // a larger response fails with too_large
    std::size_t max_header = 64 * 1024;     // the status line and headers
    int max_connections_per_host = 4;       // more concurrent requests wait in a queue
    std::chrono::milliseconds max_idle = std::chrono::seconds(30); // older idle ones are closed
    std::string user_agent = "OneVoice";
    // Watch idle connections and drop one as soon as the server closes it.
    // Off, a closed idle connection is noticed only when next used (and the
    // request retried); tests turn it off to exercise that path.
    bool watch_idle = true;
    // Asked with the peer's address once a new connection is open, before
    // anything is sent (so also after DNS resolution and for every redirect
    // hop): false closes it and fails the request with
    // HttpError::refused_peer. Empty: every address is fine. The source
    // fetcher refuses private addresses with it (issue #17).
    // The address comes as text ("127.0.0.1", "::1").
    std::function<bool(const std::string& address)> accept_peer;
};

// The real HttpTransport: an asynchronous HTTP/1.1 client over plain TCP or
// TLS with keep-alive.
//
// Connections are pooled per scheme, host and port: a finished exchange
// leaves its connection idle for the next request to the same origin; up to
// `max_connections_per_host` requests run at once, the rest wait in order.
// A request that fails on a reused connection before any byte of the answer
// arrived (the server closed it while idle) is retried once on a new one,
// whatever the method, as browsers do: only a server that handled a request
// and then closed without answering would see it twice.
//
// Threads: `request` may be called from any thread; everything else happens
// on the io_context's thread, including every callback. Construct and
// destroy the client on that thread (or while the io_context is not running).
// `tls` must outlive the client.
class HttpClient final : public HttpTransport {
public:
    HttpClient(boost::asio::io_context& io, boost::asio::ssl::context& tls,
               HttpClientOptions options = {});
    // Closes every connection. Callbacks of requests still running are then
    // dropped without being called.
    ~HttpClient() override;
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Starts `request`; `done` is called exactly once, later, on the io thread
    // (never from inside this call). An exception thrown by `done` is logged
    // and swallowed.
    void request(HttpRequest request, Callback done) override;

    // Connections kept open for reuse, over all origins (io thread; for
    // metrics and tests).
    std::size_t idle_connections() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace onevoice::integrations::net
