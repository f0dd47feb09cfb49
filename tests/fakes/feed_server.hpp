#pragma once

#include "tests/fakes/threaded_http_server.hpp"

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace onevoice::tests {

// One RSS item; `pub_date` as RFC 822, like "Wed, 18 Nov 2026 10:00:00 GMT".
// The link is https://news.example/<id>, the description repeats the title.
inline std::string rss_item(const std::string& id, const std::string& title,
                            const std::string& pub_date = "Wed, 18 Nov 2026 10:00:00 GMT") {
    return "<item><guid>" + id + "</guid><link>https://news.example/" + id + "</link><title>" +
           title + "</title><description>" + title + "</description><pubDate>" + pub_date +
           "</pubDate></item>";
}

// `count` neutral items about `word` ("<word> opens store number <n>", all on
// news.example), published 10:10, 10:11… UTC on 2026-11-18: a storm in the hour
// before 11:06 UTC that raises a spike alert (threshold 10 at normal sensitivity).
inline std::string rss_storm(const std::string& word, int count) {
    std::string items;
    for (int i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        items += rss_item(word + n, word + " opens store number " + n,
                          "Wed, 18 Nov 2026 10:" + std::to_string(10 + i) + ":00 GMT");
    }
    return items;
}

// RSS feeds for the console listening tests, on 127.0.0.1: GET /<name>.xml
// answers 200 with the items the test set for that path (no validators, so
// every poll is fresh), or the status set with fail(), else 404. Counts the
// requests per path. Thread-safe: the server answers on its own thread.
class FeedServer {
public:
    FeedServer()
        : m_server([this](httplib::Server& server) {
            server.Get(R"(/[A-Za-z0-9_-]+\.xml)",
                       [this](const httplib::Request& request, httplib::Response& response) {
                           answer(request.path, response);
                       });
        }) {}

    std::string url(const std::string& path) const { return m_server.url(path); }
    // From now on `path` serves these items (rss_item…).
    void set_items(const std::string& path, std::string items) {
        const std::lock_guard lock(m_mutex);
        m_feeds[path] = Feed{200, std::move(items)};
    }
    // From now on `path` answers `status` with a short text body.
    void fail(const std::string& path, int status) {
        const std::lock_guard lock(m_mutex);
        m_feeds[path] = Feed{status, {}};
    }
    int requests(const std::string& path) const {
        const std::lock_guard lock(m_mutex);
        const auto it = m_requests.find(path);
        return it == m_requests.end() ? 0 : it->second;
    }
    // Waits (polling, for at most 10 s) until `path` has had `at_least` requests.
    bool wait_requests(const std::string& path, int at_least) const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (requests(path) < at_least) {
            if (std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

private:
    struct Feed {
        int status = 200;
        std::string items;
    };

    void answer(const std::string& path, httplib::Response& response) {
        const std::lock_guard lock(m_mutex);
        ++m_requests[path];
        const auto it = m_feeds.find(path);
        if (it == m_feeds.end() || it->second.status != 200) {
            response.status = it == m_feeds.end() ? 404 : it->second.status;
            response.set_content("oops", "text/plain");
            return;
        }
        response.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                             "<title>News</title>" +
                                 it->second.items + "</channel></rss>",
                             "application/rss+xml");
    }

    mutable std::mutex m_mutex;
    std::map<std::string, Feed> m_feeds;
    std::map<std::string, int> m_requests;
    // Last: it starts answering in its constructor and stops first in the destructor.
    ThreadedHttpServer m_server;
};

} // namespace onevoice::tests
