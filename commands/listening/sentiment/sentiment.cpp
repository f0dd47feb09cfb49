#include "commands/listening/sentiment/sentiment.hpp"

#include "commands/listening/sentiment/sentiment_score.hpp"

#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>

namespace onevoice::commands {

using sentiment_detail::Language;

struct SentimentAnalyzer::Lexicon : sentiment_detail::Lexicons {};

namespace {

// "de", "de-AT", "DE" → German; "en", "en_GB" → English; anything else: none.
std::optional<Language> parse_language(std::string_view tag) {
    if (tag.size() < 2 || (tag.size() > 2 && tag[2] != '-' && tag[2] != '_')) {
        return std::nullopt;
    }
    const auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    const std::string code{lower(tag[0]), lower(tag[1])};
    if (code == "de") {
        return Language::de;
    }
    if (code == "en") {
        return Language::en;
    }
    return std::nullopt;
}

sentiment_detail::Scratch& thread_scratch() {
    thread_local sentiment_detail::Scratch scratch;
    return scratch;
}

} // namespace

SentimentAnalyzer::SentimentAnalyzer()
    : m_lexicon(std::make_unique<Lexicon>()) {
    sentiment_detail::add_builtin_entries(*m_lexicon);
}

SentimentAnalyzer::~SentimentAnalyzer() = default;
SentimentAnalyzer::SentimentAnalyzer(SentimentAnalyzer&&) noexcept = default;
SentimentAnalyzer& SentimentAnalyzer::operator=(SentimentAnalyzer&&) noexcept = default;

void SentimentAnalyzer::load_lexicon(const std::string& path, LexiconFormat format,
                                     std::string_view language) {
    const auto parsed = parse_language(language);
    if (!parsed) {
        throw std::runtime_error(path + ": the lexicon language must be \"de\" or \"en\", not \"" +
                                 std::string(language) + "\"");
    }
    sentiment_detail::load_lexicon_file(*m_lexicon, path, format, *parsed);
}

Sentiment SentimentAnalyzer::score(std::string_view text, std::string_view language) const {
    auto& scratch = thread_scratch();
    sentiment_detail::tokenize(text, m_lexicon->emoticons, scratch.text);
    auto resolved = parse_language(language);
    if (!resolved) {
        resolved = sentiment_detail::guess_language(*m_lexicon, scratch.text);
    }
    return sentiment_detail::score_tokens(*m_lexicon, *resolved, scratch);
}

std::string_view SentimentAnalyzer::guess_language(std::string_view text) const {
    auto& scratch = thread_scratch();
    sentiment_detail::tokenize(text, m_lexicon->emoticons, scratch.text);
    return sentiment_detail::guess_language(*m_lexicon, scratch.text) == Language::de ? "de" : "en";
}

std::string_view polarity_name(Polarity polarity) {
    switch (polarity) {
    case Polarity::negative:
        return "negative";
    case Polarity::positive:
        return "positive";
    case Polarity::neutral:
        break;
    }
    return "neutral";
}

} // namespace onevoice::commands
