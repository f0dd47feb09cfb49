#include "integrations/http/http_endpoint.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"

#include <boost/asio/post.hpp>
#include <httplib.h>

#include <atomic>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

namespace onevoice::integrations::http {
namespace {

// Prometheus text format 0.0.4 (prometheus.io, "Exposition formats").
constexpr const char* k_metrics_type = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* k_text_type = "text/plain; charset=utf-8";
constexpr std::size_t k_workers = 16;

// Runs `work` on the runtime's thread and waits for its result. nullopt when
// it did not run in time (a busy or stopping runtime): the shared state keeps
// the promise alive for a late run, or for a handler that is never run.
template <typename T>
std::optional<T> ask(boost::asio::io_context& io, std::function<T()> work) {
    auto promise = std::make_shared<std::promise<T>>();
    std::future<T> answer = promise->get_future();
    boost::asio::post(io, [promise, work = std::move(work)] {
        try {
            promise->set_value(work());
        } catch (...) {
            promise->set_exception(std::current_exception());
        }
    });
    if (answer.wait_for(HttpEndpoint::k_answer_timeout) != std::future_status::ready) {
        return std::nullopt;
    }
    return answer.get();
}

} // namespace

struct HttpEndpoint::Impl {
    boost::asio::io_context& io;
    bot::Metrics& metrics;
    EndpointProbes probes;
    httplib::Server server;
    int port = 0;
    std::thread thread;
    std::atomic<bool> has_ended{false};

    Impl(boost::asio::io_context& context, bot::Metrics& registry, EndpointProbes p)
        : io(context)
        , metrics(registry)
        , probes(std::move(p)) {}

    void on_health(httplib::Response& response) {
        bot::HealthReport report{false, "the bot is not answering (busy or stopping)"};
        try {
            if (auto answer = ask<bot::HealthReport>(io, probes.health)) {
                report = std::move(*answer);
            }
        } catch (const std::exception& e) {
            report = {false, std::string("health check failed: ") + e.what()};
        }
        response.status = report.is_healthy ? 200 : 503;
        response.set_content(report.is_healthy ? "ok\n" : report.reason + "\n", k_text_type);
    }

    void on_metrics(httplib::Response& response) {
        try {
            // Without an answer the scrape still gets the counters, with older gauges.
            ask<bool>(io, [this] {
                probes.before_scrape();
                return true;
            });
        } catch (const std::exception& e) {
            bot::log::warn("could not refresh the metrics gauges", {{"error", e.what()}});
        }
        response.set_content(metrics.render(), k_metrics_type);
    }
};

HttpEndpoint::HttpEndpoint(boost::asio::io_context& io, const std::string& host, int port,
                           bot::Metrics& metrics, EndpointProbes probes)
    : m_impl(std::make_unique<Impl>(io, metrics, std::move(probes))) {
    httplib::Server& server = m_impl->server;
    // cpp-httplib gives every open connection a worker until it closes: an idle
    // keep-alive client holds one for the keep-alive timeout, a half-sent
    // request for the read timeout. With two workers and 5 s each, a few idle
    // clients kept /healthz waiting for half a minute (issue #17). Enough
    // sleeping workers for a scraper, a prober and some idle clients, and one
    // second for an idle or slow client, keep /healthz answering within 1 s.
    server.new_task_queue = [] {
        return new httplib::ThreadPool(k_workers);
    };
    server.set_keep_alive_timeout(1);
    server.set_read_timeout(1, 0);
    server.set_write_timeout(5, 0);
    server.Get("/healthz", [impl = m_impl.get()](const httplib::Request&, httplib::Response& res) {
        impl->on_health(res);
    });
    server.Get("/metrics", [impl = m_impl.get()](const httplib::Request&, httplib::Response& res) {
        impl->on_metrics(res);
    });
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.status == 404) {
            res.set_content("not found\n", k_text_type);
        }
    });
    m_impl->port = port == 0                         ? server.bind_to_any_port(host)
                   : server.bind_to_port(host, port) ? port
                                                     : -1;
    if (m_impl->port <= 0) {
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
    }
    m_impl->thread = std::thread([impl = m_impl.get()] {
        try {
            impl->server.listen_after_bind();
        } catch (const std::exception& e) {
            bot::log::error("HTTP endpoint failed", {{"error", e.what()}});
        }
        impl->has_ended = true;
    });
    bot::log::info("HTTP endpoint listening",
                   {{"address", host + ":" + std::to_string(m_impl->port)}});
}

HttpEndpoint::~HttpEndpoint() {
    // stop() only works once the server loop runs; before that it would be
    // lost and join() would wait forever. The loop starts right after bind.
    while (!m_impl->has_ended && !m_impl->server.is_running()) {
        std::this_thread::yield();
    }
    m_impl->server.stop();
    if (m_impl->thread.joinable()) {
        m_impl->thread.join();
    }
}

int HttpEndpoint::port() const {
    return m_impl->port;
}

} // namespace onevoice::integrations::http
