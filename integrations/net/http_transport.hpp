#pragma once

#include "integrations/net/url.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onevoice::integrations::net {

enum class HttpMethod { get, head, post, put, patch, delete_ };

// "GET", "POST"…
std::string_view to_string(HttpMethod method);

// Header fields in the order they were set. Names compare without regard to
// case (RFC 9110 §5.1); values are kept as given.
class HttpHeaders {
public:
    using Field = std::pair<std::string, std::string>;

    // Replaces every field named `name` by one with `value`.
    void set(std::string_view name, std::string value);
    // Appends a field, keeping any of the same name (a response's Set-Cookie).
    void add(std::string_view name, std::string value);
    // The first value of `name`, empty when absent. Valid until the next change.
    std::string_view get(std::string_view name) const;
    bool contains(std::string_view name) const;

    std::vector<Field>::const_iterator begin() const { return m_fields.begin(); }
    std::vector<Field>::const_iterator end() const { return m_fields.end(); }
    bool empty() const { return m_fields.empty(); }

private:
    std::vector<Field> m_fields;
};

// One HTTP/1.1 request. The transport adds Host, User-Agent (unless set here)
// and Content-Length (for a body, and for an empty POST/PUT/PATCH).
// Authorization and other secrets go into `headers`; a transport never logs
// headers or bodies, only the method and `url.for_log()`.
struct HttpRequest {
    HttpMethod method = HttpMethod::get;
    Url url;
    HttpHeaders headers;
    std::string body;
    // For the whole exchange: connecting, TLS, sending and the complete
    // response. Matrix long-polls (/sync?timeout=30000) need more than 30 s.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

// Why no complete response arrived.
enum class HttpError {
    none,
    network,      // resolve, connect, reset, a read or write error…
    timeout,      // the request's timeout passed
    too_large,    // the body passed the transport's size cap
    certificate,  // the server's TLS certificate failed verification
    refused_peer, // the connected address was refused (HttpClientOptions::accept_peer)
    unsupported,  // not an http(s) URL
};

// The outcome of one request. Any HTTP status, also 4xx/5xx, is a response
// with `error` none.
struct HttpResult {
    HttpError error = HttpError::none;
    std::string error_text; // the system's description of `error`, for logs and replies
    int status = 0;
    HttpHeaders headers;
    std::string body;

    bool failed() const { return error != HttpError::none; }
    // The first value of header `name` (any case), empty when absent. Valid
    // while this result lives.
    std::string_view header(std::string_view name) const { return headers.get(name); }
};

// The Retry-After header as a number of seconds (capped at an hour); nullopt
// when it is absent or not a number (Slack and Matrix send seconds, never an
// HTTP date).
std::optional<std::chrono::seconds> retry_after(const HttpResult& result);

// Sends HTTP requests: the seam between the platform clients (Slack Web API,
// Matrix client API, the source fetcher) and the network. HttpClient is the
// real one; tests script answers with tests::ScriptedHttp.
class HttpTransport {
public:
    using Callback = std::function<void(HttpResult)>;

    virtual ~HttpTransport() = default;

    // Starts `request`; `done` is called exactly once, later, on the io
    // thread (never from inside this call), unless the transport is
    // destroyed first: then it is dropped without being called.
    virtual void request(HttpRequest request, Callback done) = 0;

protected:
    HttpTransport() = default;
    HttpTransport(const HttpTransport&) = default;
    HttpTransport& operator=(const HttpTransport&) = default;
};

} // namespace onevoice::integrations::net
