#include "integrations/slack/socket_mode.hpp"

#include "bot/runtime/log.hpp"

#include <algorithm>

namespace onevoice::integrations::slack {

SocketMode::SocketMode(boost::asio::io_context& io, boost::asio::ssl::context& tls, WebApi& api,
                       Handlers handlers, SocketModeOptions options,
                       std::function<double()> random01)
    : m_io(io)
    , m_tls(tls)
    , m_api(api)
    , m_handlers(std::move(handlers))
    , m_options(options)
    , m_backoff(options.backoff_base, options.backoff_cap, std::move(random01))
    , m_retry_timer(io) {}

SocketMode::~SocketMode() {
    *m_alive = false;
    stop();
}

void SocketMode::start() {
    m_stopped = false;
    open_connection();
}

void SocketMode::stop() {
    m_stopped = true;
    m_paced = false;
    m_retry_timer.cancel();
    for (auto& [id, connection] : m_connections) {
        connection.socket->close();
    }
}

bool SocketMode::is_connected() const {
    for (const auto& [id, connection] : m_connections) {
        if (connection.said_hello) {
            return true;
        }
    }
    return false;
}

void SocketMode::open_connection() {
    if (m_opening || m_paced || m_stopped) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    const bool is_refresh = is_connected();
    if (is_refresh && m_last_open && now - *m_last_open < m_options.connect_interval) {
        // A successor for a warned connection that still works: it can wait its turn.
        m_paced = true;
        m_retry_timer.expires_after(m_options.connect_interval - (now - *m_last_open));
        m_retry_timer.async_wait([this, alive = m_alive](boost::system::error_code ec) {
            if (!ec && *alive) {
                m_paced = false;
                open_now();
            }
        });
        return;
    }
    open_now();
}

void SocketMode::open_now() {
    if (m_opening || m_stopped) {
        return;
    }
    m_opening = true;
    m_last_open = std::chrono::steady_clock::now();
    m_api.call("apps.connections.open", nlohmann::json::object(), WebApi::Token::app,
               [this, alive = m_alive](const ApiResponse& response) {
                   if (*alive) {
                       on_url(response);
                   }
               });
}

void SocketMode::on_url(const ApiResponse& response) {
    if (m_stopped) {
        m_opening = false;
        return;
    }
    if (response.is_auth_failure()) {
        fatal("Slack rejected the app token (SLACK_APP_TOKEN): " + response.error);
        return;
    }
    const std::string url_text = response.ok ? response.body.value("url", "") : "";
    const auto url = net::Url::parse(url_text);
    if (!response.ok || !url || !url->websocket()) {
        bot::log::warn("could not open a Socket Mode connection",
                       {{"error", response.ok ? "no websocket url" : response.error}});
        m_opening = false;
        // A 429 names the pause Slack wants (https://api.slack.com/docs/rate-limits).
        retry_later(response.retry_after);
        return;
    }
    const std::uint64_t id = m_next_id++;
    net::WebSocketHandlers handlers;
    handlers.on_message = [this, id, alive = m_alive](std::string text) {
        if (*alive) {
            on_message(id, text);
        }
    };
    handlers.on_close = [this, id, alive = m_alive](boost::system::error_code ec,
                                                    std::string reason) {
        if (*alive) {
            on_closed(id, ec, reason);
        }
    };
    net::WebSocketOptions options;
    options.idle_timeout = m_options.idle_timeout;
    auto socket = net::WebSocketClient::create(m_io, m_tls, std::move(handlers), options);
    m_connections[id] = Connection{socket, false, false};
    bot::log::debug("connecting to Slack",
                    {{"url", url->for_log()}, {"connection", std::to_string(id)}});
    socket->connect(*url);
}

void SocketMode::on_message(std::uint64_t id, const std::string& text) {
    const auto it = m_connections.find(id);
    if (it == m_connections.end()) {
        return;
    }
    ParsedEnvelope envelope = parse_envelope(text);
    if (const auto* hello = std::get_if<Hello>(&envelope.payload)) {
        it->second.said_hello = true;
        m_opening = false;
        // A proven link: the next loss reconnects quickly. The pacing is left alone: a server
        // that warns each new connection at once would otherwise get one per round trip.
        m_backoff.reset();
        bot::log::info("connected to Slack",
                       {{"connection", std::to_string(id)},
                        {"connections", std::to_string(hello->num_connections)}});
        // The successor is live, but Slack may still send on the ones it replaces (an envelope
        // after this hello is run and must be acked there): they stay until Slack closes them.
        for (auto& [other_id, other] : m_connections) {
            if (other_id != id && other.retiring && !other.close_timer) {
                close_later(other);
            }
        }
        if (m_handlers.on_connected) {
            m_handlers.on_connected();
        }
        return;
    }
    if (const auto* disconnect = std::get_if<Disconnect>(&envelope.payload)) {
        if (disconnect->is_fatal()) {
            fatal("Slack disabled this app's Socket Mode link (link_disabled)");
            return;
        }
        // refresh_requested or warning: Slack closes this connection soon.
        bot::log::info("Slack asked for a new connection", {{"reason", disconnect->reason}});
        it->second.retiring = true;
        open_connection();
        return;
    }
    std::function<void()> ack;
    if (!envelope.envelope_id.empty()) {
        std::weak_ptr<net::WebSocketClient> weak = it->second.socket;
        nlohmann::json reply = {{"envelope_id", envelope.envelope_id}};
        const std::shared_ptr<Owed> owed = it->second.owed;
        ++owed->acks;
        ack = [weak, owed, text = reply.dump()] {
            --owed->acks;
            if (auto socket = weak.lock()) {
                socket->send(text);
                if (owed->close_when_paid && owed->acks == 0) {
                    socket->close();
                }
            }
        };
    }
    if (m_handlers.on_envelope) {
        m_handlers.on_envelope(
            std::move(envelope), ack ? ack : [] {});
    }
}

void SocketMode::on_closed(std::uint64_t id, boost::system::error_code ec,
                           const std::string& reason) {
    const auto it = m_connections.find(id);
    if (it == m_connections.end()) {
        return;
    }
    const bool was_live = it->second.said_hello;
    const bool was_retiring = it->second.retiring;
    if (it->second.close_timer) {
        it->second.close_timer->cancel();
    }
    m_connections.erase(it);
    if (!was_live) {
        m_opening = false;
    }
    if (m_stopped) {
        return;
    }
    if (!was_retiring || !was_live) {
        bot::log::warn("Slack connection closed",
                       {{"connection", std::to_string(id)},
                        {"error", ec ? ec.message() : std::string("closed")},
                        {"reason", reason}});
    }
    if (needs_successor()) {
        open_connection(); // the successor failed before its hello: another, at the pace
        return;
    }
    if (!is_connected()) {
        if (m_handlers.on_disconnected && was_live) {
            m_handlers.on_disconnected();
        }
        if (!m_opening) {
            retry_later();
        }
    }
}

void SocketMode::close_later(Connection& retired) {
    retired.close_timer = std::make_shared<boost::asio::steady_timer>(m_io);
    retired.close_timer->expires_after(m_options.retired_close_after);
    retired.close_timer->async_wait([weak = std::weak_ptr<net::WebSocketClient>(retired.socket),
                                     owed = retired.owed](boost::system::error_code ec) {
        auto socket = weak.lock();
        if (ec || !socket) {
            return;
        }
        if (owed->acks == 0) {
            socket->close();
        } else {
            owed->close_when_paid = true; // the last ack closes it
        }
    });
}

bool SocketMode::needs_successor() const {
    bool is_live = false;
    for (const auto& [id, connection] : m_connections) {
        if (!connection.said_hello) {
            return false; // one is being opened
        }
        if (!connection.retiring) {
            return false;
        }
        is_live = true;
    }
    return is_live && !m_opening;
}

void SocketMode::retry_later(std::optional<bot::Duration> at_least) {
    if (m_stopped) {
        return;
    }
    m_paced = false; // the dead link's backoff replaces a paced open
    const bot::Duration wait = std::max(m_backoff.next(), at_least.value_or(bot::Duration{0}));
    bot::log::info("reconnecting to Slack", {{"in_ms", std::to_string(wait.count())}});
    m_retry_timer.expires_after(wait);
    m_retry_timer.async_wait([this, alive = m_alive](boost::system::error_code ec) {
        if (!ec && *alive) {
            open_connection();
        }
    });
}

void SocketMode::fatal(const std::string& reason) {
    m_opening = false;
    stop();
    if (m_handlers.on_fatal) {
        m_handlers.on_fatal(reason);
    }
}

} // namespace onevoice::integrations::slack
