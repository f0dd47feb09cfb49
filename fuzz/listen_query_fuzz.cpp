// libFuzzer target: the listening query language (commands/listen_query*).
// Input: the query on the first line, a term for the spike alert's "Not
// relevant" on the second, and a mention text (also read as its URL) in the
// rest. Besides crashes and sanitizer findings, the target checks that a
// malformed query is refused with a QueryError the catalog can explain, and
// that the text stored for a query (Query::text()) parses again to the same
// query: ListenIngest re-parses stored queries and skips those that fail.
#include "commands/listening/query/listen_query.hpp"
#include "commands/listening/word_split.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

using onevoice::commands::MatchText;
using onevoice::commands::Query;
using onevoice::commands::QueryError;

void check(bool condition) {
    if (!condition) {
        std::abort(); // libFuzzer keeps the input as a crash
    }
}

void check_error(const QueryError& error, std::string_view query) {
    const auto messages = onevoice::commands::listen_query_messages();
    check(std::any_of(messages.begin(), messages.end(),
                      [&error](const auto& entry) { return entry.key == error.key(); }));
    check(error.position() >= 1 && error.position() <= onevoice::commands::char_count(query) + 1);
}

std::optional<Query> parse(std::string_view text) {
    try {
        return Query::parse(text);
    } catch (const QueryError& error) {
        check_error(error, text);
        return std::nullopt;
    }
}

// What is stored must read back as the same query.
void check_stored(const Query& query, const MatchText& sample) {
    const std::optional<Query> again = parse(query.text());
    check(again.has_value());
    check(again->text() == query.text());
    // Terms are shown as typed, spaces inside a phrase included; they fold alike.
    const auto terms = query.positive_terms();
    const auto terms_again = again->positive_terms();
    check(terms.size() == terms_again.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
        check(MatchText(terms[i]).words() == MatchText(terms_again[i]).words());
    }
    check(again->matches(sample) == query.matches(sample));
}

std::string_view next_line(std::string_view& rest) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return line;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view query_text = next_line(rest);
    const std::string_view term = next_line(rest);
    const MatchText sample(rest, rest);

    const std::optional<Query> query = parse(query_text);
    if (!query) {
        return 0;
    }
    check(!query->matches(MatchText(std::string_view{})));
    check_stored(*query, sample);
    (void)query->matches(sample);

    // The spike alert's "Not relevant": the new query replaces the stored one.
    for (const bool is_site : {false, true}) {
        try {
            const Query changed =
                is_site ? query->with_excluded_site(term) : query->with_exclusion(term);
            check_stored(changed, sample);
            check(!changed.matches(sample) || query->matches(sample));
        } catch (const QueryError& error) {
            (void)error;
        }
    }
    return 0;
}
