#pragma once

#include "bot/runtime/health.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace onevoice::bot {
class Metrics;
}

namespace onevoice::integrations::http {

// What the endpoint asks the bot; both run on the runtime's thread.
struct EndpointProbes {
    std::function<bot::HealthReport()> health;
    std::function<void()> before_scrape; // refreshes the gauges computed at scrape time
};

// The operator's HTTP endpoint: GET /healthz (200 "ok", or 503 with the
// reason as text) and GET /metrics (Prometheus text format); 404 for any
// other path. It has no authentication: bind it to loopback.
//
// The server (cpp-httplib, behind a pImpl) runs on its own threads: 16
// workers, and a connection idle for 1 s is closed, so idle or half-open
// clients cannot keep /healthz from answering. A
// request posts its question to `io` and waits at most `k_answer_timeout`,
// so a busy or stopped runtime makes /healthz answer 503 instead of hanging,
// and command handling never waits for HTTP. `io`, `metrics` and whatever
// the probes use must outlive the endpoint; the destructor stops the server.
class HttpEndpoint {
public:
    static constexpr auto k_answer_timeout = std::chrono::seconds(2);

    // Binds at once (port 0: any free port); throws std::runtime_error when
    // the address cannot be bound.
    HttpEndpoint(boost::asio::io_context& io, const std::string& host, int port,
                 bot::Metrics& metrics, EndpointProbes probes);
    ~HttpEndpoint();
    HttpEndpoint(const HttpEndpoint&) = delete;
    HttpEndpoint& operator=(const HttpEndpoint&) = delete;

    // The port bound, also when 0 was asked for.
    int port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace onevoice::integrations::http
