#include "integrations/sources/source_fetcher.hpp"

#include "bot/runtime/log.hpp"
#include "bot/text/private_address.hpp"
#include "bot/text/url.hpp"
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/sources/feed_dates.hpp"
#include "integrations/sources/feed_parser.hpp"
#include "integrations/sources/gzip.hpp"
#include "integrations/sources/json_sources.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/status.hpp>

#include <algorithm>
#include <cctype>
#include <exception>

namespace onevoice::integrations::sources {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using bot::FetchError;
using bot::FetchResult;
using Kind = bot::FetchError::Kind;
using SteadyClock = std::chrono::steady_clock;

struct SourceFetcher::Poll {
    bot::SourceKind kind;
    net::Url url; // of the current hop
    bot::FetchValidators validators;
    std::function<void(FetchResult)> done;
    SteadyClock::time_point deadline;
    std::vector<std::string> visited; // every URL requested, to spot loops
};

net::HttpClientOptions client_options(const SourceFetcherOptions& options) {
    net::HttpClientOptions out;
    out.max_body = options.max_bytes;
    out.user_agent = options.user_agent;
    if (!options.allow_private_addresses) {
        // Checked on the connected address, not the name: DNS may point a
        // public-looking name at 127.0.0.1 (issue #17).
        out.accept_peer = [](const std::string& address) {
            return !bot::is_private_host(address);
        };
    }
    return out;
}

namespace {

std::string lower(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string describe_timeout(std::chrono::milliseconds timeout) {
    if (timeout >= std::chrono::seconds(1)) {
        return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
               " s";
    }
    return std::to_string(timeout.count()) + " ms";
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3); a date is read
// against the response's own Date header, so no clock is needed.
std::optional<std::chrono::seconds> retry_wait(const net::HttpResult& response) {
    if (auto seconds = net::retry_after(response)) {
        return seconds;
    }
    const auto at = parse_rfc822_date(response.header("Retry-After"));
    const auto now = parse_rfc822_date(response.header("Date"));
    if (!at || !now) {
        return std::nullopt;
    }
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(*at - *now);
    return std::clamp(wait, std::chrono::seconds(0), std::chrono::seconds(3600));
}

void deliver(const std::function<void(FetchResult)>& done, FetchResult result) {
    try {
        done(std::move(result));
    } catch (const std::exception& e) {
        // No exception may leave a completion handler (STYLE.md §3).
        bot::log::error("sources: poll callback threw", {{"error", e.what()}});
    } catch (...) {
        bot::log::error("sources: poll callback threw", {{"error", "unknown exception"}});
    }
}

ParsedMentions parse_body(bot::SourceKind kind, std::string_view body, const net::Url& url) {
    switch (kind) {
    case bot::SourceKind::rss:
        return parse_feed(body, url.str());
    case bot::SourceKind::mastodon:
        return parse_mastodon_statuses(body);
    case bot::SourceKind::reddit:
        return parse_reddit_listing(body);
    case bot::SourceKind::hackernews:
        return parse_algolia_hits(body);
    }
    return ParsedMentions{{}, "unknown source kind"};
}

std::string accept_header(bot::SourceKind kind) {
    return kind == bot::SourceKind::rss
               ? "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
                 "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
               : "application/json";
}

} // namespace

SourceFetcher::SourceFetcher(asio::io_context& io, asio::ssl::context& tls,
                             SourceFetcherOptions options)
    : m_io(io)
    , m_options(std::move(options))
    , m_own_client(std::make_unique<net::HttpClient>(io, tls, client_options(m_options)))
    , m_http(*m_own_client) {}

SourceFetcher::SourceFetcher(asio::io_context& io, net::HttpTransport& http,
                             SourceFetcherOptions options)
    : m_io(io)
    , m_options(std::move(options))
    , m_http(http) {}

SourceFetcher::~SourceFetcher() = default;

void SourceFetcher::fetch(const bot::SourceSpec& source, const bot::FetchValidators& validators,
                          std::function<void(FetchResult)> done) {
    auto url = source_url(source, m_options);
    if (!url) {
        FetchResult result;
        result.error.kind = Kind::invalid_address;
        // Never from inside fetch(): callers may hold locks or iterate.
        asio::post(m_io, [done = std::move(done), result = std::move(result)]() mutable {
            deliver(done, std::move(result));
        });
        return;
    }
    auto poll = std::make_shared<Poll>();
    poll->kind = source.kind;
    poll->url = std::move(*url);
    poll->validators = validators;
    poll->done = std::move(done);
    poll->deadline = SteadyClock::now() + m_options.timeout;
    poll->visited.push_back(poll->url.str());
    send(poll);
}

void SourceFetcher::send(const std::shared_ptr<Poll>& poll) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(poll->deadline - SteadyClock::now());
    if (left <= std::chrono::milliseconds(0)) {
        fail(poll, Kind::timeout, describe_timeout(m_options.timeout));
        return;
    }
    net::HttpRequest request;
    request.url = poll->url;
    request.timeout = left;
    request.headers.set("Accept", accept_header(poll->kind));
    request.headers.set("Accept-Encoding", "gzip");
    if (!poll->validators.etag.empty()) {
        request.headers.set("If-None-Match", poll->validators.etag);
    }
    if (!poll->validators.last_modified.empty()) {
        request.headers.set("If-Modified-Since", poll->validators.last_modified);
    }
    m_http.request(std::move(request),
                   [this, alive = std::weak_ptr(m_alive), poll](net::HttpResult response) {
                       if (alive.lock()) {
                           on_response(poll, std::move(response));
                       }
                   });
}

void SourceFetcher::fail(const std::shared_ptr<Poll>& poll, FetchError::Kind kind,
                         std::string detail) {
    bot::log::debug("sources: poll failed", {{"url", poll->url.for_log()}, {"detail", detail}});
    FetchResult result;
    result.outcome = FetchResult::Outcome::failed;
    result.error = {kind, std::move(detail), poll->url.for_log()};
    // Posted, so that even a failure found inside fetch() is reported later.
    asio::post(m_io, [poll, result = std::move(result)]() mutable {
        deliver(poll->done, std::move(result));
    });
}

void SourceFetcher::on_response(const std::shared_ptr<Poll>& poll, net::HttpResult response) {
    if (response.failed()) {
        using net::HttpError;
        if (response.error == HttpError::too_large) {
            fail(poll, Kind::too_large, describe_size(m_options.max_bytes));
        } else if (response.error == HttpError::timeout) {
            fail(poll, Kind::timeout, describe_timeout(m_options.timeout));
        } else if (response.error == HttpError::refused_peer &&
                   !m_options.allow_private_addresses) {
            fail(poll, Kind::private_address, poll->url.host);
        } else if (response.error == HttpError::certificate) {
            fail(poll, Kind::certificate, std::move(response.error_text));
        } else {
            fail(poll, Kind::network, std::move(response.error_text));
        }
        return;
    }
    const int status = response.status;
    if (is_redirect(status)) {
        const auto next = bot::resolve_reference(poll->url, response.header("Location"));
        if (!next) {
            fail(poll, Kind::bad_redirect);
            return;
        }
        const auto key = next->str();
        const bool seen =
            std::find(poll->visited.begin(), poll->visited.end(), key) != poll->visited.end();
        // visited holds the first URL too: hops so far = visited.size() - 1.
        if (seen || static_cast<int>(poll->visited.size()) > m_options.max_redirects) {
            fail(poll, Kind::too_many_redirects);
            return;
        }
        poll->visited.push_back(key);
        poll->url = *next;
        send(poll);
        return;
    }
    if (status == 304) {
        FetchResult result;
        result.outcome = FetchResult::Outcome::not_modified;
        // A 304 may carry fresher validators (RFC 9110 §15.4.5); else keep ours.
        const auto etag = response.header("ETag");
        const auto modified = response.header("Last-Modified");
        result.validators.etag = etag.empty() ? poll->validators.etag : std::string(etag);
        result.validators.last_modified =
            modified.empty() ? poll->validators.last_modified : std::string(modified);
        deliver(poll->done, std::move(result));
        return;
    }
    if (status == 429) {
        FetchResult result;
        result.outcome = FetchResult::Outcome::rate_limited;
        result.retry_after = retry_wait(response);
        result.error = {Kind::rate_limited, {}, poll->url.for_log()};
        deliver(poll->done, std::move(result));
        return;
    }
    if (status < 200 || status > 299) {
        const auto reason = http::obsolete_reason(static_cast<http::status>(status));
        fail(poll, Kind::http_status,
             std::to_string(status) + (reason.empty() ? "" : " ") + std::string(reason));
        return;
    }
    on_body(poll, response);
}

void SourceFetcher::on_body(const std::shared_ptr<Poll>& poll, const net::HttpResult& response) {
    const auto encoding = lower(response.header("Content-Encoding"));
    std::string_view body = response.body;
    Gunzipped inflated;
    if (encoding == "gzip" || encoding == "x-gzip") {
        inflated = gunzip(body, m_options.max_bytes);
        if (!inflated.ok) {
            if (inflated.too_large) {
                fail(poll, Kind::too_large_unpacked, describe_size(m_options.max_bytes));
            } else {
                fail(poll, Kind::unreadable, inflated.error);
            }
            return;
        }
        body = inflated.data;
    } else if (!encoding.empty() && encoding != "identity") {
        fail(poll, Kind::bad_encoding, encoding.substr(0, 20));
        return;
    }
    auto parsed = parse_body(poll->kind, body, poll->url);
    if (!parsed.ok()) {
        fail(poll, Kind::unreadable, std::move(parsed.error));
        return;
    }
    FetchResult result;
    result.outcome = FetchResult::Outcome::fresh;
    result.mentions = std::move(parsed.mentions);
    result.validators.etag = response.header("ETag");
    result.validators.last_modified = response.header("Last-Modified");
    deliver(poll->done, std::move(result));
}

} // namespace onevoice::integrations::sources
