#include "integrations/net/connect.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <memory>
#include <string>

namespace onevoice::integrations::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;

namespace {

struct OpenState {
    explicit OpenState(const asio::any_io_executor& executor)
        : timer(executor) {}
    void complete(error_code ec) {
        if (!done) {
            return;
        }
        timer.cancel();
        auto callback = std::move(done);
        done = nullptr;
        callback(ec);
    }
    asio::steady_timer timer;
    std::function<void(error_code)> done;
};

// Acks and API calls are small writes that must leave at once: Nagle's
// algorithm would hold each until the peer acknowledged the previous one.
void send_immediately(beast::tcp_stream& stream) {
    error_code ignored;
    stream.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
}

} // namespace

void async_open(beast::tcp_stream& stream, asio::ip::tcp::resolver& resolver, const Url& url,
                std::chrono::steady_clock::time_point deadline,
                std::function<void(error_code)> done) {
    auto state = std::make_shared<OpenState>(stream.get_executor());
    state->done = std::move(done);
    // tcp_stream closes the socket at the deadline; the connect completes with error::timeout.
    stream.expires_at(deadline);
    error_code not_literal;
    const auto address = asio::ip::make_address(url.host, not_literal);
    if (!not_literal) {
        // An IP literal needs no resolver (and no resolver thread).
        stream.async_connect(asio::ip::tcp::endpoint{address, url.port},
                             [state, &stream](error_code ec) {
                                 if (!ec) {
                                     send_immediately(stream);
                                 }
                                 state->complete(ec);
                             });
        return;
    }
    // getaddrinfo cannot be interrupted: the timer completes on time and the
    // late answer finds the state completed.
    state->timer.expires_at(deadline);
    state->timer.async_wait([state, &resolver](error_code ec) {
        if (!ec && state->done) {
            resolver.cancel();
            state->complete(beast::error::timeout);
        }
    });
    resolver.async_resolve(
        url.host, std::to_string(url.port),
        [state, &stream](error_code ec, const asio::ip::tcp::resolver::results_type& results) {
            if (!state->done) {
                return;
            }
            if (ec) {
                state->complete(ec);
                return;
            }
            stream.async_connect(results, [state, &stream](error_code e, const auto& /*endpoint*/) {
                if (!e) {
                    send_immediately(stream);
                }
                state->complete(e);
            });
        });
}

} // namespace onevoice::integrations::net::detail
