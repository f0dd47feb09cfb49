#include "commands/listening/sentiment/sentiment_text.hpp"

#include "bot/text/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace onevoice::commands::sentiment_detail {
namespace {

bool is_ascii_alnum(char32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}

// Letters of the scripts our users write in; enough for word boundaries.
bool is_letter(char32_t cp) {
    return is_ascii_alnum(cp) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x370 && cp <= 0x4FF) || cp == 0x1E9E;
}

char32_t fold(char32_t cp) {
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
        (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x410 && cp <= 0x42F)) {
        return cp + 0x20;
    }
    if (cp == 0x1E9E) { // ẞ
        return 0xDF;
    }
    if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0) { // Latin Extended-A pairs
        return cp + 1;
    }
    return cp;
}

bool is_umlaut(char32_t folded) {
    return folded == 0xE4 || folded == 0xF6 || folded == 0xFC || folded == 0xDF;
}

bool is_space(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000;
}

// Joiners, variation selectors and skin tones only modify the emoji before them.
bool is_emoji_modifier(char32_t cp) {
    return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

bool starts_with(std::string_view text, std::size_t pos, std::string_view prefix) {
    return text.substr(pos, prefix.size()) == prefix;
}

void push_break(TokenizedText& out) {
    if (!out.tokens.empty() && out.tokens.back().kind != TokenKind::clause_break) {
        out.tokens.push_back(Token{TokenKind::clause_break});
    }
}

class Tokenizer {
public:
    Tokenizer(std::string_view text, const WordMap& emoticons, TokenizedText& out)
        : m_text(text)
        , m_emoticons(emoticons)
        , m_out(out) {}

    void run() {
        while (m_pos < m_text.size()) {
            const auto [cp, length] = bot::decode_utf8(m_text, m_pos);
            const bool at_word_start = m_pos == 0 || is_space(previous_ascii());
            if (at_word_start &&
                (starts_with(m_text, m_pos, "http://") || starts_with(m_text, m_pos, "https://") ||
                 starts_with(m_text, m_pos, "www."))) {
                skip_while_not_space();
            } else if (cp == '@' && next_is_letter(1)) {
                ++m_pos;
                skip_word();
            } else if (cp == '#' && next_is_letter(1)) {
                ++m_pos;
                while (read_word(true)) {
                }
            } else if (is_letter(cp)) {
                read_word(false);
            } else if (cp < 0x80) {
                punctuation(static_cast<char>(cp));
            } else {
                m_pos += length;
                other(cp);
            }
        }
    }

private:
    char32_t previous_ascii() const { return static_cast<unsigned char>(m_text[m_pos - 1]); }

    bool next_is_letter(std::size_t skip) const {
        if (m_pos + skip >= m_text.size()) {
            return false;
        }
        return is_letter(bot::decode_utf8(m_text, m_pos + skip).value);
    }

    void skip_while_not_space() {
        while (m_pos < m_text.size() && !is_space(static_cast<unsigned char>(m_text[m_pos]))) {
            ++m_pos;
        }
    }

    void skip_word() {
        while (m_pos < m_text.size()) {
            const auto [cp, length] = bot::decode_utf8(m_text, m_pos);
            if (!is_letter(cp) && cp != '_') {
                break;
            }
            m_pos += length;
        }
    }

    struct Run {
        char32_t cp;
        std::uint32_t count;
    };

    // Reads one word. In a hashtag a lower-to-upper case change ends it and
    // returns true: the rest is the next word of the hashtag.
    bool read_word(bool is_hashtag) {
        std::array<Run, 48> runs; // NOLINT: filled up to run_count
        std::size_t run_count = 0;
        bool has_lower = false;
        bool has_upper = false;
        bool has_umlaut = false;
        bool negated_contraction = false;
        bool previous_lower = false;
        bool at_camel_case = false;
        while (m_pos < m_text.size()) {
            const auto [cp, length] = bot::decode_utf8(m_text, m_pos);
            if ((cp == '\'' || cp == 0x2019) && run_count > 0 && next_is_letter(length)) {
                const char32_t next = fold(bot::decode_utf8(m_text, m_pos + length).value);
                negated_contraction =
                    negated_contraction || (runs[run_count - 1].cp == 'n' && next == 't');
                m_pos += length;
                continue;
            }
            if (!is_letter(cp)) {
                break;
            }
            const char32_t folded = fold(cp);
            const bool upper = folded != cp;
            if (is_hashtag && upper && previous_lower) {
                at_camel_case = true;
                break;
            }
            previous_lower = !upper && !(cp >= '0' && cp <= '9');
            has_lower = has_lower || previous_lower;
            has_upper = has_upper || upper;
            has_umlaut = has_umlaut || is_umlaut(folded);
            if (run_count > 0 && runs[run_count - 1].cp == folded) {
                ++runs[run_count - 1].count;
            } else if (run_count < runs.size()) {
                runs[run_count++] = Run{folded, 1};
            }
            m_pos += length;
        }
        Token token;
        token.is_all_caps = has_upper && !has_lower && run_count >= 2;
        token.has_negated_contraction = negated_contraction;
        emit_runs(token, runs.data(), run_count);
        m_out.all_caps_words += token.is_all_caps ? 1 : 0;
        m_out.lower_case_words += has_lower ? 1 : 0;
        m_out.umlaut_words += has_umlaut ? 1 : 0;
        m_out.tokens.push_back(token);
        return at_camel_case;
    }

    void emit_runs(Token& token, const Run* runs, std::size_t count) {
        std::string& arena = m_out.arena;
        token.offset = static_cast<std::uint32_t>(arena.size());
        for (std::size_t i = 0; i < count; ++i) {
            token.is_elongated = token.is_elongated || runs[i].count >= 3;
            for (std::uint32_t n = 0; n < std::min<std::uint32_t>(runs[i].count, 2); ++n) {
                bot::append_utf8(arena, runs[i].cp);
            }
        }
        token.length = static_cast<std::uint32_t>(arena.size()) - token.offset;
        if (token.is_elongated) {
            token.alt_offset = static_cast<std::uint32_t>(arena.size());
            for (std::size_t i = 0; i < count; ++i) {
                const std::uint32_t copies = runs[i].count >= 3 ? 1 : runs[i].count;
                for (std::uint32_t n = 0; n < copies; ++n) {
                    bot::append_utf8(arena, runs[i].cp);
                }
            }
            token.alt_length = static_cast<std::uint32_t>(arena.size()) - token.alt_offset;
        }
    }

    bool match_emoticon(char c) {
        // Brackets are common in plain text ("(gratis):"), so an emoticon
        // starting with one must stand alone between spaces.
        const bool is_bracket = c == '(' || c == ')';
        if (is_bracket && m_pos > 0 && !is_space(previous_ascii())) {
            return false;
        }
        for (std::size_t length = std::min<std::size_t>(5, m_text.size() - m_pos); length >= 2;
             --length) {
            const std::size_t end = m_pos + length;
            const bool bounded =
                end == m_text.size() ||
                (is_bracket ? is_space(static_cast<unsigned char>(m_text[end]))
                            : !is_ascii_alnum(static_cast<unsigned char>(m_text[end])));
            if (!bounded) {
                continue;
            }
            const auto it = m_emoticons.find(m_text.substr(m_pos, length));
            if (it != m_emoticons.end()) {
                Token token{TokenKind::symbol};
                token.valence = it->second.valence;
                m_out.tokens.push_back(token);
                m_pos = end;
                return true;
            }
        }
        return false;
    }

    void punctuation(char c) {
        const bool may_start_emoticon = std::ispunct(static_cast<unsigned char>(c)) != 0 &&
                                        c != '!' && c != '?' && c != '.' && c != ',' && c != '"';
        if (may_start_emoticon && m_pos + 1 < m_text.size() && match_emoticon(c)) {
            return;
        }
        const bool between_digits = m_pos > 0 && m_pos + 1 < m_text.size() &&
                                    std::isdigit(static_cast<unsigned char>(m_text[m_pos - 1])) &&
                                    std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1]));
        ++m_pos;
        switch (c) {
        case '!':
            ++m_out.exclamation_marks;
            push_break(m_out);
            break;
        case '?':
            ++m_out.question_marks;
            push_break(m_out);
            break;
        case '.':
        case ',':
            if (!between_digits) { // "9,95" is a number
                push_break(m_out);
            }
            break;
        case ';':
        case ':':
        case '(':
        case ')':
        case '\n':
            push_break(m_out);
            break;
        default:
            break;
        }
    }

    void other(char32_t cp) {
        if (cp == 0x2026 || cp == 0x2013 || cp == 0x2014) { // … – —
            push_break(m_out);
            return;
        }
        if (is_emoji_modifier(cp)) {
            return;
        }
        const float valence = emoji_valence(cp);
        if (valence != 0) {
            Token token{TokenKind::symbol};
            token.valence = valence;
            m_out.tokens.push_back(token);
        }
    }

    std::string_view m_text;
    const WordMap& m_emoticons;
    TokenizedText& m_out;
    std::size_t m_pos = 0;
};

} // namespace

void TokenizedText::clear() {
    arena.clear();
    tokens.clear();
    exclamation_marks = 0;
    question_marks = 0;
    all_caps_words = 0;
    lower_case_words = 0;
    umlaut_words = 0;
}

void tokenize(std::string_view text, const WordMap& emoticons, TokenizedText& out) {
    out.clear();
    Tokenizer(text, emoticons, out).run();
}

std::string fold_word(std::string_view word) {
    std::string folded;
    folded.reserve(word.size());
    std::size_t pos = 0;
    while (pos < word.size()) {
        const auto [cp, length] = bot::decode_utf8(word, pos);
        pos += length;
        if (cp != '\'' && cp != 0x2019 && cp != bot::k_replacement_character) {
            bot::append_utf8(folded, fold(cp));
        }
    }
    return folded;
}

} // namespace onevoice::commands::sentiment_detail
