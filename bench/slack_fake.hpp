#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace onevoice::bench {

// What the load driver hears from the fake. Every callback runs on the
// io_context's thread, synchronously inside the read that produced it, so
// its timestamp is as close to the wire as this process gets.
struct SlackFakeEvents {
    std::function<void()> on_hello;                 // hello written on a new connection
    std::function<void(std::string_view)> on_frame; // a text frame from the app (acks)
    std::function<void(std::string_view)> on_post;  // a chat.postMessage request body
};

// A lean fake of the Slack endpoints a Socket Mode app calls, for load, on
// 127.0.0.1 (port 0): the Web API under /api/ (auth.test,
// apps.connections.open, chat.postMessage, chat.postEphemeral, users.info,
// conversations.open; anything else answers {"ok": true}) and the Socket Mode
// websocket (hello first, then whatever send() is given; a ping every 5 s as
// Slack does, which the Node client watches for).
//
// Unlike tests/fakes/fake_slack it records nothing and checks no tokens:
// it must stay far cheaper than the app it measures. Payload shapes follow
// the same Slack docs (api.slack.com/apis/socket-mode, /methods/*).
//
// Threads: everything, including send(), must run on the io_context's thread.
class SlackFake {
public:
    SlackFake(boost::asio::io_context& io, SlackFakeEvents events);
    ~SlackFake();
    SlackFake(const SlackFake&) = delete;
    SlackFake& operator=(const SlackFake&) = delete;

    // "http://127.0.0.1:PORT/api/": SLACK_API_URL / Bolt's slackApiUrl.
    std::string api_url() const;
    std::uint16_t port() const;
    // Writes a text frame to the newest connection that said hello; false
    // when there is none: then it waits for the next connection's hello.
    bool send(std::string text);
    bool is_connected() const;
    // How often each Web API method was called (for the report's sanity line).
    const std::map<std::string, long>& calls() const { return m_calls; }

    struct Impl;
    friend struct Impl;

private:
    std::string on_api(std::string_view method, std::string_view body);

    std::unique_ptr<Impl> m_impl;
    SlackFakeEvents m_events;
    std::map<std::string, long> m_calls;
    long m_ts = 0;
};

} // namespace onevoice::bench
