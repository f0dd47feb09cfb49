#pragma once

#include "bot/model/secret.hpp"
#include "bot/runtime/outbox.hpp"
#include "integrations/net/http_transport.hpp"
#include "integrations/net/url.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace onevoice::integrations::matrix {

// The outcome of one client-server API call. Errors come as a 4xx/5xx status
// with the standard error body {"errcode": "M_…", "error": "…"}; rate limits
// as 429 M_LIMIT_EXCEEDED with "retry_after_ms" (and, since v1.10, a
// Retry-After header); outages as 5xx or a network error (`transport_error`).
struct ApiResponse {
    net::HttpError transport_error = net::HttpError::none; // no complete answer arrived
    int status = 0;
    std::string errcode; // "M_UNKNOWN_TOKEN"; empty on success or without an error body
    std::string error;   // a short description for the log
    std::optional<bot::Duration> retry_after;
    nlohmann::json body = nlohmann::json::object();
    // Where the server's text held what no JSON parser accepts (an unpaired
    // surrogate escape, a byte that is not UTF-8), `body` has this marker
    // instead: U+FFFD and a tag random per response, so a user cannot type it.
    // Parsers skip what holds it. "" when the body needed no repair.
    std::string undecodable;

    bool ok() const {
        return transport_error == net::HttpError::none && status >= 200 && status < 300;
    }
    // The access token is unknown, expired or logged out: only a new login helps.
    bool is_unknown_token() const { return errcode == "M_UNKNOWN_TOKEN" || status == 401; }
};

// How the outbox treats a call's outcome (STYLE.md §3: classified once per
// platform): 429/M_LIMIT_EXCEEDED → rate_limited, network errors and 5xx →
// transient, every other error → permanent.
bot::DeliveryResult classify(const ApiResponse& response);

// Parses an HTTP result into an ApiResponse (exposed for tests). A body that
// only fails to parse for undecodable text inside its strings is repaired
// (json_repair.hpp), so that one bad event does not hide all the others.
ApiResponse to_response(const net::HttpResult& result);

// Percent-encodes `text` for one path segment or query value (RFC 3986
// unreserved characters stay): room ids "!a:b", event ids "$x", JSON filters.
std::string encode(std::string_view text);

// Calls the Matrix client-server API of one homeserver with a bearer token.
// The token stays in its Secret and never reaches a log line. Callbacks run
// once, on the io thread.
class ClientApi {
public:
    using Callback = std::function<void(ApiResponse)>;

    ClientApi(net::HttpTransport& http, net::Url homeserver);

    void set_token(bot::Secret token) { m_token = std::move(token); }
    const bot::Secret& token() const { return m_token; }
    bool has_token() const { return !m_token.empty(); }

    // `path` below the homeserver's base, with its query already encoded
    // ("/_matrix/client/v3/sync?since=…"). A null `body` sends no body.
    void call(net::HttpMethod method, std::string_view path, const nlohmann::json& body,
              std::chrono::milliseconds timeout, Callback done);
    // Sends raw bytes (a media upload) with their content type.
    void upload(std::string_view path, std::string content_type, std::string bytes,
                std::chrono::milliseconds timeout, Callback done);

private:
    void send(net::HttpRequest request, std::string path, Callback done);

    net::HttpTransport& m_http;
    net::Url m_base;
    bot::Secret m_token;
};

} // namespace onevoice::integrations::matrix
