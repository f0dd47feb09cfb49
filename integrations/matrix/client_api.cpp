#include "integrations/matrix/client_api.hpp"

#include "bot/runtime/log.hpp"
#include "integrations/matrix/json_repair.hpp"

#include <algorithm>
#include <cctype>
#include <random>

namespace onevoice::integrations::matrix {
namespace {

constexpr auto k_max_wait = std::chrono::hours(1);

// U+FFFD, then a tag no one can know in advance (see ApiResponse::undecodable).
std::string new_marker() {
    std::random_device device;
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string marker = "\xEF\xBF\xBD{undecodable ";
    for (int i = 0; i < 16; ++i) {
        marker += k_hex[device() % 16];
    }
    return marker + "}";
}

// The body as JSON; text inside strings that cannot be decoded is replaced by
// a new marker (kept in `marker`) rather than failing the whole body.
nlohmann::json parse_body(const std::string& raw, std::string& marker) {
    nlohmann::json body = nlohmann::json::parse(raw, nullptr, false);
    if (!body.is_discarded()) {
        return body;
    }
    std::string candidate = new_marker();
    RepairedJson repaired = repair_json_strings(raw, candidate);
    if (repaired.repairs == 0) {
        return body;
    }
    body = nlohmann::json::parse(repaired.text, nullptr, false);
    if (!body.is_discarded()) {
        marker = std::move(candidate);
    }
    return body;
}

} // namespace

ApiResponse to_response(const net::HttpResult& result) {
    ApiResponse response;
    response.transport_error = result.error;
    response.status = result.status;
    if (result.failed()) {
        response.error = result.error_text;
        return response;
    }
    nlohmann::json body = parse_body(result.body, response.undecodable);
    if (body.is_object()) {
        response.body = std::move(body);
    } else if (response.ok()) {
        response.status = 0; // a 2xx without a JSON object is no answer we can use
        response.error = "HTTP " + std::to_string(result.status) + " without a JSON object";
        return response;
    }
    if (!response.ok()) {
        const auto errcode = response.body.find("errcode");
        const auto error = response.body.find("error");
        response.errcode = errcode != response.body.end() && errcode->is_string()
                               ? errcode->get<std::string>()
                               : std::string();
        response.error = error != response.body.end() && error->is_string()
                             ? error->get<std::string>()
                             : "HTTP " + std::to_string(result.status);
        if (!response.errcode.empty()) {
            response.error = response.errcode + ": " + response.error;
        }
    }
    if (result.status == 429 || response.errcode == "M_LIMIT_EXCEEDED") {
        // retry_after_ms (all versions) wins over Retry-After (v1.10); neither: a second.
        std::optional<bot::Duration> wait;
        if (const auto ms = response.body.find("retry_after_ms");
            ms != response.body.end() && ms->is_number_integer() && ms->get<long long>() >= 0) {
            wait = std::min<bot::Duration>(bot::Duration(ms->get<long long>()), k_max_wait);
        } else {
            wait = net::retry_after(result);
        }
        response.retry_after = wait.value_or(std::chrono::seconds(1));
    }
    return response;
}

bot::DeliveryResult classify(const ApiResponse& response) {
    if (response.ok()) {
        return bot::DeliveryResult::ok();
    }
    if (response.retry_after) {
        return bot::DeliveryResult::rate_limited(*response.retry_after);
    }
    if (response.transport_error != net::HttpError::none || response.status == 0 ||
        response.status >= 500) {
        return bot::DeliveryResult::transient(response.error);
    }
    return bot::DeliveryResult::permanent(response.error);
}

std::string encode(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0x0f];
        }
    }
    return out;
}

ClientApi::ClientApi(net::HttpTransport& http, net::Url homeserver)
    : m_http(http)
    , m_base(std::move(homeserver)) {}

void ClientApi::call(net::HttpMethod method, std::string_view path, const nlohmann::json& body,
                     std::chrono::milliseconds timeout, Callback done) {
    net::HttpRequest request;
    request.method = method;
    if (!body.is_null()) {
        request.headers.set("Content-Type", "application/json");
        request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    request.timeout = timeout;
    send(std::move(request), std::string(path), std::move(done));
}

void ClientApi::upload(std::string_view path, std::string content_type, std::string bytes,
                       std::chrono::milliseconds timeout, Callback done) {
    net::HttpRequest request;
    request.method = net::HttpMethod::post;
    request.headers.set("Content-Type", std::move(content_type));
    request.body = std::move(bytes);
    request.timeout = timeout;
    send(std::move(request), std::string(path), std::move(done));
}

void ClientApi::send(net::HttpRequest request, std::string path, Callback done) {
    request.url = m_base.join(path.starts_with('/') ? path.substr(1) : path);
    if (!m_token.empty()) {
        request.headers.set("Authorization", "Bearer " + m_token.reveal());
    }
    const std::string verb(net::to_string(request.method));
    m_http.request(std::move(request),
                   [done = std::move(done), verb, path = std::move(path)](net::HttpResult result) {
                       ApiResponse response = to_response(result);
                       if (!response.ok()) {
                           // The path alone: no query (a since token) and never a header.
                           bot::log::debug("matrix call failed",
                                           {{"call", verb + " " + path.substr(0, path.find('?'))},
                                            {"error", response.error}});
                       }
                       done(std::move(response));
                   });
}

} // namespace onevoice::integrations::matrix
