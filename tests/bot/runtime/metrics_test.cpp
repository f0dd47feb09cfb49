#include "bot/runtime/metrics.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace onevoice::bot;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Metrics: a counter renders HELP and TYPE lines and its series") {
    Metrics metrics;
    Counter& commands =
        metrics.counter("commands_total", "Commands handled.", {"command", "outcome"});
    commands.inc({"idea", "ok"});
    commands.inc({"idea", "ok"});
    commands.inc({"crisis", "refused"}, 0.5);
    CHECK(commands.value({"idea", "ok"}) == 2);
    CHECK(metrics.render() ==
          "# HELP onevoice_commands_total Commands handled.\n"
          "# TYPE onevoice_commands_total counter\n"
          "onevoice_commands_total{command=\"crisis\",outcome=\"refused\"} 0.5\n"
          "onevoice_commands_total{command=\"idea\",outcome=\"ok\"} 2\n");
}

TEST_CASE("Metrics: a counter without labels shows 0 before anything happened") {
    Metrics metrics;
    Counter& polls = metrics.counter("source_polls_total", "Polls.");
    CHECK(metrics.render() == "# HELP onevoice_source_polls_total Polls.\n"
                              "# TYPE onevoice_source_polls_total counter\n"
                              "onevoice_source_polls_total 0\n");
    polls.inc();
    polls.inc({}, -3); // a counter never goes down
    CHECK(polls.value() == 1);
}

TEST_CASE("Metrics: label values and help text are escaped") {
    Metrics metrics;
    Counter& counter = metrics.counter("odd_total", "Back\\slash and\nnewline \"kept\".", {"v"});
    counter.inc({"a\\b\"c\nd"});
    CHECK(metrics.render() == "# HELP onevoice_odd_total Back\\\\slash and\\nnewline \"kept\".\n"
                              "# TYPE onevoice_odd_total counter\n"
                              "onevoice_odd_total{v=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST_CASE("Metrics: a gauge is set and renders special values") {
    Metrics metrics;
    Gauge& pending = metrics.gauge("outbox_pending", "Pending.");
    Gauge& connected = metrics.gauge("chat_connected", "Up.", {"platform"});
    CHECK(metrics.render().find("\nonevoice_outbox_pending ") == std::string::npos);
    pending.set(3);
    pending.set(2);
    connected.set({"slack"}, 1);
    connected.set({"matrix"}, std::numeric_limits<double>::infinity());
    CHECK(metrics.render() == "# HELP onevoice_chat_connected Up.\n"
                              "# TYPE onevoice_chat_connected gauge\n"
                              "onevoice_chat_connected{platform=\"matrix\"} +Inf\n"
                              "onevoice_chat_connected{platform=\"slack\"} 1\n"
                              "# HELP onevoice_outbox_pending Pending.\n"
                              "# TYPE onevoice_outbox_pending gauge\n"
                              "onevoice_outbox_pending 2\n");
}

TEST_CASE("Metrics: a histogram counts into cumulative buckets with an inclusive upper bound") {
    Metrics metrics;
    Histogram& lag = metrics.histogram("lag_seconds", "Lag.", {0.125, 0.5, 2.5});
    lag.observe(0.0625);
    lag.observe(0.125); // on the bound: counted in le="0.125"
    lag.observe(0.25);
    lag.observe(7);
    CHECK(lag.count() == 4);
    CHECK(metrics.render() == "# HELP onevoice_lag_seconds Lag.\n"
                              "# TYPE onevoice_lag_seconds histogram\n"
                              "onevoice_lag_seconds_bucket{le=\"0.125\"} 2\n"
                              "onevoice_lag_seconds_bucket{le=\"0.5\"} 3\n"
                              "onevoice_lag_seconds_bucket{le=\"2.5\"} 3\n"
                              "onevoice_lag_seconds_bucket{le=\"+Inf\"} 4\n"
                              "onevoice_lag_seconds_sum 7.4375\n"
                              "onevoice_lag_seconds_count 4\n");
}

TEST_CASE("Metrics: a histogram with labels puts le last and shows only observed series") {
    Metrics metrics;
    Histogram& ack = metrics.histogram("ack_latency_seconds", "Ack.", {0.01, 1}, {"platform"});
    CHECK(metrics.render() == "# HELP onevoice_ack_latency_seconds Ack.\n"
                              "# TYPE onevoice_ack_latency_seconds histogram\n");
    ack.observe(0.002, {"slack"});
    CHECK(metrics.render() ==
          "# HELP onevoice_ack_latency_seconds Ack.\n"
          "# TYPE onevoice_ack_latency_seconds histogram\n"
          "onevoice_ack_latency_seconds_bucket{platform=\"slack\",le=\"0.01\"} 1\n"
          "onevoice_ack_latency_seconds_bucket{platform=\"slack\",le=\"1\"} 1\n"
          "onevoice_ack_latency_seconds_bucket{platform=\"slack\",le=\"+Inf\"} 1\n"
          "onevoice_ack_latency_seconds_sum{platform=\"slack\"} 0.002\n"
          "onevoice_ack_latency_seconds_count{platform=\"slack\"} 1\n");
}

TEST_CASE("Metrics: a name asked for again is the same family") {
    Metrics metrics;
    Counter& first = metrics.counter("events_total", "Events.", {"platform"});
    Counter& second = metrics.counter("events_total", "Events.", {"platform"});
    CHECK(&first == &second);
    SUBCASE("other labels are refused") {
        CHECK_THROWS_AS(metrics.counter("events_total", "Events."), std::invalid_argument);
    }
    SUBCASE("another kind is refused") {
        CHECK_THROWS_AS(metrics.gauge("events_total", "Events.", {"platform"}),
                        std::invalid_argument);
    }
}

TEST_CASE("Metrics: bad names buckets and label counts are refused") {
    Metrics metrics;
    CHECK_THROWS_AS(metrics.counter("bad name", "x"), std::invalid_argument);
    CHECK_THROWS_AS(metrics.counter("ok_total", "x", {"le"}), std::invalid_argument);
    CHECK_THROWS_AS(metrics.histogram("h", "x", {1, 0.5}), std::invalid_argument);
    CHECK_THROWS_AS(metrics.histogram("h2", "x", {}), std::invalid_argument);
    Counter& counter = metrics.counter("c_total", "x", {"a", "b"});
    CHECK_THROWS_AS(counter.inc({"only one"}), std::invalid_argument);
}

TEST_CASE("Metrics: counting from several threads while rendering loses nothing") {
    Metrics metrics;
    Counter& counter = metrics.counter("threads_total", "x", {"t"});
    Histogram& histogram = metrics.histogram("threads_seconds", "x", {1});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 1000; ++i) {
                counter.inc({std::to_string(t % 2)});
                histogram.observe(0.5);
            }
        });
    }
    for (int i = 0; i < 20; ++i) {
        CHECK(metrics.render().find("# TYPE onevoice_threads_total counter") != std::string::npos);
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    CHECK(counter.value({"0"}) == 2000);
    CHECK(counter.value({"1"}) == 2000);
    CHECK(histogram.count() == 4000);
}

TEST_CASE("ChatMetrics: counts events and times the ack") {
    Metrics metrics;
    const ChatMetrics chat(metrics, "slack");
    chat.event("events_api");
    chat.event("events_api");
    chat.reconnect();
    bool acked = false;
    const auto ack = chat.timed_ack([&acked] { acked = true; });
    CHECK(metrics.histogram("ack_latency_seconds", "", {1}, {"platform"}).count({"slack"}) == 0);
    ack();
    CHECK(acked);
    CHECK(metrics.counter("events_received_total", "", {"platform", "type"})
              .value({"slack", "events_api"}) == 2);
    CHECK(metrics.counter("reconnects_total", "", {"platform"}).value({"slack"}) == 1);
    CHECK(metrics.histogram("ack_latency_seconds", "", {1}, {"platform"}).count({"slack"}) == 1);
    SUBCASE("without a registry it only passes the ack on") {
        const ChatMetrics none;
        none.event("x");
        bool passed = false;
        none.timed_ack([&passed] { passed = true; })();
        CHECK(passed);
    }
}

TEST_SUITE_END();
