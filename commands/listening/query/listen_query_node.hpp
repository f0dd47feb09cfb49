#pragma once

// The parsed form of a listening query, shared by the parser
// (listen_query_parse.cpp) and the matcher (listen_query.cpp). Not for use
// outside these two files: everyone else goes through Query.
#include "commands/listening/query/listen_query.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace onevoice::commands {

struct Query::Node {
    enum class Kind {
        term,     // `words` in a row: a word, a #tag, an @handle or a phrase
        site,     // the mention's URL host is `words[0]` or one of its subdomains
        all,      // every child matches (AND)
        any,      // some child matches (OR)
        negation, // the one child does not match (-x, NOT x)
    };
    Kind kind = Kind::term;
    std::vector<std::string> words;
    std::vector<std::shared_ptr<const Node>> children;
    std::size_t position = 1; // 1-based character in the query as typed
    std::string shown;        // a term as typed (phrase without its quotes)
};

// Parses `text` into a tree, enforcing the limits and the errors of
// QueryError. The result never matches a text without words (such a query
// only excludes and is refused).
std::shared_ptr<const Query::Node> parse_query_tree(std::string_view text);

// Whether the tree matches; shared with the "only excludes" check of the parser.
bool tree_matches(const Query::Node& node, const MatchText& text);

// "www.Example.com:443", "https://example.com/path" → "example.com". The host
// also ends at white space, '(', ')', '|' and quotes, so it is one query term.
std::string host_of(std::string_view url_or_host);

} // namespace onevoice::commands
