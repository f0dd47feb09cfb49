// Matching a parsed listening query against a mention, and deriving queries
// from queries (the spike alert's "Not relevant").
#include "commands/listening/query/listen_query.hpp"

#include "commands/listening/query/listen_query_node.hpp"
#include "commands/listening/word_split.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace onevoice::commands {
namespace {

using Kind = Query::Node::Kind;

// `bahn` matches the word, the hashtag and the handle; `#bahn` and `@bahn`
// only themselves (a hashtag search means the hashtag).
bool word_matches(const std::string& term, const std::string& word) {
    if (term == word) {
        return true;
    }
    if (term.front() == '#' || term.front() == '@') {
        return false;
    }
    return (word.front() == '#' || word.front() == '@') && word.size() == term.size() + 1 &&
           word.compare(1, std::string::npos, term) == 0;
}

bool contains_run(const std::vector<std::string>& words, const std::vector<std::string>& run) {
    if (run.size() > words.size()) {
        return false;
    }
    for (std::size_t start = 0; start + run.size() <= words.size(); ++start) {
        bool all = true;
        for (std::size_t k = 0; k < run.size() && all; ++k) {
            all = word_matches(run[k], words[start + k]);
        }
        if (all) {
            return true;
        }
    }
    return false;
}

bool host_matches(const std::string& site, const std::string& host) {
    if (host.size() < site.size() || host.compare(host.size() - site.size(), site.size(), site)) {
        return false;
    }
    return host.size() == site.size() || host[host.size() - site.size() - 1] == '.';
}

void collect_positive(const Query::Node& node, bool negated, std::vector<std::string>& shown,
                      std::set<std::vector<std::string>>& seen) {
    if (node.kind == Kind::term && !negated && seen.insert(node.words).second) {
        shown.push_back(node.shown);
    }
    for (const auto& child : node.children) {
        collect_positive(*child, negated != (node.kind == Kind::negation), shown, seen);
    }
}

// Single spaces, none at the ends; the query is otherwise kept as typed.
// Spaces are exactly those of the lexer (not std::isspace, which adds \v and
// \f): the stored text is parsed again, so "a -\vb" must not become "a - b".
std::string normalise_spaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool nbsp = text.substr(i, 2) == "\u00A0";
        const char c = text[i];
        if (nbsp || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            i += nbsp ? 1 : 0;
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += text[i];
    }
    return out;
}

bool is_keyword_or_site(std::string_view term) {
    std::string lower;
    for (const char c : term.substr(0, 5)) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return term == "OR" || term == "AND" || term == "NOT" || lower == "site:";
}

// A term that would not read back as one term gets quotes: white space,
// operators, a leading '-', keywords, "site:". Quotes inside it are dropped
// (a phrase cannot contain them; they never match anything anyway).
std::string quoted_if_needed(std::string_view term) {
    static constexpr std::string_view k_quotes[] = {"\"",     "\u201C", "\u201D",
                                                    "\u201E", "\u00AB", "\u00BB"};
    std::string plain;
    std::size_t i = 0;
    while (i < term.size()) {
        const auto* quote =
            std::find_if(std::begin(k_quotes), std::end(k_quotes),
                         [&](std::string_view q) { return term.substr(i, q.size()) == q; });
        if (quote != std::end(k_quotes)) {
            plain += ' ';
            i += quote->size();
        } else {
            plain += term[i++];
        }
    }
    plain = normalise_spaces(plain);
    const bool needs = plain.empty() || plain.find_first_of(" ()|") != std::string::npos ||
                       plain.front() == '-' || is_keyword_or_site(plain);
    return needs ? '"' + plain + '"' : plain;
}

// Where the host part of `url` (after the scheme) ends: at the path, query or
// fragment, and also at anything the query lexer reads as a separator, an
// operator or a quote, since with_excluded_site() writes the host into the
// query text ("-site:a|b" would be "-site:a OR b").
std::size_t host_end(std::string_view url) {
    static constexpr std::string_view k_multibyte[] = {"\u00A0", "\u201C", "\u201D",
                                                       "\u201E", "\u00AB", "\u00BB"};
    for (std::size_t i = 0; i < url.size(); ++i) {
        if (std::string_view("/?#()|\" \t\n\r").find(url[i]) != std::string_view::npos ||
            std::any_of(std::begin(k_multibyte), std::end(k_multibyte), [&](std::string_view mark) {
                return url.substr(i, mark.size()) == mark;
            })) {
            return i;
        }
    }
    return url.size();
}

} // namespace

std::string host_of(std::string_view url) {
    if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        url.remove_prefix(scheme + 3);
    }
    url = url.substr(0, host_end(url));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        url.remove_prefix(at + 1);
    }
    url = url.substr(0, url.find(':'));
    std::string host;
    for (const char c : url) {
        host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    if (host.rfind("www.", 0) == 0) {
        host.erase(0, 4);
    }
    return host;
}

bool tree_matches(const Query::Node& node, const MatchText& text) {
    switch (node.kind) {
    case Kind::term:
        return contains_run(text.words(), node.words);
    case Kind::site:
        return host_matches(node.words.front(), text.host());
    case Kind::all:
        return std::all_of(node.children.begin(), node.children.end(),
                           [&text](const auto& child) { return tree_matches(*child, text); });
    case Kind::any:
        return std::any_of(node.children.begin(), node.children.end(),
                           [&text](const auto& child) { return tree_matches(*child, text); });
    case Kind::negation:
        return !tree_matches(*node.children.front(), text);
    }
    return false;
}

MatchText::MatchText(std::string_view text)
    : m_words(split_words(text)) {}

MatchText::MatchText(std::string_view text, std::string_view url)
    : m_words(split_words(text))
    , m_host(host_of(url)) {}

Query Query::parse(std::string_view text) {
    Query query;
    query.m_root = parse_query_tree(text);
    query.m_text = normalise_spaces(text);
    return query;
}

bool Query::matches(const MatchText& text) const {
    return m_root != nullptr && tree_matches(*m_root, text);
}

std::vector<std::string> Query::positive_terms() const {
    std::vector<std::string> shown;
    std::set<std::vector<std::string>> seen;
    if (m_root != nullptr) {
        collect_positive(*m_root, false, shown, seen);
    }
    return shown;
}

Query Query::with_exclusion(std::string_view term) const {
    const bool wrap = m_root != nullptr && m_root->kind == Kind::any;
    return parse((wrap ? "(" + m_text + ")" : m_text) + " -" + quoted_if_needed(term));
}

Query Query::with_excluded_site(std::string_view host) const {
    const bool wrap = m_root != nullptr && m_root->kind == Kind::any;
    return parse((wrap ? "(" + m_text + ")" : m_text) + " -site:" + host_of(host));
}

} // namespace onevoice::commands
