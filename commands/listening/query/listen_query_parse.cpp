// The query language of `listen add` (COMMANDS.md): lexer and
// recursive-descent parser. The grammar is documented on Query.
#include "commands/listening/query/listen_query_node.hpp"
#include "commands/listening/word_split.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace onevoice::commands {
namespace {

using NodePtr = std::shared_ptr<const Query::Node>;
using Kind = Query::Node::Kind;

// Double quotes that open or close a phrase. Any of them closes, because
// people mix them („…“, „…”, “…”, »…«, «…») and autocorrect picks for them.
constexpr std::array<std::string_view, 6> k_quotes = {"\"",     "\u201C", "\u201D",
                                                      "\u201E", "\u00AB", "\u00BB"};

std::size_t quote_length_at(std::string_view text, std::size_t i) {
    for (const std::string_view quote : k_quotes) {
        if (text.substr(i, quote.size()) == quote) {
            return quote.size();
        }
    }
    return 0;
}

// ASCII white space and the no-break space (pasted from web pages).
std::size_t space_length_at(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        return 1;
    }
    return text.substr(i, 2) == "\u00A0" ? 2 : 0;
}

enum class Tok { term, phrase, open, close, op_or, op_and, op_not };

struct Token {
    Tok kind;
    std::string text;     // term or phrase contents
    std::size_t position; // 1-based character
};

class Lexer {
public:
    explicit Lexer(std::string_view text)
        : m_text(text) {}

    std::vector<Token> run() {
        while (m_at < m_text.size()) {
            if (const std::size_t space = space_length_at(m_text, m_at); space > 0) {
                m_at += space;
                continue;
            }
            next_token();
        }
        return std::move(m_tokens);
    }

private:
    // 1-based character position of byte offset `at`.
    std::size_t position(std::size_t at) const { return char_count(m_text.substr(0, at)) + 1; }

    bool ends_term(std::size_t at) const {
        if (at >= m_text.size() || space_length_at(m_text, at) > 0) {
            return true;
        }
        const char c = m_text[at];
        return c == '(' || c == ')' || c == '|';
    }

    void next_token() {
        const char c = m_text[m_at];
        const std::size_t pos = position(m_at);
        if (c == '(' || c == ')') {
            m_tokens.push_back({c == '(' ? Tok::open : Tok::close, {}, pos});
            ++m_at;
        } else if (c == '|') {
            m_tokens.push_back({Tok::op_or, {}, pos});
            while (m_at < m_text.size() && m_text[m_at] == '|') {
                ++m_at; // "||" is one OR
            }
        } else if (c == '-') {
            // The operand follows at once ("-foo", "-(a OR b)", "-"a b"").
            const std::size_t next = m_at + 1;
            if (next >= m_text.size() || space_length_at(m_text, next) > 0 || m_text[next] == ')' ||
                m_text[next] == '|') {
                throw QueryError("listen.query_exclusion_empty", pos,
                                 "'-' without a term to exclude at " + std::to_string(pos));
            }
            m_tokens.push_back({Tok::op_not, {}, pos});
            ++m_at;
        } else if (const std::size_t quote = quote_length_at(m_text, m_at); quote > 0) {
            phrase(pos, quote);
        } else {
            bare_term(pos);
        }
    }

    void phrase(std::size_t pos, std::size_t open_length) {
        std::size_t end = m_at + open_length;
        std::size_t close = 0;
        while (end < m_text.size() && (close = quote_length_at(m_text, end)) == 0) {
            ++end;
        }
        if (end >= m_text.size()) {
            throw QueryError("listen.query_unclosed_quote", pos,
                             "quote without its closing quote at " + std::to_string(pos));
        }
        const std::size_t start = m_at + open_length;
        m_tokens.push_back({Tok::phrase, std::string(m_text.substr(start, end - start)), pos});
        m_at = end + close;
    }

    void bare_term(std::size_t pos) {
        const std::size_t start = m_at;
        while (!ends_term(m_at)) {
            ++m_at;
        }
        std::string word(m_text.substr(start, m_at - start));
        if (word == "OR") {
            m_tokens.push_back({Tok::op_or, {}, pos});
        } else if (word == "AND") {
            m_tokens.push_back({Tok::op_and, {}, pos});
        } else if (word == "NOT") {
            m_tokens.push_back({Tok::op_not, {}, pos});
        } else {
            m_tokens.push_back({Tok::term, std::move(word), pos});
        }
    }

    std::string_view m_text;
    std::size_t m_at = 0;
    std::vector<Token> m_tokens;
};

bool starts_with_site(std::string_view term) {
    if (term.size() < 5) {
        return false;
    }
    std::string prefix(term.substr(0, 5));
    for (char& c : prefix) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return prefix == "site:";
}

NodePtr term_node(const Token& token) {
    auto node = std::make_shared<Query::Node>();
    node->position = token.position;
    node->shown = token.text;
    const std::string at = " at " + std::to_string(token.position);
    if (token.kind == Tok::term && starts_with_site(token.text)) {
        node->kind = Kind::site;
        node->words.push_back(host_of(std::string_view(token.text).substr(5)));
        if (node->words.front().empty()) {
            throw QueryError("listen.query_no_letters", token.position, "site: without host" + at);
        }
        return node;
    }
    node->words = split_words(token.text);
    if (node->words.empty()) {
        throw token.kind == Tok::phrase
            ? QueryError("listen.query_empty_phrase", token.position, "empty phrase" + at)
            : QueryError("listen.query_no_letters", token.position, "term without letters" + at);
    }
    return node;
}

NodePtr combine(Kind kind, std::vector<NodePtr> parts) {
    if (parts.size() == 1) {
        return std::move(parts.front());
    }
    auto node = std::make_shared<Query::Node>();
    node->kind = kind;
    node->position = parts.front()->position;
    node->children = std::move(parts);
    return node;
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens)
        : m_tokens(std::move(tokens)) {}

    NodePtr run() {
        NodePtr root = parse_or();
        if (m_at < m_tokens.size()) {
            // Only a ')' stops parse_or early: one too many.
            throw unbalanced(m_tokens[m_at].position);
        }
        return root;
    }

private:
    static QueryError unbalanced(std::size_t pos) {
        return QueryError("listen.query_unbalanced", pos,
                          "unbalanced parenthesis at " + std::to_string(pos));
    }
    static QueryError missing_side(const Token& op) {
        return QueryError("listen.query_operator_side", op.position,
                          "operator without a term on one side at " + std::to_string(op.position));
    }

    const Token* peek() const { return m_at < m_tokens.size() ? &m_tokens[m_at] : nullptr; }

    // Whether the next token can start an operand.
    bool operand_follows() const {
        const Token* t = peek();
        return t != nullptr && (t->kind == Tok::term || t->kind == Tok::phrase ||
                                t->kind == Tok::open || t->kind == Tok::op_not);
    }

    NodePtr parse_or() {
        std::vector<NodePtr> parts{parse_and()};
        while (peek() != nullptr && peek()->kind == Tok::op_or) {
            const Token& op = m_tokens[m_at++];
            if (!operand_follows()) {
                throw missing_side(op);
            }
            parts.push_back(parse_and());
        }
        return combine(Kind::any, std::move(parts));
    }

    NodePtr parse_and() {
        if (const Token* t = peek();
            t != nullptr && (t->kind == Tok::op_or || t->kind == Tok::op_and)) {
            throw missing_side(*t); // "OR foo", "(AND foo)", "foo OR OR bar"
        }
        std::vector<NodePtr> parts{parse_unary()};
        while (true) {
            if (operand_follows()) {
                parts.push_back(parse_unary());
            } else if (peek() != nullptr && peek()->kind == Tok::op_and) {
                const Token& op = m_tokens[m_at++];
                if (!operand_follows()) {
                    throw missing_side(op);
                }
            } else {
                break;
            }
        }
        return combine(Kind::all, std::move(parts));
    }

    NodePtr parse_unary() {
        const Token& t = m_tokens[m_at];
        if (t.kind != Tok::op_not) {
            return parse_primary();
        }
        ++m_at;
        if (!operand_follows()) {
            throw QueryError("listen.query_exclusion_empty", t.position,
                             "NOT without a term to exclude at " + std::to_string(t.position));
        }
        auto node = std::make_shared<Query::Node>();
        node->kind = Kind::negation;
        node->position = t.position;
        node->children.push_back(parse_unary());
        return node;
    }

    NodePtr parse_primary() {
        const Token& t = m_tokens[m_at++];
        if (t.kind == Tok::term || t.kind == Tok::phrase) {
            return term_node(t);
        }
        if (t.kind == Tok::close) {
            throw unbalanced(t.position);
        }
        // Tok::open: the only other token operand_follows() lets through.
        if (peek() != nullptr && peek()->kind == Tok::close) {
            throw QueryError("listen.query_empty_group", t.position,
                             "empty parentheses at " + std::to_string(t.position));
        }
        if (peek() == nullptr) {
            throw unbalanced(t.position);
        }
        NodePtr inner = parse_or();
        if (peek() == nullptr) {
            throw unbalanced(t.position);
        }
        ++m_at; // the ')'
        return inner;
    }

    std::vector<Token> m_tokens;
    std::size_t m_at = 0;
};

const Query::Node* first_negation(const Query::Node& node) {
    if (node.kind == Kind::negation) {
        return &node;
    }
    for (const NodePtr& child : node.children) {
        if (const Query::Node* found = first_negation(*child)) {
            return found;
        }
    }
    return nullptr;
}

} // namespace

std::shared_ptr<const Query::Node> parse_query_tree(std::string_view text) {
    if (const std::size_t length = char_count(text); length > k_max_query_chars) {
        throw QueryError("listen.query_too_long", k_max_query_chars + 1,
                         "query of " + std::to_string(length) + " characters");
    }
    std::vector<Token> tokens = Lexer(text).run();
    if (tokens.empty()) {
        throw QueryError("listen.query_empty", 1, "empty query");
    }
    std::size_t terms = 0;
    for (const Token& token : tokens) {
        if ((token.kind == Tok::term || token.kind == Tok::phrase) && ++terms > k_max_query_terms) {
            throw QueryError("listen.query_too_many_terms", token.position,
                             "too many terms at " + std::to_string(token.position));
        }
    }
    NodePtr root = Parser(std::move(tokens)).run();
    // A query that matches a text without any words matches nearly
    // everything ("-foo", "foo OR -bar"): a digest full of noise, refused.
    if (tree_matches(*root, MatchText(std::string_view{}))) {
        const Query::Node* negation = first_negation(*root);
        const std::size_t pos = negation != nullptr ? negation->position : 1;
        throw QueryError("listen.query_only_excludes", pos,
                         "query only excludes, at " + std::to_string(pos));
    }
    return root;
}

} // namespace onevoice::commands
