#include "tests/fakes/scripted_http.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <doctest/doctest.h>

#include <string_view>

namespace onevoice::tests {

namespace net = integrations::net;

namespace {

std::string describe(net::HttpMethod method, std::string_view path) {
    return std::string(net::to_string(method)) + " " + std::string(path);
}

std::string path_of(const net::Url& url) {
    return url.target.substr(0, url.target.find('?'));
}

} // namespace

net::HttpResult http_answer(int status, std::string body,
                            std::vector<std::pair<std::string, std::string>> headers) {
    net::HttpResult result;
    result.status = status;
    result.body = std::move(body);
    for (auto& [name, value] : headers) {
        result.headers.add(name, std::move(value));
    }
    return result;
}

net::HttpResult http_failure(net::HttpError error, std::string text) {
    net::HttpResult result;
    result.error = error;
    result.error_text = std::move(text);
    return result;
}

ScriptedHttp::ScriptedHttp(boost::asio::io_context& io)
    : m_io(io)
    , m_report([](const std::string& message) { FAIL_CHECK(message); }) {}

ScriptedHttp::~ScriptedHttp() {
    if (!m_script.empty()) {
        m_report("ScriptedHttp: " + std::to_string(m_script.size()) +
                 " scripted answer(s) never requested, the first for " +
                 describe(m_script.front().method, m_script.front().path));
    }
}

void ScriptedHttp::expect(net::HttpMethod method, std::string path, net::HttpResult answer) {
    m_script.push_back({method, std::move(path), std::move(answer)});
}

ScriptedHttp::Hold ScriptedHttp::expect_held(net::HttpMethod method, std::string path) {
    const Hold hold{++m_holds};
    m_script.push_back({method, std::move(path), {}, hold.id});
    return hold;
}

void ScriptedHttp::release(Hold hold, net::HttpResult answer) {
    auto waiting = m_waiting.extract(hold.id);
    if (waiting.empty()) {
        m_report("ScriptedHttp: released held step " + std::to_string(hold.id) +
                 ", whose request is not waiting");
        return;
    }
    answer_later(std::move(waiting.mapped()), std::move(answer));
}

void ScriptedHttp::request(net::HttpRequest request, Callback done) {
    const std::string got = describe(request.method, path_of(request.url));
    m_requests.push_back(request);
    net::HttpResult answer;
    if (m_script.empty()) {
        m_report("ScriptedHttp: unexpected request " + got + " (the script is empty)");
        answer = http_failure(net::HttpError::network, "unexpected request");
    } else if (const auto& next = m_script.front();
               next.method != request.method || next.path != path_of(request.url)) {
        m_report("ScriptedHttp: expected " + describe(next.method, next.path) + ", got " + got);
        answer = http_failure(net::HttpError::network, "unexpected request");
    } else if (const std::size_t hold = m_script.front().hold; hold != 0) {
        m_script.pop_front();
        m_waiting.emplace(hold, std::move(done));
        return;
    } else {
        answer = std::move(m_script.front().answer);
        m_script.pop_front();
    }
    answer_later(std::move(done), std::move(answer));
}

void ScriptedHttp::answer_later(Callback done, net::HttpResult answer) {
    boost::asio::post(m_io, [alive = std::weak_ptr(m_alive), done = std::move(done),
                             answer = std::move(answer)]() mutable {
        if (alive.lock()) {
            done(std::move(answer));
        }
    });
}

} // namespace onevoice::tests
