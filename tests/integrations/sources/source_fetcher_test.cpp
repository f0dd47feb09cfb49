// SourceFetcher against local HTTP servers: conditional requests, redirects,
// size caps, gzip, rate limits, timeouts and each kind of source.
#include "bot/model/fetch_error.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/sources/source_fetcher.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include <zlib.h>

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace net = onevoice::integrations::net;
namespace bot = onevoice::bot;
using namespace std::chrono_literals;
using onevoice::integrations::sources::SourceFetcher;
using onevoice::integrations::sources::SourceFetcherOptions;
using onevoice::tests::HttpRequestMessage;
using onevoice::tests::HttpResponseMessage;
using onevoice::tests::LoopbackHttpServer;
using onevoice::tests::run_until;
using Outcome = bot::FetchResult::Outcome;

// The failure as `listen sources` words it in English.
std::string said(const bot::FetchResult& result) {
    bot::Catalog catalog(bot::Locale::en);
    catalog.add(bot::fetch_error_messages());
    return bot::describe_fetch_error(catalog, bot::encode_fetch_error(result.error));
}

namespace {

constexpr std::size_t k_mib = 1024 * 1024;

std::string fixture(const std::string& name) {
    return onevoice::tests::read_file(std::string(onevoice::tests::source_dir()) +
                                      "/tests/fixtures/sources/" + name);
}

std::string gzip(std::string_view data) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2");
    }
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        throw std::runtime_error("deflate");
    }
    return out;
}

HttpResponseMessage respond_with(http::status status, std::string body = {},
                                 std::string content_type = "application/rss+xml") {
    HttpResponseMessage response{status, 11};
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);
    return response;
}

HttpResponseMessage redirect(http::status status, const std::string& location) {
    auto response = respond_with(status);
    response.set(http::field::location, location);
    return response;
}

// The test servers run on 127.0.0.1, a private address the fetcher refuses
// unless told otherwise (private_address_fetch_test.cpp).
SourceFetcherOptions on_loopback() {
    SourceFetcherOptions options;
    options.allow_private_addresses = true;
    return options;
}

bot::SourceSpec feed(const LoopbackHttpServer& server, std::string_view path) {
    return bot::SourceSpec{bot::SourceKind::rss, server.url(path), {}};
}

struct FetcherFixture {
    asio::io_context io;
    asio::ssl::context tls = net::make_client_tls_context();

    bot::FetchResult fetch(SourceFetcher& fetcher, const bot::SourceSpec& source,
                           const bot::FetchValidators& validators = {}) {
        std::optional<bot::FetchResult> result;
        int calls = 0;
        fetcher.fetch(source, validators, [&](bot::FetchResult r) {
            ++calls;
            result = std::move(r);
        });
        CHECK_FALSE(result.has_value()); // never from inside fetch()
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        io.poll(); // a second call would show up here
        CHECK(calls == 1);
        return std::move(*result);
    }
};

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: ETag and Last-Modified round trip to a 304") {
    std::vector<HttpRequestMessage> seen;
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage& request, auto respond) {
        seen.push_back(request);
        if (request[http::field::if_none_match] == "\"v1\"") {
            respond(respond_with(http::status::not_modified));
            return;
        }
        auto response = respond_with(http::status::ok, fixture("rss2.xml"));
        response.set(http::field::etag, "\"v1\"");
        response.set(http::field::last_modified, "Sun, 29 Mar 2026 07:00:00 GMT");
        respond(std::move(response));
    });
    SourceFetcher fetcher(io, tls, on_loopback());

    const auto first = fetch(fetcher, feed(server, "/feed.rss"));
    REQUIRE(first.outcome == Outcome::fresh);
    CHECK(first.mentions.size() == 3);
    CHECK(first.validators.etag == "\"v1\"");
    CHECK(first.validators.last_modified == "Sun, 29 Mar 2026 07:00:00 GMT");
    CHECK(seen.at(0)[http::field::if_none_match].empty());
    CHECK(std::string(seen.at(0)[http::field::user_agent]).starts_with("OneVoice/"));
    CHECK(seen.at(0)[http::field::accept_encoding] == "gzip");

    const auto second = fetch(fetcher, feed(server, "/feed.rss"), first.validators);
    CHECK(second.outcome == Outcome::not_modified);
    CHECK(second.mentions.empty());
    CHECK(second.validators.etag == "\"v1\""); // kept for the next poll
    CHECK(second.validators.last_modified == "Sun, 29 Mar 2026 07:00:00 GMT");
    CHECK(seen.at(1)[http::field::if_modified_since] == "Sun, 29 Mar 2026 07:00:00 GMT");
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: follows a redirect chain, refuses a loop") {
    std::vector<std::string> targets;
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage& request, auto respond) {
        const std::string target(request.target());
        targets.push_back(target);
        if (target == "/old") {
            respond(redirect(http::status::moved_permanently, server.url("/moved/here")));
        } else if (target == "/moved/here") {
            respond(redirect(http::status::found, "../feeds/now")); // relative
        } else if (target == "/feeds/now") {
            respond(redirect(http::status::temporary_redirect, "/feed.atom"));
        } else if (target == "/feed.atom") {
            respond(respond_with(http::status::ok, fixture("atom.xml")));
        } else if (target == "/loop-a") {
            respond(redirect(http::status::see_other, "/loop-b"));
        } else if (target == "/loop-b") {
            respond(redirect(http::status::permanent_redirect, "/loop-a"));
        } else if (target.starts_with("/hop/")) {
            const int n = std::stoi(target.substr(5));
            respond(redirect(http::status::found, "/hop/" + std::to_string(n + 1)));
        } else {
            respond(respond_with(http::status::not_found));
        }
    });
    SourceFetcher fetcher(io, tls, on_loopback());

    const auto chain = fetch(fetcher, feed(server, "/old"));
    REQUIRE(chain.outcome == Outcome::fresh);
    CHECK(chain.mentions.size() == 3);
    CHECK(targets == std::vector<std::string>{"/old", "/moved/here", "/feeds/now", "/feed.atom"});

    targets.clear();
    const auto loop = fetch(fetcher, feed(server, "/loop-a"));
    CHECK(loop.outcome == Outcome::failed);
    CHECK(said(loop).starts_with("too many redirects"));
    CHECK(targets.size() == 2); // stopped as soon as /loop-a came back

    targets.clear();
    const auto endless = fetch(fetcher, feed(server, "/hop/0"));
    CHECK(endless.outcome == Outcome::failed);
    CHECK(said(endless).starts_with("too many redirects"));
    CHECK(targets.size() == 6); // the first request and five redirects
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: a 20 MB response is refused") {
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage&, auto respond) {
        respond(respond_with(http::status::ok, std::string(20 * k_mib, 'x')));
    });
    SourceFetcher fetcher(io, tls, on_loopback());
    const auto result = fetch(fetcher, feed(server, "/huge?token=secret"));
    CHECK(result.outcome == Outcome::failed);
    CHECK(said(result) == "response larger than 5 MB (" + server.url("/huge") + ")");
    CHECK(said(result).find("secret") == std::string::npos);
}

TEST_CASE_FIXTURE(FetcherFixture,
                  "SourceFetcher: a streamed 20 MB response is cut off at the cap") {
    // Chunked, without Content-Length: the client must stop reading at the
    // cap instead of buffering everything. The server counts what it sent.
    constexpr std::size_t total = 20 * k_mib;
    std::atomic<std::size_t> sent{0};
    httplib::Server server;
    server.Get("/stream", [&](const httplib::Request&, httplib::Response& response) {
        response.set_chunked_content_provider("application/octet-stream",
                                              [&](std::size_t offset, httplib::DataSink& sink) {
                                                  if (offset >= total) {
                                                      sink.done();
                                                      return true;
                                                  }
                                                  const std::string chunk(64 * 1024, 'x');
                                                  if (!sink.write(chunk.data(), chunk.size())) {
                                                      return false;
                                                  }
                                                  sent += chunk.size();
                                                  return true;
                                              });
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread thread([&] { server.listen_after_bind(); });

    SourceFetcher fetcher(io, tls, on_loopback());
    const auto result =
        fetch(fetcher,
              {bot::SourceKind::rss, "http://127.0.0.1:" + std::to_string(port) + "/stream", {}});
    server.stop();
    thread.join();
    CHECK(result.outcome == Outcome::failed);
    CHECK(said(result).starts_with("response larger than 5 MB"));
    CHECK(sent.load() < total); // the client hung up long before the end
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: gzip responses and gzip bombs") {
    const auto small = gzip(fixture("atom.xml"));
    const auto bomb = gzip(std::string(20 * k_mib, ' ')); // about 20 KB on the wire
    REQUIRE(bomb.size() < 100 * 1024);
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage& request, auto respond) {
        const bool is_bomb = request.target() == "/bomb";
        auto response = respond_with(http::status::ok, is_bomb ? bomb : small);
        response.set(http::field::content_encoding, "gzip");
        respond(std::move(response));
    });
    SourceFetcher fetcher(io, tls, on_loopback());

    const auto fine = fetch(fetcher, feed(server, "/feed.atom"));
    REQUIRE(fine.outcome == Outcome::fresh);
    CHECK(fine.mentions.size() == 3);

    const auto exploded = fetch(fetcher, feed(server, "/bomb"));
    CHECK(exploded.outcome == Outcome::failed);
    CHECK(said(exploded) ==
          "response larger than 5 MB once unpacked (" + server.url("/bomb") + ")");
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: 429 is rate_limited with Retry-After") {
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage& request, auto respond) {
        auto response = respond_with(http::status::too_many_requests);
        if (request.target() == "/seconds") {
            response.set(http::field::retry_after, "120");
        } else if (request.target() == "/date") {
            response.set(http::field::date, "Sun, 29 Mar 2026 07:00:00 GMT");
            response.set(http::field::retry_after, "Sun, 29 Mar 2026 07:05:00 GMT");
        }
        respond(std::move(response));
    });
    SourceFetcher fetcher(io, tls, on_loopback());

    const auto seconds = fetch(fetcher, feed(server, "/seconds"));
    CHECK(seconds.outcome == Outcome::rate_limited);
    CHECK(seconds.retry_after == std::chrono::seconds(120));

    const auto date = fetch(fetcher, feed(server, "/date"));
    CHECK(date.outcome == Outcome::rate_limited);
    CHECK(date.retry_after == std::chrono::seconds(300));

    const auto none = fetch(fetcher, feed(server, "/none"));
    CHECK(none.outcome == Outcome::rate_limited);
    CHECK_FALSE(none.retry_after);
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: HTTP errors and invalid XML fail the poll") {
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage& request, auto respond) {
        if (request.target() == "/invalid") {
            respond(respond_with(http::status::ok, fixture("invalid.xml")));
        } else if (request.target() == "/br") {
            auto response = respond_with(http::status::ok, "compressed");
            response.set(http::field::content_encoding, "br");
            respond(std::move(response));
        } else {
            respond(respond_with(http::status::service_unavailable));
        }
    });
    SourceFetcher fetcher(io, tls, on_loopback());

    const auto invalid = fetch(fetcher, feed(server, "/invalid"));
    CHECK(invalid.outcome == Outcome::failed);
    CHECK(said(invalid) == "unreadable content: invalid XML at line 4: mismatched tag (" +
                               server.url("/invalid") + ")");

    const auto down = fetch(fetcher, feed(server, "/down?api_key=hunter2"));
    CHECK(down.outcome == Outcome::failed);
    CHECK(said(down) == "HTTP 503 Service Unavailable (" + server.url("/down") + ")");

    const auto br = fetch(fetcher, feed(server, "/br"));
    CHECK(said(br) == "unsupported content encoding br (" + server.url("/br") + ")");

    const auto bad = fetch(fetcher, {bot::SourceKind::rss, "not a url", {}});
    CHECK(bad.outcome == Outcome::failed);
    CHECK(said(bad) == "invalid source address");
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: a server that stalls times out") {
    std::vector<LoopbackHttpServer::Respond> parked; // never answered
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage&, auto respond) {
        parked.push_back(std::move(respond));
    });
    SourceFetcherOptions options = on_loopback();
    options.timeout = 300ms;
    SourceFetcher fetcher(io, tls, options);
    const auto started = std::chrono::steady_clock::now();
    const auto result = fetch(fetcher, feed(server, "/slow"));
    CHECK(result.outcome == Outcome::failed);
    CHECK(said(result) == "no answer within 300 ms (" + server.url("/slow") + ")");
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    CHECK(parked.size() == 1);
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: a closed port is a network error") {
    std::uint16_t port = 0;
    {
        asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = probe.local_endpoint().port();
    }
    SourceFetcher fetcher(io, tls, on_loopback());
    const auto result = fetch(
        fetcher, {bot::SourceKind::rss, "http://127.0.0.1:" + std::to_string(port) + "/f", {}});
    CHECK(result.outcome == Outcome::failed);
    CHECK(said(result).starts_with("network error: "));
}

TEST_CASE_FIXTURE(FetcherFixture, "SourceFetcher: Mastodon, Reddit and Hacker News searches") {
    std::vector<std::string> targets;
    LoopbackHttpServer server(io, nullptr, [&](const HttpRequestMessage& request, auto respond) {
        const std::string target(request.target());
        targets.push_back(target);
        CHECK(request[http::field::accept] == "application/json");
        if (target == "/api/v1/timelines/tag/acme?limit=40") {
            respond(
                respond_with(http::status::ok, fixture("mastodon_tag.json"), "application/json"));
        } else if (target.starts_with("/search.json?")) {
            // Gzip too, as Reddit answers.
            auto response = respond_with(http::status::ok, gzip(fixture("reddit_search.json")),
                                         "application/json");
            response.set(http::field::content_encoding, "gzip");
            respond(std::move(response));
        } else if (target.starts_with("/api/v1/search_by_date?")) {
            respond(
                respond_with(http::status::ok, fixture("algolia_search.json"), "application/json"));
        } else {
            respond(respond_with(http::status::not_found));
        }
    });
    SourceFetcherOptions options = on_loopback();
    options.reddit_base = server.url("/");
    options.hackernews_base = server.url("");
    SourceFetcher fetcher(io, tls, options);

    const auto mastodon = fetch(fetcher, {bot::SourceKind::mastodon, server.url(""), "#acme"});
    REQUIRE(mastodon.outcome == Outcome::fresh);
    CHECK(mastodon.mentions.size() == 2);

    const auto reddit = fetch(fetcher, {bot::SourceKind::reddit, "", "acme barista"});
    REQUIRE(reddit.outcome == Outcome::fresh);
    CHECK(reddit.mentions.size() == 2);
    CHECK(targets.at(1) == "/search.json?q=acme%20barista&sort=new&limit=100&raw_json=1");

    const auto hn = fetch(fetcher, {bot::SourceKind::hackernews, "", "acme"});
    REQUIRE(hn.outcome == Outcome::fresh);
    CHECK(hn.mentions.size() == 3);
    CHECK(targets.at(2) ==
          "/api/v1/search_by_date?query=acme&tags=(story,comment)&hitsPerPage=100");
}

TEST_SUITE_END();
