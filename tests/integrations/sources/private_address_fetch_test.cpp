// Issue #17: the source fetcher never sends a request to a private address,
// whether the URL names it literally, through a name that resolves to it,
// or through a redirect, unless [listen] allow_private_addresses is set.
#include "bot/model/fetch_error.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/sources/source_fetcher.hpp"
#include "tests/fakes/loopback_server.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace net = onevoice::integrations::net;
namespace bot = onevoice::bot;
using onevoice::integrations::sources::SourceFetcher;
using onevoice::integrations::sources::SourceFetcherOptions;
using onevoice::tests::HttpRequestMessage;
using onevoice::tests::HttpResponseMessage;
using onevoice::tests::LoopbackHttpServer;
using onevoice::tests::run_until;

namespace {

constexpr std::string_view k_feed = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>t</title>
<item><title>Acme</title><link>https://news.example/1</link><guid>1</guid></item>
</channel></rss>)";

struct PrivateFetchFixture {
    asio::io_context io;
    asio::ssl::context tls = net::make_client_tls_context();
    LoopbackHttpServer server{io, nullptr, [](const HttpRequestMessage& request, auto respond) {
                                  HttpResponseMessage response{http::status::ok, 11};
                                  if (request.target() == "/moved") {
                                      response.result(http::status::found);
                                      response.set(http::field::location, "/feed.xml");
                                  } else {
                                      response.body() = std::string(k_feed);
                                  }
                                  respond(std::move(response));
                              }};

    bot::FetchResult fetch(SourceFetcher& fetcher, const std::string& url) {
        std::optional<bot::FetchResult> result;
        fetcher.fetch({bot::SourceKind::rss, url, {}}, {},
                      [&result](bot::FetchResult r) { result = std::move(r); });
        REQUIRE(run_until(io, [&result] { return result.has_value(); }));
        return std::move(*result);
    }
};

std::string said(const bot::FetchResult& result) {
    bot::Catalog catalog(bot::Locale::en);
    catalog.add(bot::fetch_error_messages());
    return bot::describe_fetch_error(catalog, bot::encode_fetch_error(result.error));
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE_FIXTURE(PrivateFetchFixture,
                  "SourceFetcher: a private address fails the poll before any request") {
    SourceFetcher fetcher(io, tls);
    std::string url;
    SUBCASE("an IP literal") {
        url = server.url("/feed.xml");
    }
    SUBCASE("a name that resolves to loopback") {
        url = server.url("/feed.xml", "localhost");
    }
    const auto result = fetch(fetcher, url);
    CHECK(result.outcome == bot::FetchResult::Outcome::failed);
    CHECK(result.error.kind == bot::FetchError::Kind::private_address);
    CHECK_MESSAGE(said(result).find("is a private address") != std::string::npos, said(result));
    CHECK(server.handled() == 0);
}

TEST_CASE_FIXTURE(PrivateFetchFixture,
                  "SourceFetcher: with allow_private_addresses a loopback feed is fetched") {
    SourceFetcherOptions options;
    options.allow_private_addresses = true;
    SourceFetcher fetcher(io, tls, options);
    const auto result = fetch(fetcher, server.url("/moved"));
    CHECK(result.outcome == bot::FetchResult::Outcome::fresh);
    CHECK(result.mentions.size() == 1);
    CHECK(server.handled() == 2);
}

TEST_SUITE_END();
