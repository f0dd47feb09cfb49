#pragma once

#include "integrations/net/url.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::integrations::net {

// One HTTP/1.1 request. The client adds Host, User-Agent (unless set here)
// and Content-Length (for a body, and for an empty POST/PUT/PATCH).
// Authorization and other secrets go into `headers`; the client never logs
// headers or bodies, only the method and `url.for_log()`.
struct HttpRequest {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    Url url;
    boost::beast::http::fields headers;
    std::string body;
    // For the whole exchange: connecting, TLS, sending and the complete
    // response. Matrix long-polls (/sync?timeout=30000) need more than 30 s.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

// The outcome of one request. `ec` is set when no complete response arrived:
// resolve, connect, TLS (see is_certificate_error), beast::error::timeout,
// http::error::body_limit, a read error, or asio::error::operation_not_supported
// for a ws/wss URL. Any HTTP status, also 4xx/5xx, is a response with ec clear.
struct HttpResult {
    boost::system::error_code ec;
    int status = 0;
    boost::beast::http::fields headers; // case-insensitive lookup
    std::string body;

    // The first value of header `name` (any case), empty when absent. Valid
    // while this result lives.
    std::string_view header(std::string_view name) const;
};

// The Retry-After header as a number of seconds (capped at an hour); nullopt
// when it is absent or not a number (Slack and Matrix send seconds, never an
// HTTP date).
std::optional<std::chrono::seconds> retry_after(const HttpResult& result);

struct HttpClientOptions {
    std::size_t max_body = 8 * 1024 * 1024; // a larger response fails with body_limit
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
    // asio::error::access_denied. Empty: every address is fine. The source
    // fetcher refuses private addresses with it (issue #17).
    std::function<bool(const boost::asio::ip::address&)> accept_peer;
};

// An asynchronous HTTP/1.1 client over plain TCP or TLS with keep-alive.
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
class HttpClient {
public:
    using Callback = std::function<void(HttpResult)>;

    HttpClient(boost::asio::io_context& io, boost::asio::ssl::context& tls,
               HttpClientOptions options = {});
    // Closes every connection. Callbacks of requests still running are then
    // dropped without being called.
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Starts `request`; `done` is called exactly once, later, on the io thread
    // (never from inside this call). An exception thrown by `done` is logged
    // and swallowed.
    void request(HttpRequest request, Callback done);

    // Connections kept open for reuse, over all origins (io thread; for
    // metrics and tests).
    std::size_t idle_connections() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace onevoice::integrations::net
