#pragma once

#include "integrations/net/http_transport.hpp"

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace onevoice::tests {

// A response with `status`, `body` and `headers`, as a transport reports it.
integrations::net::HttpResult
http_answer(int status, std::string body,
            std::vector<std::pair<std::string, std::string>> headers = {});
// A request that got no response: `error` with `text` as the system's description.
integrations::net::HttpResult http_failure(integrations::net::HttpError error,
                                           std::string text = "Connection refused");

// An HttpTransport that answers from a script (tgbot-cpp SequencedHttpClient,
// STYLE.md §7): each expect() adds one canned answer for one expected request,
// used in order. Every request is recorded. A request when the script is
// empty, or whose method or path (the URL's target without its query) is not
// the one expected next, fails the test with a message naming both and is
// answered with a network error. Answers left unused when the ScriptedHttp is
// destroyed fail the test too.
//
// Answers are posted to `io`, so that, as with the real client, `done` runs
// later on the io thread and never inside request(): run the io_context
// (io.run() or run_until) to deliver them. Answers still queued when the
// ScriptedHttp is destroyed are dropped, as HttpClient drops them.
//
// A held step (expect_held) models a long-poll: its request waits, unanswered,
// until the test releases it with an answer, or for good.
class ScriptedHttp final : public integrations::net::HttpTransport {
public:
    // Names one held step of the script.
    struct Hold {
        std::size_t id = 0;
    };

    explicit ScriptedHttp(boost::asio::io_context& io);
    ~ScriptedHttp() override;
    ScriptedHttp(const ScriptedHttp&) = delete;
    ScriptedHttp& operator=(const ScriptedHttp&) = delete;

    // The next request must be `method` `path` ("/api/chat.postMessage"); it gets `answer`.
    void expect(integrations::net::HttpMethod method, std::string path,
                integrations::net::HttpResult answer);
    // The next request must be `method` `path`; it waits until release() (a /sync long-poll
    // that returns when something happens). A request still waiting when the ScriptedHttp is
    // destroyed is dropped without failing the test: a long-poll may be under way at the end.
    Hold expect_held(integrations::net::HttpMethod method, std::string path);
    // Whether the request of `hold` arrived and waits for its answer.
    bool is_waiting(Hold hold) const { return m_waiting.contains(hold.id); }
    // Answers the waiting request of `hold` with `answer` (posted to the io_context like any
    // answer). Fails the test when that request has not arrived or was answered already.
    void release(Hold hold, integrations::net::HttpResult answer);

    void request(integrations::net::HttpRequest request, Callback done) override;

    // Every request so far, in order.
    const std::vector<integrations::net::HttpRequest>& requests() const { return m_requests; }
    // Scripted answers not yet used.
    std::size_t pending() const { return m_script.size(); }

    // Where a failure goes; the default fails the running doctest test case.
    // A test of ScriptedHttp itself replaces it to look at the message.
    void on_unexpected(std::function<void(const std::string&)> report) {
        m_report = std::move(report);
    }

private:
    struct Step {
        integrations::net::HttpMethod method;
        std::string path;
        integrations::net::HttpResult answer;
        std::size_t hold = 0; // not 0: a held step, answered by release()
    };

    void answer_later(Callback done, integrations::net::HttpResult answer);

    boost::asio::io_context& m_io;
    std::deque<Step> m_script;
    std::vector<integrations::net::HttpRequest> m_requests;
    std::map<std::size_t, Callback> m_waiting; // held requests that arrived, by Hold id
    std::size_t m_holds = 0;
    std::function<void(const std::string&)> m_report;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace onevoice::tests
