// ScriptedHttp itself: what it reports when a test's code strays from the script, and held
// answers (long-polls).
#include "tests/fakes/scripted_http.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace onevoice;
using namespace onevoice::integrations;
using net::HttpError;
using net::HttpMethod;
using tests::http_answer;

TEST_SUITE_BEGIN("net");

TEST_CASE("ScriptedHttp: a request off the script fails the test with both named") {
    boost::asio::io_context io;
    std::vector<std::string> failures;
    {
        tests::ScriptedHttp http(io);
        http.on_unexpected([&](const std::string& message) { failures.push_back(message); });
        http.expect(HttpMethod::get, "/a", http_answer(200, "a"));
        http.expect(HttpMethod::get, "/b", http_answer(200, "b"));
        net::HttpRequest wrong;
        wrong.method = HttpMethod::post;
        wrong.url = *net::Url::parse("http://h/a?q=1");
        std::optional<net::HttpResult> answer;
        http.request(wrong, [&](net::HttpResult r) { answer = std::move(r); });
        CHECK_FALSE(answer.has_value()); // never inside request()
        io.run();
        REQUIRE(answer.has_value());
        CHECK(answer->error == HttpError::network);
        CHECK(http.requests().size() == 1);
        CHECK(http.pending() == 2);
    }
    REQUIRE(failures.size() == 2);
    CHECK(failures[0] == "ScriptedHttp: expected GET /a, got POST /a");
    CHECK(failures[1] ==
          "ScriptedHttp: 2 scripted answer(s) never requested, the first for GET /a");

    failures.clear();
    tests::ScriptedHttp empty(io);
    empty.on_unexpected([&](const std::string& message) { failures.push_back(message); });
    net::HttpRequest request;
    request.url = *net::Url::parse("http://h/x");
    empty.request(request, [](net::HttpResult) {});
    CHECK(failures == std::vector<std::string>{
                          "ScriptedHttp: unexpected request GET /x (the script is empty)"});
}

TEST_CASE("ScriptedHttp: a held request waits until the test releases it") {
    boost::asio::io_context io;
    std::vector<std::string> failures;
    std::vector<std::string> answers;
    const auto get = [&](tests::ScriptedHttp& http, const std::string& url) {
        net::HttpRequest request;
        request.url = *net::Url::parse(url);
        http.request(request, [&](net::HttpResult r) { answers.push_back(std::move(r.body)); });
    };
    {
        tests::ScriptedHttp http(io);
        http.on_unexpected([&](const std::string& message) { failures.push_back(message); });
        const auto first = http.expect_held(HttpMethod::get, "/sync");
        http.expect(HttpMethod::get, "/other", http_answer(200, "other"));
        const auto second = http.expect_held(HttpMethod::get, "/sync");
        CHECK_FALSE(http.is_waiting(first));

        get(http, "http://h/sync?since=s1");
        get(http, "http://h/other");
        io.run();
        io.restart();
        // The answer after it came; the held one still waits.
        CHECK(answers == std::vector<std::string>{"other"});
        CHECK(http.is_waiting(first));
        CHECK(http.requests().size() == 2);

        http.release(first, http_answer(200, "s2"));
        CHECK_FALSE(http.is_waiting(first));
        CHECK(answers.size() == 1); // never inside release()
        io.run();
        io.restart();
        CHECK(answers == std::vector<std::string>{"other", "s2"});

        http.release(first, http_answer(200, "again"));
        http.release(second, http_answer(200, "early"));
        get(http, "http://h/sync?since=s2");
        CHECK(http.is_waiting(second));
        CHECK(http.pending() == 0);
    } // the second long-poll is still waiting: dropped, no failure
    io.run();
    CHECK(answers.size() == 2);
    CHECK(failures == std::vector<std::string>{
                          "ScriptedHttp: released held step 1, whose request is not waiting",
                          "ScriptedHttp: released held step 2, whose request is not waiting"});
}

TEST_SUITE_END();
