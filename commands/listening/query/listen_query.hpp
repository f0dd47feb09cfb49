#pragma once

#include "bot/model/catalog.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// Text prepared once for matching many queries: case folded, umlauts
// expanded (ä → ae, ö → oe, ü → ue, ß → ss), split into words on word
// boundaries; "#tag" and "@handle" are kept as words with their sign.
// The exact rules (accents, URLs, Mastodon handles) are in word_split.hpp.
class MatchText {
public:
    explicit MatchText(std::string_view text);
    // With the mention's URL, so that `site:example.com` terms can match its host.
    MatchText(std::string_view text, std::string_view url);
    const std::vector<std::string>& words() const { return m_words; }
    // The URL's host, lower-case, without "www." and port; empty without a URL.
    const std::string& host() const { return m_host; }

private:
    std::vector<std::string> m_words;
    std::string m_host;
};

// Limits of a query, so one saved query cannot make every poll slow.
inline constexpr std::size_t k_max_query_chars = 500;
inline constexpr std::size_t k_max_query_terms = 50;

// A parsed listening query (COMMANDS.md, "listen add"): words, "exact
// phrases", #hashtags, @handles, implicit AND, OR, -exclusion, parentheses.
// Immutable and cheap to share; a default-constructed Query matches nothing.
//
// Grammar (OR binds looser than AND, so `a b OR c` is `(a b) OR c`):
//   query   := and ( ("OR" | "|") and )*
//   and     := unary ( ["AND"] unary )*        -- juxtaposition is AND
//   unary   := ("-" | "NOT") unary | primary   -- "-" directly before its operand
//   primary := word | #tag | @handle | "phrase" | site:host | "(" query ")"
// OR, AND and NOT are keywords only in capitals ("or" is a word). A phrase is
// in "straight", “English”, „German“ or »French« quotes; any double quote
// closes it. A word that folds to several words (`e-mail`, `McDonald's`) is
// matched as a phrase. A plain word also matches the hashtag and the handle
// of that word (`bahn` matches `#Bahn` and `@bahn`); `#bahn` and `@bahn`
// match only themselves. `site:example.com` matches the mention's URL host
// and its subdomains (MatchText with a URL), not the text.
class Query {
public:
    struct Node;

    // Throws QueryError for a malformed query.
    static Query parse(std::string_view text);

    bool matches(const MatchText& text) const;
    bool matches(std::string_view text) const { return matches(MatchText(text)); }
    // The query as typed, normalised (single spaces), for display and storage.
    const std::string& text() const { return m_text; }

    // The terms a matching text contains, as typed (phrases without quotes),
    // in query order without repeats; excluded terms and site: are left out.
    // For highlighting a mention.
    std::vector<std::string> positive_terms() const;

    // This query with `-term` added (the spike alert's "Not relevant"): the
    // term is quoted when it needs it, and an OR query is parenthesised
    // first, so `a OR b` becomes `(a OR b) -term`. Throws QueryError when
    // the term has nothing to match or the result would exceed the limits.
    Query with_exclusion(std::string_view term) const;
    // This query with `-site:host` added; `host` may be a URL.
    Query with_excluded_site(std::string_view host) const;

private:
    std::shared_ptr<const Node> m_root;
    std::string m_text;
};

// Why a query could not be parsed. `position` is the 1-based character
// (not byte) where the problem is; `key` names a catalog message of
// listen_query_messages() ("listen.query_unbalanced" ...) that takes the
// position as {0}: catalog.text(error.key(), {std::to_string(error.position())}).
class QueryError : public std::runtime_error {
public:
    QueryError(std::string key, std::size_t position, const std::string& detail)
        : std::runtime_error(detail)
        , m_key(std::move(key))
        , m_position(position) {}
    const std::string& key() const noexcept { return m_key; }
    std::size_t position() const noexcept { return m_position; }

private:
    std::string m_key;
    std::size_t m_position;
};

// The messages of query errors, English and German.
std::span<const bot::CatalogEntry> listen_query_messages();

} // namespace onevoice::commands
