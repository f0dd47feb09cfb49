// Issue #17: /healthz answers while idle clients hold connections open.
#include "bot/runtime/metrics.hpp"
#include "integrations/http/http_endpoint.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <doctest/doctest.h>
#include <httplib.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace bot = onevoice::bot;
using onevoice::integrations::http::EndpointProbes;
using onevoice::integrations::http::HttpEndpoint;

namespace {

// The runtime's io_context on a thread of its own, as in the bot.
struct Runtime {
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    std::thread thread{[this] {
        io.run();
    }};
    ~Runtime() {
        work.reset();
        io.stop();
        thread.join();
    }
};

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("HttpEndpoint: healthz answers while ten idle clients hold connections") {
    Runtime runtime;
    bot::Metrics metrics;
    EndpointProbes probes;
    probes.health = [] {
        return bot::HealthReport{true, ""};
    };
    probes.before_scrape = [] {
    };
    HttpEndpoint endpoint(runtime.io, "127.0.0.1", 0, metrics, probes);
    const asio::ip::tcp::endpoint address{asio::ip::make_address("127.0.0.1"),
                                          static_cast<unsigned short>(endpoint.port())};

    // Five clients that connect and send nothing, five that send half a request.
    asio::io_context client_io;
    std::vector<std::unique_ptr<asio::ip::tcp::socket>> idle;
    for (int i = 0; i < 10; ++i) {
        auto socket = std::make_unique<asio::ip::tcp::socket>(client_io);
        socket->connect(address);
        if (i % 2 == 1) {
            asio::write(*socket, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));
        }
        idle.push_back(std::move(socket));
    }

    // Generous, so a loaded machine does not fail it, yet far below the half
    // minute the idle clients held the old two workers for.
    httplib::Client client("127.0.0.1", endpoint.port());
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(5, 0);
    const auto answer = client.Get("/healthz");
    REQUIRE(answer);
    CHECK(answer->status == 200);
    CHECK(answer->body == "ok\n");
    for (const auto& socket : idle) {
        CHECK(socket->is_open()); // held by the test until here
    }
}

TEST_SUITE_END();
