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

namespace onevoice::integrations::slack {

// The outcome of one Web API call, as Slack reports it: most failures come as
// HTTP 200 with {"ok": false, "error": "<code>"}; rate limits as HTTP 429 with
// Retry-After in seconds; outages as 5xx or a network error (`transport_error`).
struct ApiResponse {
    net::HttpError transport_error = net::HttpError::none; // no complete answer arrived
    int status = 0;
    bool ok = false;
    std::string error; // Slack's error code, or a short description of an HTTP failure
    std::optional<bot::Duration> retry_after;
    nlohmann::json body;

    // invalid_auth, not_authed, token_revoked...: the token itself is bad and
    // no retry can help; the bot stops with a clear message.
    bool is_auth_failure() const;
};

// A string field of an answer, or "" when it is absent or not a string (Slack
// sends null for some unset fields); never throws.
std::string string_field(const nlohmann::json& object, std::string_view key);

// How the outbox should treat a call's outcome (STYLE.md §3: classified once
// per platform).
bot::DeliveryResult classify(const ApiResponse& response);

// Calls Slack Web API methods: POST with a JSON body and a bearer token.
// Tokens stay in their Secret and never reach a log line.
class WebApi {
public:
    enum class Token { bot, app };
    using Callback = std::function<void(ApiResponse)>;

    WebApi(net::HttpTransport& http, net::Url base, bot::Secret bot_token, bot::Secret app_token);

    // Calls `method` ("chat.postMessage") with `args`; `done` runs once on
    // the io thread. Arguments go as JSON, except to the few methods that read
    // only form fields (users.info, files.getUploadURLExternal). A call without an answer
    // after `timeout` fails with a network error.
    void call(std::string_view method, const nlohmann::json& args, Token token, Callback done,
              bot::Duration timeout = std::chrono::seconds(10));
    // POSTs a file's bytes to the upload URL files.getUploadURLExternal gave
    // (it carries its own authorisation). `done` gets ok for any 2xx answer.
    void upload(std::string_view upload_url, std::string content, Callback done);

private:
    net::HttpTransport& m_http;
    net::Url m_base;
    bot::Secret m_bot_token;
    bot::Secret m_app_token;
};

} // namespace onevoice::integrations::slack
