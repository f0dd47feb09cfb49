#include "bot/text/tokenizer.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace onevoice::bot {
namespace {

struct QuotePair {
    std::string_view open;
    std::string_view close;
};

// German keyboards and chat clients' autocorrect produce „…“ and “…”, so
// those count as quotes too.
constexpr std::array<QuotePair, 5> k_quotes = {{
    {"\"", "\""},
    {"'", "'"},
    {"\u201C", "\u201D"}, // “ ”
    {"\u201E", "\u201C"}, // „ “
    {"\u00BB", "\u00AB"}, // » «
}};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const QuotePair* quote_at(std::string_view text, std::size_t i) {
    for (const QuotePair& q : k_quotes) {
        if (text.substr(i, q.open.size()) == q.open) {
            return &q;
        }
    }
    return nullptr;
}

} // namespace

Tokens tokenize(std::string_view text) {
    Tokens result;
    std::string word;
    bool in_word = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (is_space(c)) {
            if (in_word) {
                result.words.push_back(std::exchange(word, {}));
                in_word = false;
            }
            ++i;
            continue;
        }
        if (!in_word) {
            result.starts.push_back(i);
        }
        // A quote opens a phrase only at the start of a word ("it's" stays one word).
        const QuotePair* quote = in_word ? nullptr : quote_at(text, i);
        if (quote) {
            const std::size_t end = text.find(quote->close, i + quote->open.size());
            if (end == std::string_view::npos) {
                result.unbalanced_quote_at = i;
                result.starts.pop_back();
                return result;
            }
            word.append(text.substr(i + quote->open.size(), end - i - quote->open.size()));
            in_word = true;
            i = end + quote->close.size();
            continue;
        }
        word += c;
        in_word = true;
        ++i;
    }
    if (in_word) {
        result.words.push_back(std::move(word));
    }
    return result;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace onevoice::bot
