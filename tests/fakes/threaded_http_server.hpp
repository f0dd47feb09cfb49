#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace onevoice::tests {

// A cpp-httplib server on 127.0.0.1 (any free port) running on its own
// thread, for end-to-end tests that serve feeds to the built binary.
// `routes` registers the handlers before the server starts listening.
class ThreadedHttpServer {
public:
    explicit ThreadedHttpServer(const std::function<void(httplib::Server&)>& routes) {
        routes(m_server);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~ThreadedHttpServer() {
        m_server.stop();
        m_thread.join();
    }
    ThreadedHttpServer(const ThreadedHttpServer&) = delete;
    ThreadedHttpServer& operator=(const ThreadedHttpServer&) = delete;

    std::string url(std::string_view path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + std::string(path);
    }

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

// The feed of the Slack and Matrix listening tests: two items about Acme
// (one negative, one positive) and one that is not.
inline void serve_acme_feed(httplib::Server& server) {
    const auto item = [](const std::string& id, const std::string& title) {
        return "<item><guid>" + id + "</guid><link>https://news.example/" + id + "</link><title>" +
               title + "</title><description>" + title +
               "</description><pubDate>Wed, 18 Nov 2026 10:00:00 GMT</pubDate></item>";
    };
    server.Get("/feed.xml", [item](const httplib::Request&, httplib::Response& response) {
        response.set_content(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>" +
                item("bad", "Acme delivery was terrible and awful") +
                item("good", "Acme support is excellent, a great service") +
                item("other", "The weather in Berlin stays mild") + "</channel></rss>",
            "application/rss+xml");
    });
}

} // namespace onevoice::tests
