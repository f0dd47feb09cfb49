#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/slack_fake.hpp"
#include "bench/stats.hpp"

namespace onevoice::bench {

using Clock = std::chrono::steady_clock;

// One load phase. rate > 0: envelopes at that steady rate (paced by a 1 ms
// tick; a tick that comes late sends what fell due at once, as a real sender
// would). rate == 0: closed loop, `window` envelopes unacknowledged at any
// time ("as fast as acks allow").
struct PhaseSpec {
    std::string name;
    double rate = 0;
    int window = 64;
    std::chrono::milliseconds duration{1000};
    // After sending stops: how long to wait for the last acks and replies.
    std::chrono::milliseconds drain{10000};
};

struct PhaseResult {
    PhaseSpec spec;
    long sent = 0;
    long acked = 0;
    long replied = 0;
    bool is_overloaded = false; // sending stopped early: too many unacked
    double send_rate = 0;       // envelopes sent per second of the phase
    double ack_rate = 0;        // acks received per second of the phase
    LatencySummary ack;
    LatencySummary reply;

    // The rate was held: everything acked and answered, sent on schedule,
    // p99 ack under `max_p99_ms`.
    bool is_held(double max_p99_ms) const;
};

// Drives a Socket Mode app through SlackFake: envelopes are `/idea add ...`
// slash commands with distinct texts carrying a marker `zq<N>qz`, so a
// chat.postMessage is matched to its envelope by the marker in its body and an
// ack by its envelope_id `e<N>`. Timestamps are taken on the fake's io thread
// when an envelope is handed to the socket and when an ack or post is read.
//
// Runs its own io thread; the public members are called from one other
// thread and block until done.
class SlackLoad {
public:
    SlackLoad();
    ~SlackLoad();
    SlackLoad(const SlackLoad&) = delete;
    SlackLoad& operator=(const SlackLoad&) = delete;

    std::string api_url() const { return m_api_url; }
    // Waits for the first hello; returns when it was sent, nullopt on timeout.
    std::optional<Clock::time_point> wait_hello(std::chrono::milliseconds timeout);
    // One envelope right away; the time its ack and its reply arrived.
    struct Probe {
        std::optional<Clock::time_point> acked;
        std::optional<Clock::time_point> replied;
    };
    Probe probe(std::chrono::milliseconds timeout);
    PhaseResult run(const PhaseSpec& spec);
    // Web API calls by method, for the log.
    std::string calls_summary();

    struct State;

private:
    boost::asio::io_context m_io;
    std::shared_ptr<State> m_state;
    std::string m_api_url;
    std::thread m_thread;
};

} // namespace onevoice::bench
