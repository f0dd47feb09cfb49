#include "integrations/net/http_connection_impl.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace onevoice::integrations::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

http::verb to_verb(HttpMethod method) {
    switch (method) {
    case HttpMethod::get:
        return http::verb::get;
    case HttpMethod::head:
        return http::verb::head;
    case HttpMethod::post:
        return http::verb::post;
    case HttpMethod::put:
        return http::verb::put;
    case HttpMethod::patch:
        return http::verb::patch;
    case HttpMethod::delete_:
        return http::verb::delete_;
    }
    return http::verb::get;
}

HttpError error_kind(const error_code& ec) {
    if (ec == http::error::body_limit) {
        return HttpError::too_large;
    }
    if (ec == beast::error::timeout) {
        return HttpError::timeout;
    }
    if (ec == asio::error::access_denied) {
        return HttpError::refused_peer;
    }
    if (is_certificate_error(ec)) {
        return HttpError::certificate;
    }
    return HttpError::network;
}

} // namespace

std::shared_ptr<HttpConnection> make_http_connection(asio::io_context& io, asio::ssl::context& tls,
                                                     const Url& origin,
                                                     const HttpClientOptions& options) {
    if (origin.tls()) {
        return make_tls_http_connection(io, tls, origin, options);
    }
    return make_plain_http_connection(io, origin, options);
}

BeastRequest to_beast_request(const HttpRequest& request, const std::string& user_agent) {
    BeastRequest out{to_verb(request.method), request.url.target, 11};
    for (const auto& [name, value] : request.headers) {
        out.insert(name, value);
    }
    if (out.find(http::field::host) == out.end()) {
        out.set(http::field::host, request.url.host_header());
    }
    if (out.find(http::field::user_agent) == out.end()) {
        out.set(http::field::user_agent, user_agent);
    }
    out.body() = request.body;
    out.keep_alive(true);
    out.prepare_payload();
    return out;
}

// On a reused connection before any byte of the answer this means the server
// dropped it while it sat idle, so the request was not processed: RFC 9112
// §9.3.1 lets a client retry then.
bool is_connection_lost(const error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::connection_aborted ||
           ec == asio::error::broken_pipe || ec == asio::error::not_connected ||
           ec == asio::ssl::error::stream_truncated;
}

HttpResult failed_result(const error_code& ec) {
    HttpResult result;
    result.error = error_kind(ec);
    result.error_text = ec.message();
    return result;
}

HttpResult to_result(BeastResponse response) {
    HttpResult result;
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
        result.headers.add(field.name_string(), std::string(field.value()));
    }
    result.body = std::move(response.body());
    return result;
}

bool is_peer_accepted(const beast::tcp_stream& stream, const Url& origin,
                      const HttpClientOptions& options) {
    if (!options.accept_peer) {
        return true;
    }
    error_code unknown;
    const auto peer = stream.socket().remote_endpoint(unknown);
    if (unknown || !options.accept_peer(peer.address().to_string())) {
        bot::log::debug("http: peer address refused",
                        {{"url", origin.for_log()}, {"address", peer.address().to_string()}});
        return false;
    }
    return true;
}

} // namespace onevoice::integrations::net::detail
