#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace onevoice::commands {

enum class Polarity { negative, neutral, positive };

struct Sentiment {
    Polarity polarity = Polarity::neutral;
    double score = 0; // normalised to [-1, 1]; the sign gives the polarity
};

// "negative", "neutral", "positive" (for storage and logs, not for users:
// replies take the words from the catalog).
std::string_view polarity_name(Polarity polarity);

// Lexicon-based sentiment for German and English social-media text.
// Built once at start-up (the built-in lexicon plus any configured files)
// and then only read: `score` is const and safe to call from any thread.
//
// How a text is scored (after VADER, Hutto & Gilbert 2014): word valences on
// a -4 .. 4 scale, looked up by surface form and by Snowball stem; boosters
// ("sehr", "really") and dampeners ("kaum", "slightly") shift the next
// words; a negator ("nicht", "kein", "not", "don't", "never") up to three
// words before a sentiment word in the same clause flips and weakens it
// (German also "gefällt mir nicht"); after "aber"/"but" a clause weighs
// 1.5, before it 0.5; emoji, emoticons, ALL CAPS, elongation ("sooo") and
// "!!!" add emphasis. The sum x becomes x / sqrt(x² + 15). Scores with
// |score| < 0.05 are neutral.
//
// Thread safety: `score` and `guess_language` keep their working memory and
// Snowball stemmers per thread, so concurrent calls are safe and do not
// allocate once warmed up. `load_lexicon` must not run concurrently with
// anything else on the same analyzer (call it at start-up).
class SentimentAnalyzer {
public:
    SentimentAnalyzer(); // the built-in compact lexicon only
    ~SentimentAnalyzer();
    SentimentAnalyzer(SentimentAnalyzer&&) noexcept;
    SentimentAnalyzer& operator=(SentimentAnalyzer&&) noexcept;

    // afinn: "word<TAB>integer -5..5" (scaled by 0.8); vader: vader_lexicon.txt,
    // "token<TAB>mean<TAB>stddev<TAB>ratings" (the mean, -4..4, as is);
    // sentiws: "Wort|POS<TAB>weight -1..1<TAB>inflection,..." (scaled by 4,
    // every inflection gets the weight). Two-word entries become phrases;
    // longer ones are skipped.
    enum class LexiconFormat { afinn, vader, sentiws };
    // Adds the entries of a lexicon file (for `language` "de" or "en"),
    // replacing built-in scores for the same words. Throws std::runtime_error
    // naming the file and line of a malformed entry ("path:12: ..."), or when
    // the file cannot be read or the language is neither.
    void load_lexicon(const std::string& path, LexiconFormat format, std::string_view language);

    // `language` is "de", "en" (also "de-AT", "en_GB") or empty/other (then
    // guessed from the text).
    Sentiment score(std::string_view text, std::string_view language = {}) const;

    // "de" or "en" for `text`, by frequent words and umlauts; "en" when the
    // text gives no clue.
    std::string_view guess_language(std::string_view text) const;

private:
    struct Lexicon;
    std::unique_ptr<Lexicon> m_lexicon;
};

} // namespace onevoice::commands
