#include "integrations/slack/web_api.hpp"

#include "bot/runtime/log.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace onevoice::integrations::slack {
namespace {

// Errors that say the token itself is unusable (Slack "Errors" tables of
// auth.test and every method).
constexpr std::array<std::string_view, 8> k_auth_errors = {
    "invalid_auth",  "not_authed",    "account_inactive",        "token_revoked",
    "token_expired", "no_permission", "team_access_not_granted", "not_allowed_token_type"};

// ok:false codes that a later retry may overcome; every other code is a
// permanent failure of that one message (channel_not_found, msg_too_long...).
constexpr std::array<std::string_view, 6> k_transient_errors = {
    "internal_error",  "fatal_error", "service_unavailable",
    "request_timeout", "ratelimited", "team_added_to_org"};

// Methods whose reference accepts only application/x-www-form-urlencoded:
// a JSON body is not read there (Slack "Web API": most write methods take JSON).
constexpr std::array<std::string_view, 4> k_form_methods = {
    "users.info", "files.getUploadURLExternal", "conversations.history", "conversations.replies"};

bool contains(auto list, std::string_view code) {
    return std::find(list.begin(), list.end(), code) != list.end();
}

std::string form_encode(const nlohmann::json& args) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (const auto& [key, value] : args.items()) {
        if (!out.empty()) {
            out += '&';
        }
        const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        for (const std::string* part : {&key, &text}) {
            for (const unsigned char c : *part) {
                if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
                    out += static_cast<char>(c);
                } else {
                    out += '%';
                    out += k_hex[c >> 4];
                    out += k_hex[c & 15];
                }
            }
            if (part == &key) {
                out += '=';
            }
        }
    }
    return out;
}

ApiResponse to_response(net::HttpResult result) {
    ApiResponse response;
    response.transport_error = result.error;
    response.status = result.status;
    if (result.failed()) {
        response.error = result.error_text;
        return response;
    }
    if (result.status == 429) {
        // A missing or bad Retry-After still means "slow down": wait a second.
        response.retry_after = net::retry_after(result).value_or(std::chrono::seconds(1));
        response.error = "ratelimited";
        return response;
    }
    response.body = nlohmann::json::parse(result.body, nullptr, false);
    if (!response.body.is_object()) {
        response.error = "HTTP " + std::to_string(result.status) + " without a JSON answer";
        response.body = nlohmann::json::object();
        return response;
    }
    response.ok = response.body.value("ok", false);
    if (!response.ok) {
        response.error = response.body.value("error", "HTTP " + std::to_string(result.status));
    }
    return response;
}

} // namespace

std::string string_field(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool ApiResponse::is_auth_failure() const {
    return !ok && contains(k_auth_errors, error);
}

bot::DeliveryResult classify(const ApiResponse& response) {
    if (response.ok) {
        return bot::DeliveryResult::ok();
    }
    if (response.retry_after) {
        return bot::DeliveryResult::rate_limited(*response.retry_after);
    }
    if (response.transport_error != net::HttpError::none || response.status >= 500 ||
        contains(k_transient_errors, response.error)) {
        return bot::DeliveryResult::transient(response.error);
    }
    return bot::DeliveryResult::permanent(response.error);
}

WebApi::WebApi(net::HttpTransport& http, net::Url base, bot::Secret bot_token,
               bot::Secret app_token)
    : m_http(http)
    , m_base(std::move(base))
    , m_bot_token(std::move(bot_token))
    , m_app_token(std::move(app_token)) {}

void WebApi::call(std::string_view method, const nlohmann::json& args, Token token, Callback done,
                  bot::Duration timeout) {
    net::HttpRequest request;
    request.method = net::HttpMethod::post;
    request.url = m_base.join(method);
    const bot::Secret& secret = token == Token::bot ? m_bot_token : m_app_token;
    request.headers.set("Authorization", "Bearer " + secret.reveal());
    if (contains(k_form_methods, method)) {
        request.headers.set("Content-Type", "application/x-www-form-urlencoded");
        request.body = form_encode(args);
    } else {
        request.headers.set("Content-Type", "application/json; charset=utf-8");
        request.body = args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    request.timeout = timeout;
    m_http.request(std::move(request), [done = std::move(done),
                                        name = std::string(method)](net::HttpResult result) {
        ApiResponse response = to_response(std::move(result));
        if (!response.ok) {
            bot::log::debug("slack call failed", {{"method", name}, {"error", response.error}});
        }
        done(std::move(response));
    });
}

void WebApi::upload(std::string_view upload_url, std::string content, Callback done) {
    const auto url = net::Url::parse(upload_url);
    if (!url || url->websocket()) {
        ApiResponse bad;
        bad.error = "invalid upload_url";
        done(std::move(bad));
        return;
    }
    net::HttpRequest request;
    request.method = net::HttpMethod::post;
    request.url = *url;
    request.headers.set("Content-Type", "application/octet-stream");
    request.body = std::move(content);
    request.timeout = std::chrono::seconds(30);
    m_http.request(std::move(request), [done = std::move(done)](net::HttpResult result) {
        ApiResponse response;
        response.transport_error = result.error;
        response.status = result.status;
        response.ok = !result.failed() && result.status >= 200 && result.status < 300;
        if (!response.ok) {
            response.error = result.failed() ? result.error_text
                                             : "upload HTTP " + std::to_string(result.status);
        }
        if (result.status == 429) {
            response.retry_after = std::chrono::seconds(1);
        }
        done(std::move(response));
    });
}

} // namespace onevoice::integrations::slack
