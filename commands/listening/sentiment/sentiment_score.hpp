#pragma once

// Internal to the sentiment analyzer: the scoring pass over tokens, the
// language guess and the lexicon file reader.

#include "commands/listening/sentiment/sentiment.hpp"
#include "commands/listening/sentiment/sentiment_lexicon.hpp"
#include "commands/listening/sentiment/sentiment_text.hpp"

#include <string>
#include <vector>

namespace onevoice::commands::sentiment_detail {

// Per-thread working memory of one scoring call, reused so that scoring a
// text does not allocate once warmed up.
struct Scratch {
    TokenizedText text;
    std::vector<Entry> entries;
    std::vector<float> values;
    std::vector<std::uint8_t> flags;
};

// Polarity threshold: scores within (-k_neutral_band, k_neutral_band) are neutral.
inline constexpr double k_neutral_band = 0.05;

// Scores the tokens in `scratch.text` (tokenize first).
Sentiment score_tokens(const Lexicons& lexicons, Language language, Scratch& scratch);

// German or English by the frequent words of each language; words with
// umlauts or ß count for German. A tie (no clue at all) is English.
Language guess_language(const Lexicons& lexicons, const TokenizedText& text);

// Throws std::runtime_error "<path>:<line>: <problem>" for a malformed line.
void load_lexicon_file(Lexicons& lexicons, const std::string& path,
                       SentimentAnalyzer::LexiconFormat format, Language language);

} // namespace onevoice::commands::sentiment_detail
