#include "bench/slack_fake.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <vector>

namespace onevoice::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

// Slack pings every Socket Mode connection; @slack/socket-mode reconnects
// when it has not seen a ping for serverPingTimeout (30 s by default).
constexpr auto k_ping_interval = std::chrono::seconds(5);

class WsSession : public std::enable_shared_from_this<WsSession> {
public:
    WsSession(tcp::socket socket, SlackFakeEvents& events)
        : m_ws(std::move(socket))
        , m_events(events)
        , m_ping_timer(m_ws.get_executor()) {}

    void accept(http::request<http::string_body> request, std::function<void()> on_open) {
        m_ws.text(true);
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.async_accept(request, [self = shared_from_this(),
                                    on_open = std::move(on_open)](beast::error_code ec) {
            if (ec) {
                return;
            }
            self->m_is_open = true;
            self->send(R"({"type":"hello","num_connections":1,"debug_info":{"host":)"
                       R"("applink-bench","build_number":1,"approximate_connection_time":18060},)"
                       R"("connection_info":{"app_id":"A0F7YS25R"}})");
            on_open();
            self->read();
            self->schedule_ping();
        });
    }

    bool is_open() const { return m_is_open; }

    void send(std::string text) {
        m_queue.push_back(std::move(text));
        if (m_queue.size() == 1 && !m_is_pinging) {
            write_front();
        }
    }

private:
    void read() {
        m_ws.async_read(m_buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->m_is_open = false;
                self->m_ping_timer.cancel();
                return;
            }
            const auto data = self->m_buffer.cdata();
            self->m_events.on_frame(
                std::string_view(static_cast<const char*>(data.data()), data.size()));
            self->m_buffer.consume(self->m_buffer.size());
            self->read();
        });
    }

    // One write in flight at a time (Beast's rule); pings take their turn
    // between messages so that they never overlap a write.
    void write_front() {
        m_ws.async_write(asio::buffer(m_queue.front()),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->m_queue.pop_front();
                             if (ec) {
                                 self->m_is_open = false;
                                 self->m_queue.clear();
                                 return;
                             }
                             self->after_write();
                         });
    }

    void after_write() {
        if (m_wants_ping) {
            m_wants_ping = false;
            m_is_pinging = true;
            m_ws.async_ping({}, [self = shared_from_this()](beast::error_code ec) {
                self->m_is_pinging = false;
                if (!ec) {
                    self->after_write();
                }
            });
            return;
        }
        if (!m_queue.empty()) {
            write_front();
        }
    }

    void schedule_ping() {
        m_ping_timer.expires_after(k_ping_interval);
        m_ping_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || !self->m_is_open) {
                return;
            }
            self->m_wants_ping = true;
            if (self->m_queue.empty() && !self->m_is_pinging) {
                self->after_write();
            }
            self->schedule_ping();
        });
    }

    websocket::stream<beast::tcp_stream> m_ws;
    SlackFakeEvents& m_events;
    beast::flat_buffer m_buffer;
    std::deque<std::string> m_queue;
    asio::steady_timer m_ping_timer;
    bool m_is_open = false;
    bool m_wants_ping = false;
    bool m_is_pinging = false;
};

} // namespace

struct SlackFake::Impl {
    class HttpSession : public std::enable_shared_from_this<HttpSession> {
    public:
        HttpSession(tcp::socket socket, SlackFake& fake)
            : m_stream(std::move(socket))
            , m_fake(fake) {}

        void read() {
            m_request = {};
            http::async_read(m_stream, m_buffer, m_request,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (!ec) {
                                     self->on_request();
                                 }
                             });
        }

    private:
        void on_request() {
            if (websocket::is_upgrade(m_request)) {
                auto ws = std::make_shared<WsSession>(m_stream.release_socket(), m_fake.m_events);
                m_fake.m_impl->current = ws;
                ws->accept(std::move(m_request), [this_fake = &m_fake, weak = std::weak_ptr(ws)] {
                    // Like Slack, what came while the app was away goes to its
                    // next connection, after the hello.
                    auto& pending = this_fake->m_impl->pending;
                    if (const auto live = weak.lock()) {
                        for (std::string& text : pending) {
                            live->send(std::move(text));
                        }
                    }
                    pending.clear();
                    if (this_fake->m_events.on_hello) {
                        this_fake->m_events.on_hello();
                    }
                });
                return;
            }
            std::string_view target = m_request.target();
            target = target.substr(0, target.find('?'));
            constexpr std::string_view prefix = "/api/";
            const std::string_view method =
                target.starts_with(prefix) ? target.substr(prefix.size()) : target;
            m_response = {};
            m_response.version(m_request.version());
            m_response.result(http::status::ok);
            m_response.set(http::field::content_type, "application/json; charset=utf-8");
            m_response.keep_alive(m_request.keep_alive());
            m_response.body() = m_fake.on_api(method, m_request.body());
            m_response.prepare_payload();
            http::async_write(m_stream, m_response,
                              [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                  if (!ec && self->m_response.keep_alive()) {
                                      self->read();
                                  }
                              });
        }

        beast::tcp_stream m_stream;
        SlackFake& m_fake;
        beast::flat_buffer m_buffer;
        http::request<http::string_body> m_request;
        http::response<http::string_body> m_response;
    };

    Impl(asio::io_context& io_context)
        : io(io_context)
        , acceptor(io_context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

    void accept(SlackFake& fake) {
        acceptor.async_accept([this, &fake](beast::error_code ec, tcp::socket socket) {
            if (ec) {
                return;
            }
            socket.set_option(tcp::no_delay(true));
            std::make_shared<HttpSession>(std::move(socket), fake)->read();
            accept(fake);
        });
    }

    asio::io_context& io;
    tcp::acceptor acceptor;
    std::weak_ptr<WsSession> current;
    std::vector<std::string> pending; // sent while no connection was open
};

SlackFake::SlackFake(asio::io_context& io, SlackFakeEvents events)
    : m_impl(std::make_unique<Impl>(io))
    , m_events(std::move(events)) {
    m_impl->accept(*this);
}

SlackFake::~SlackFake() = default;

std::uint16_t SlackFake::port() const {
    return m_impl->acceptor.local_endpoint().port();
}

std::string SlackFake::api_url() const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/api/";
}

bool SlackFake::send(std::string text) {
    const auto ws = m_impl->current.lock();
    if (!ws || !ws->is_open()) {
        m_impl->pending.push_back(std::move(text));
        return false;
    }
    ws->send(std::move(text));
    return true;
}

bool SlackFake::is_connected() const {
    const auto ws = m_impl->current.lock();
    return ws && ws->is_open();
}

std::string SlackFake::on_api(std::string_view method, std::string_view body) {
    ++m_calls[std::string(method)];
    // Shapes from https://api.slack.com/methods/<method>, trimmed to what
    // clients read.
    if (method == "auth.test") {
        return R"({"ok":true,"url":"https://example-corp.slack.com/","team":"Example Corp",)"
               R"("user":"onevoice","team_id":"T061EG9R6","user_id":"U0BOT1V0C",)"
               R"("bot_id":"B0BOT1V0C","is_enterprise_install":false})";
    }
    if (method == "apps.connections.open") {
        return R"({"ok":true,"url":"ws://127.0.0.1:)" + std::to_string(port()) +
               R"(/link/?ticket=bench&app_id=A0F7YS25R"})";
    }
    if (method == "chat.postMessage" || method == "chat.postEphemeral") {
        if (m_events.on_post) {
            m_events.on_post(body);
        }
        const std::string ts = "1700000000." + std::to_string(++m_ts);
        return R"({"ok":true,"channel":"C0TEAM0001","ts":")" + ts +
               R"(","message":{"type":"message","user":"U0BOT1V0C","ts":")" + ts + R"("}})";
    }
    if (method == "users.info") {
        return R"({"ok":true,"user":{"id":"U024BE7LH","team_id":"T061EG9R6","name":"alice",)"
               R"("tz":"Europe/Berlin","profile":{"display_name":"alice"}}})";
    }
    if (method == "conversations.open") {
        return R"({"ok":true,"channel":{"id":"D0ALICE001"}})";
    }
    return R"({"ok":true})";
}

} // namespace onevoice::bench
