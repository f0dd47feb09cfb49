#pragma once

// Internal to integrations/net: the WebSocketStream template, included only by
// websocket_stream_plain.cpp and websocket_stream_tls.cpp (one stream type each).

#include "integrations/net/connect.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/net/websocket_stream.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <type_traits>

namespace onevoice::integrations::net::detail {

// `NextLayer`: boost::beast::tcp_stream or boost::beast::ssl_stream<tcp_stream>.
template <class NextLayer>
class BasicWebSocketStream final : public WebSocketStream {
public:
    static constexpr bool k_tls = !std::is_same_v<NextLayer, boost::beast::tcp_stream>;

    // `stream_args` after the io_context: the TLS context for a TLS stream.
    template <class... StreamArgs>
    explicit BasicWebSocketStream(boost::asio::io_context& io, StreamArgs&... stream_args)
        : m_resolver(io)
        , m_ws(io, stream_args...) {}

    bool is_tls() const override { return k_tls; }

    void connect(const Url& url, std::chrono::steady_clock::time_point deadline,
                 Handler done) override {
        async_open(tcp(), m_resolver, url, deadline, std::move(done));
    }

    void tls_handshake(const std::string& host, Handler done) override {
        if constexpr (k_tls) {
            const auto ec = prepare_client_tls(m_ws.next_layer(), host);
            if (ec) {
                done(ec);
                return;
            }
            // Still under the connect deadline set on the tcp_stream.
            m_ws.next_layer().async_handshake(boost::asio::ssl::stream_base::client,
                                              std::move(done));
        } else {
            done({});
        }
    }

    void handshake(const WebSocketOptions& options, const Url& url, Handler done) override {
        namespace websocket = boost::beast::websocket;
        // The websocket stream has its own timer; a tcp_stream deadline would cut
        // the long-lived connection (Beast websocket client examples).
        tcp().expires_never();
        // keep_alive_pings: a quiet connection is pinged first, so only a dead
        // one times out (Slack expects clients to notice unanswered pings).
        m_ws.set_option(
            websocket::stream_base::timeout{options.handshake_timeout, options.idle_timeout, true});
        m_ws.set_option(websocket::stream_base::decorator(
            [headers = options.headers,
             agent = options.user_agent](websocket::request_type& request) {
                request.set(boost::beast::http::field::user_agent, agent);
                for (const auto& field : headers) {
                    request.set(field.name_string(), field.value());
                }
            }));
        m_ws.read_message_max(options.max_message);
        m_ws.async_handshake(url.host_header(), url.target, std::move(done));
    }

    void read(Handler done) override {
        m_ws.async_read(m_buffer, [done = std::move(done)](boost::system::error_code ec,
                                                           std::size_t /*bytes*/) { done(ec); });
    }

    bool got_text() const override { return m_ws.got_text(); }

    std::string take_message() override {
        std::string message = boost::beast::buffers_to_string(m_buffer.data());
        m_buffer.consume(m_buffer.size());
        return message;
    }

    void write(std::string_view text, Handler done) override {
        m_ws.text(true);
        m_ws.async_write(boost::asio::buffer(text.data(), text.size()),
                         [done = std::move(done)](boost::system::error_code ec,
                                                  std::size_t /*bytes*/) { done(ec); });
    }

    void close(Handler done) override {
        m_ws.async_close(boost::beast::websocket::close_code::normal, std::move(done));
    }

    std::string close_reason() const override {
        const auto& cr = m_ws.reason();
        std::string reason = "closed by server (code " + std::to_string(cr.code) + ")";
        if (!cr.reason.empty()) {
            reason += ": " + std::string(cr.reason.data(), cr.reason.size());
        }
        return reason;
    }

    std::string describe_tls_error(const boost::system::error_code& ec) override {
        if constexpr (k_tls) {
            return net::describe_tls_error(ec, m_ws.next_layer().native_handle());
        } else {
            return net::describe_tls_error(ec);
        }
    }

    void abandon() override {
        m_resolver.cancel();
        tcp().close();
    }

private:
    boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(m_ws); }

    boost::asio::ip::tcp::resolver m_resolver;
    boost::beast::websocket::stream<NextLayer> m_ws;
    boost::beast::flat_buffer m_buffer;
};

} // namespace onevoice::integrations::net::detail
