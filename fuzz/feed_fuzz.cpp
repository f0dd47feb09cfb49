// libFuzzer target: a listening source's response body, read by every parser
// the source fetcher has (integrations/sources: RSS/Atom/RDF, Mastodon,
// Reddit, Algolia/Hacker News), and each mention used the way ListenIngest
// uses it. Besides crashes and sanitizer findings, the target checks the
// promises of ParsedMentions: parsers never throw (an exception aborts the
// run), every mention has an id, and its text is valid UTF-8 (it is stored
// and then rendered into Slack and Matrix JSON, which refuses anything else).
#include "bot/text/utf8.hpp"
#include "integrations/sources/feed_parser.hpp"
#include "integrations/sources/json_sources.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using onevoice::integrations::sources::ParsedMentions;

void check(bool condition) {
    if (!condition) {
        std::abort(); // libFuzzer keeps the input as a crash
    }
}

void check_mentions(const ParsedMentions& parsed) {
    for (const onevoice::bot::Mention& m : parsed.mentions) {
        check(!m.external_id.empty());
        for (const auto* field :
             {&m.external_id, &m.url, &m.author, &m.title, &m.text, &m.language}) {
            check(onevoice::bot::is_valid_utf8(*field));
        }
        if (m.engagement) {
            (void)m.engagement->total(); // what ListenIngest stores
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    using namespace onevoice::integrations::sources;
    check_mentions(parse_feed(body, "https://news.example.org/feeds/all.xml"));
    check_mentions(parse_feed(body));
    check_mentions(parse_mastodon_statuses(body));
    check_mentions(parse_reddit_listing(body));
    check_mentions(parse_algolia_hits(body));
    return 0;
}
