#include "integrations/net/http_client.hpp"

#include "bot/runtime/log.hpp"
#include "integrations/net/http_connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <deque>
#include <exception>
#include <map>
#include <system_error>
#include <vector>

namespace onevoice::integrations::net {

namespace asio = boost::asio;
using detail::Exchange;
using detail::HttpConnection;
using detail::make_http_connection;

namespace {

struct Pending {
    HttpRequest request;
    HttpClient::Callback done;
    bool retried = false;
};

void deliver(const HttpClient::Callback& done, HttpResult result) {
    try {
        done(std::move(result));
    } catch (const std::exception& e) {
        // No exception may leave a completion handler (STYLE.md §3).
        bot::log::error("http: callback threw", {{"error", e.what()}});
    } catch (...) {
        bot::log::error("http: callback threw", {{"error", "unknown exception"}});
    }
}

} // namespace

struct HttpClient::Impl : std::enable_shared_from_this<HttpClient::Impl> {
    struct Host {
        std::deque<std::shared_ptr<HttpConnection>> idle; // most recently used at the back
        std::vector<std::shared_ptr<HttpConnection>> busy;
        std::deque<Pending> queue;
    };

    Impl(asio::io_context& io_, asio::ssl::context& tls_, HttpClientOptions options_)
        : io(io_)
        , tls(tls_)
        , options(std::move(options_)) {
        options.max_connections_per_host = std::max(1, options.max_connections_per_host);
    }

    void submit(Pending pending);
    void start(Host& host, std::shared_ptr<HttpConnection> connection, Pending pending);
    void finished(const std::string& key, const std::shared_ptr<HttpConnection>& connection,
                  Pending pending, Exchange exchange);
    void remove_idle(const std::string& key, const std::shared_ptr<HttpConnection>& connection);
    void pump(Host& host);
    void shutdown();

    asio::io_context& io;
    asio::ssl::context& tls;
    HttpClientOptions options;
    std::map<std::string, Host> hosts; // by Url::origin()
    bool stopped = false;
};

void HttpClient::Impl::submit(Pending pending) {
    if (stopped) {
        return;
    }
    Host& host = hosts[pending.request.url.origin()];
    const auto now = HttpConnection::Clock::now();
    while (!host.idle.empty()) {
        auto connection = std::move(host.idle.back());
        host.idle.pop_back();
        connection->stop_watching();
        if (connection->is_open() && now - connection->idle_since() < options.max_idle) {
            start(host, std::move(connection), std::move(pending));
            return;
        }
        connection->close();
    }
    if (host.busy.size() < static_cast<std::size_t>(options.max_connections_per_host)) {
        // Built before `pending` is moved: argument evaluation order is unspecified.
        auto connection = make_http_connection(io, tls, pending.request.url, options);
        start(host, std::move(connection), std::move(pending));
        return;
    }
    host.queue.push_back(std::move(pending));
}

void HttpClient::Impl::start(Host& host, std::shared_ptr<HttpConnection> connection,
                             Pending pending) {
    host.busy.push_back(connection);
    // Shared, because the exchange reads the request while the callback owns it.
    // The connection is held weakly: it owns this callback until it runs.
    auto shared = std::make_shared<Pending>(std::move(pending));
    connection->exchange(shared->request, [self = shared_from_this(),
                                           weak = std::weak_ptr(connection), shared](Exchange e) {
        const auto key = shared->request.url.origin();
        if (auto alive = weak.lock()) {
            self->finished(key, alive, std::move(*shared), std::move(e));
        }
    });
}

void HttpClient::Impl::finished(const std::string& key,
                                const std::shared_ptr<HttpConnection>& connection, Pending pending,
                                Exchange exchange) {
    if (stopped) {
        return;
    }
    Host& host = hosts[key];
    std::erase(host.busy, connection);
    const auto& url = pending.request.url;
    if (exchange.retry_fresh && !pending.retried) {
        // The server dropped the idle connection before it saw our request.
        bot::log::debug("http: stale connection, retrying", {{"url", url.for_log()}});
        pending.retried = true;
        auto fresh = make_http_connection(io, tls, url, options);
        start(host, std::move(fresh), std::move(pending));
        return;
    }
    if (!exchange.result.failed() && exchange.keep_alive && connection->is_open()) {
        host.idle.push_back(connection);
        if (options.watch_idle) {
            connection->watch_idle(
                [weak = weak_from_this(), key, weak_connection = std::weak_ptr(connection)] {
                    auto self = weak.lock();
                    auto stale = weak_connection.lock();
                    if (self && stale) {
                        self->remove_idle(key, stale);
                    }
                });
        }
    } else {
        connection->close();
    }
    const std::string method(to_string(pending.request.method));
    if (exchange.result.failed()) {
        bot::log::debug(
            "http: request failed",
            {{"method", method}, {"url", url.for_log()}, {"error", exchange.result.error_text}});
    } else {
        bot::log::debug("http: response", {{"method", method},
                                           {"url", url.for_log()},
                                           {"status", std::to_string(exchange.result.status)}});
    }
    // Queued requests go first, so that a callback issuing a new request
    // cannot overtake them.
    pump(host);
    deliver(pending.done, std::move(exchange.result));
}

void HttpClient::Impl::remove_idle(const std::string& key,
                                   const std::shared_ptr<HttpConnection>& connection) {
    auto it = hosts.find(key);
    if (it == hosts.end()) {
        return;
    }
    auto& idle = it->second.idle;
    const auto pos = std::find(idle.begin(), idle.end(), connection);
    if (pos != idle.end()) {
        idle.erase(pos);
        connection->close();
    }
}

void HttpClient::Impl::pump(Host& host) {
    while (!host.queue.empty() &&
           (!host.idle.empty() ||
            host.busy.size() < static_cast<std::size_t>(options.max_connections_per_host))) {
        auto next = std::move(host.queue.front());
        host.queue.pop_front();
        submit(std::move(next));
    }
}

void HttpClient::Impl::shutdown() {
    stopped = true;
    for (auto& [key, host] : hosts) {
        for (auto& connection : host.idle) {
            connection->close();
        }
        for (auto& connection : host.busy) {
            connection->close();
        }
    }
    hosts.clear();
}

HttpClient::HttpClient(asio::io_context& io, asio::ssl::context& tls, HttpClientOptions options)
    : m_impl(std::make_shared<Impl>(io, tls, std::move(options))) {}

HttpClient::~HttpClient() {
    m_impl->shutdown();
}

std::size_t HttpClient::idle_connections() const {
    std::size_t count = 0;
    for (const auto& [key, host] : m_impl->hosts) {
        count += host.idle.size();
    }
    return count;
}

void HttpClient::request(HttpRequest request, Callback done) {
    // Always through the io_context: the callback never runs inside this call,
    // and the pool is only ever touched on the io thread.
    if (request.url.websocket() || request.url.scheme.empty()) {
        asio::post(m_impl->io, [impl = m_impl, done = std::move(done)] {
            if (!impl->stopped) {
                HttpResult result;
                result.error = HttpError::unsupported;
                result.error_text =
                    std::make_error_code(std::errc::operation_not_supported).message();
                deliver(done, std::move(result));
            }
        });
        return;
    }
    asio::post(m_impl->io,
               [impl = m_impl, pending = Pending{std::move(request), std::move(done)}]() mutable {
                   impl->submit(std::move(pending));
               });
}

} // namespace onevoice::integrations::net
