#include "integrations/slack/web_api.hpp"

#include "bot/log.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace onevoice::integrations::slack {
namespace {

namespace http = boost::beast::http;

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

bool contains(auto list, std::string_view code) {
    return std::find(list.begin(), list.end(), code) != list.end();
}

std::optional<bot::Duration> parse_retry_after(std::string_view value) {
    long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc{} || end != value.data() + value.size() || seconds < 0) {
        return std::nullopt;
    }
    return std::chrono::seconds(std::min(seconds, 3600L));
}

ApiResponse to_response(net::HttpResult result) {
    ApiResponse response;
    response.ec = result.ec;
    response.status = result.status;
    if (result.ec) {
        response.error = result.ec.message();
        return response;
    }
    if (result.status == 429) {
        // A missing or bad Retry-After still means "slow down": wait a second.
        response.retry_after =
            parse_retry_after(result.header("Retry-After")).value_or(std::chrono::seconds(1));
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
    if (response.ec || response.status >= 500 || contains(k_transient_errors, response.error)) {
        return bot::DeliveryResult::transient(response.error);
    }
    return bot::DeliveryResult::permanent(response.error);
}

WebApi::WebApi(net::HttpClient& http, net::Url base, bot::Secret bot_token, bot::Secret app_token)
    : m_http(http)
    , m_base(std::move(base))
    , m_bot_token(std::move(bot_token))
    , m_app_token(std::move(app_token)) {}

void WebApi::call(std::string_view method, const nlohmann::json& args, Token token, Callback done) {
    net::HttpRequest request;
    request.method = http::verb::post;
    request.url = m_base.join(method);
    const bot::Secret& secret = token == Token::bot ? m_bot_token : m_app_token;
    request.headers.set(http::field::authorization, "Bearer " + secret.reveal());
    request.headers.set(http::field::content_type, "application/json; charset=utf-8");
    request.body = args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    request.timeout = std::chrono::seconds(10);
    m_http.request(std::move(request), [done = std::move(done),
                                        name = std::string(method)](net::HttpResult result) {
        ApiResponse response = to_response(std::move(result));
        if (!response.ok) {
            bot::log::debug("slack call failed", {{"method", name}, {"error", response.error}});
        }
        done(std::move(response));
    });
}

} // namespace onevoice::integrations::slack
