#pragma once

// Internal to the sentiment analyzer: splitting social-media text into the
// tokens the scorer works on.

#include "commands/listening/sentiment/sentiment_lexicon.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands::sentiment_detail {

enum class TokenKind : std::uint8_t {
    word,        // letters and digits, case folded
    symbol,      // an emoji or emoticon, with its valence
    clause_break // . , ; : ! ? ( ) … – — and line breaks
};

struct Token {
    TokenKind kind = TokenKind::word;
    bool is_all_caps = false;             // "NIE", at least two letters, none lower case
    bool is_elongated = false;            // a letter repeated three or more times ("sooo")
    bool has_negated_contraction = false; // "don't", "isn’t"
    std::uint32_t offset = 0;             // folded text in the arena; runs of 3+ letters cut to 2
    std::uint32_t length = 0;
    std::uint32_t alt_offset = 0; // only when elongated: those runs cut to 1
    std::uint32_t alt_length = 0;
    float valence = 0; // symbols only
};

// The tokens of one text. Reused between calls (clear() keeps the capacity),
// so that scoring does not allocate once warmed up.
struct TokenizedText {
    std::string arena;
    std::vector<Token> tokens;
    int exclamation_marks = 0;
    int question_marks = 0;
    int all_caps_words = 0;
    int lower_case_words = 0;
    int umlaut_words = 0; // words with ä, ö, ü or ß

    std::string_view text(const Token& token) const {
        return {arena.data() + token.offset, token.length};
    }
    std::string_view alt_text(const Token& token) const {
        return {arena.data() + token.alt_offset, token.alt_length};
    }
    void clear();
};

// Splits UTF-8 `text` (invalid bytes are skipped): words are case folded
// (ASCII, Latin-1 incl. umlauts, ẞ → ß), apostrophes inside words dropped
// ("don't" → "dont"); "#hashtags" become their word(s), split at camel case
// ("#NieWieder" → "nie", "wieder"); @handles and URLs are skipped; emoji
// and the emoticons of `emoticons` (matched exactly, up to 5 bytes) become
// symbols; "!" and "?" are counted.
void tokenize(std::string_view text, const WordMap& emoticons, TokenizedText& out);

// `word` case folded as the tokenizer does it, with apostrophes removed; for
// entries of lexicon files.
std::string fold_word(std::string_view word);

} // namespace onevoice::commands::sentiment_detail
