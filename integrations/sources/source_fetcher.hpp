#pragma once

#include "bot/model/mention.hpp"
#include "integrations/net/http_transport.hpp"
#include "integrations/sources/source_options.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <functional>
#include <memory>

namespace onevoice::integrations::net {
class HttpClient;
struct HttpClientOptions;
} // namespace onevoice::integrations::net

namespace onevoice::integrations::sources {

// Polls one listening source over HTTP(S) and parses what it returns
// (bot::MentionFetcher, see bot/model/mention.hpp for the contract).
//
// Per poll: builds the URL (source_url), sends the validators as
// If-None-Match / If-Modified-Since and Accept-Encoding: gzip, follows up to
// `max_redirects` redirects (a loop fails at once), decompresses gzip, caps
// the body at `max_bytes` before and after decompression (the client stops
// reading at the cap, so memory stays bounded), and maps the answer: 2xx ->
// fresh (parsed by kind), 304 -> not_modified, 429 -> rate_limited with
// Retry-After, anything else -> failed with one line naming the status or
// network error and the URL without its query. Unless
// `allow_private_addresses`, a connection (also after a redirect) that
// reaches a private address fails with private_address before the request
// is sent.
//
// Owns its HttpClient (so the size cap and User-Agent are its own) unless
// given a transport; `tls` (net::make_client_tls_context) must outlive it. Construct, use and
// destroy it on the io_context's thread; `done` always runs there, exactly
// once per fetch while the fetcher lives. Destroying the fetcher drops the
// polls still waiting for a server: their `done` is never called.
// The HTTP client options a fetcher with `options` needs: its size cap,
// User-Agent and, unless private addresses are allowed, the peer check.
net::HttpClientOptions client_options(const SourceFetcherOptions& options);

class SourceFetcher final : public bot::MentionFetcher {
public:
    SourceFetcher(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                  SourceFetcherOptions options = {});
    // Over `http` (which must outlive the fetcher and cap bodies as
    // client_options(options) says), for tests with tests::ScriptedHttp.
    SourceFetcher(boost::asio::io_context& io, net::HttpTransport& http,
                  SourceFetcherOptions options = {});
    ~SourceFetcher() override;
    SourceFetcher(const SourceFetcher&) = delete;
    SourceFetcher& operator=(const SourceFetcher&) = delete;

    void fetch(const bot::SourceSpec& source, const bot::FetchValidators& validators,
               std::function<void(bot::FetchResult)> done) override;

private:
    struct Poll;
    void send(const std::shared_ptr<Poll>& poll);
    void on_response(const std::shared_ptr<Poll>& poll, net::HttpResult response);
    void on_body(const std::shared_ptr<Poll>& poll, const net::HttpResult& response);
    void fail(const std::shared_ptr<Poll>& poll, bot::FetchError::Kind kind,
              std::string detail = {});

    boost::asio::io_context& m_io;
    SourceFetcherOptions m_options;
    std::unique_ptr<net::HttpClient> m_own_client; // when constructed with `tls`
    net::HttpTransport& m_http;
    // Held weakly by every request's callback: a transport that outlives the
    // fetcher may still answer, and the answer is dropped then.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace onevoice::integrations::sources
