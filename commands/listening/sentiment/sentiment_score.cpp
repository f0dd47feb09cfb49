// The scoring pass, after VADER (Hutto & Gilbert 2014): sum the valences of
// the words and symbols, shifted by boosters, flipped by negators, weighted
// around "but", amplified by "!" and capitals, then normalised into [-1, 1].
#include "commands/listening/sentiment/sentiment_score.hpp"

#include "commands/listening/sentiment/sentiment_stemmer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace onevoice::commands::sentiment_detail {
namespace {

// Constants from VADER, which derived them from human ratings.
constexpr float k_negation = -0.74F;
constexpr float k_caps_emphasis = 0.733F;
constexpr float k_elongation_emphasis = 0.293F;
constexpr std::array<float, 3> k_boost_decay = {1.0F, 0.95F, 0.9F};
constexpr int k_window = 3; // words a negator or booster reaches
constexpr float k_before_contrast = 0.5F;
constexpr float k_after_contrast = 1.5F;
constexpr float k_exclamation = 0.292F;
constexpr int k_max_exclamations = 4;
constexpr float k_question = 0.18F;
constexpr int k_max_questions = 3;
constexpr float k_alpha = 15; // normalisation: x / sqrt(x² + alpha)

// Per-token flags in Scratch::flags.
enum : std::uint8_t { flag_negated = 1, flag_negator_used = 2, flag_phrase_tail = 4 };

const Entry* find(const WordMap& map, std::string_view key) {
    const auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
}

// Surface form first (cheap, and closed-class words never need stemming),
// then the stem.
Entry lookup(const Lexicons& lexicons, Language language, const TokenizedText& text,
             const Token& token) {
    const LanguageLexicon& lexicon = lexicons.of(language);
    const std::string_view word = text.text(token);
    const std::string_view alt = token.is_elongated ? text.alt_text(token) : std::string_view{};
    for (const std::string_view form : {word, alt}) {
        if (const Entry* entry = form.empty() ? nullptr : find(lexicon.words, form)) {
            return *entry;
        }
    }
    for (const std::string_view form : {word, alt}) {
        if (form.size() < 3 || std::isdigit(static_cast<unsigned char>(form.front())) != 0 ||
            !lexicon.stem_prefixes.test(stem_prefix_bit(form))) {
            continue;
        }
        if (const Entry* entry = find(lexicon.stems, stem(language, form))) {
            return Entry{entry->valence, 0, 0};
        }
    }
    return {};
}

// A phrase entry for the word at `index` and the word before it, if any.
const Entry* phrase(const Lexicons& lexicons, Language language, const Scratch& scratch,
                    std::size_t index) {
    const auto& tokens = scratch.text.tokens;
    if (index == 0 || tokens[index - 1].kind != TokenKind::word ||
        (scratch.flags[index - 1] & flag_phrase_tail) != 0) {
        return nullptr;
    }
    const Entry& head = scratch.entries[index - 1];
    if ((head.roles & (role_phrase_head | role_negator)) == 0) {
        return nullptr;
    }
    // A small stack buffer: phrase keys are short, and this runs per word.
    std::array<char, 64> key{};
    const auto try_key = [&](std::string_view first) -> const Entry* {
        const std::string_view second = scratch.text.text(tokens[index]);
        if (first.size() + 1 + second.size() > key.size()) {
            return nullptr;
        }
        std::copy(first.begin(), first.end(), key.begin());
        key[first.size()] = ' ';
        std::copy(second.begin(), second.end(), key.begin() + first.size() + 1);
        return find(lexicons.of(language).words,
                    std::string_view(key.data(), first.size() + 1 + second.size()));
    };
    if (const Entry* entry = try_key(scratch.text.text(tokens[index - 1]))) {
        return entry;
    }
    // "doesn't work", "didn't work": every negator reads as the canonical one.
    if ((head.roles & role_negator) != 0) {
        return try_key(language == Language::de ? "nicht" : "not");
    }
    return nullptr;
}

void resolve_entries(const Lexicons& lexicons, Language language, Scratch& scratch) {
    const auto& tokens = scratch.text.tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].kind == TokenKind::symbol) {
            scratch.entries[i].valence = tokens[i].valence;
            continue;
        }
        if (tokens[i].kind != TokenKind::word) {
            continue;
        }
        if (const Entry* entry = phrase(lexicons, language, scratch, i)) {
            scratch.entries[i - 1] = Entry{};
            scratch.entries[i] = *entry;
            scratch.flags[i] |= flag_phrase_tail;
            continue;
        }
        Entry entry = lookup(lexicons, language, scratch.text, tokens[i]);
        if (tokens[i].has_negated_contraction) {
            entry.roles |= role_negator;
        }
        scratch.entries[i] = entry;
    }
    // Second pass: roles that depend on the neighbours.
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Entry& entry = scratch.entries[i];
        if ((entry.roles & role_dual) != 0) {
            const bool before_sentiment = i + 1 < tokens.size() &&
                                          tokens[i + 1].kind == TokenKind::word &&
                                          scratch.entries[i + 1].valence != 0;
            (before_sentiment ? entry.valence : entry.boost) = 0;
        }
        if ((entry.roles & role_needs_subject) != 0) {
            const bool after_subject =
                i > 0 && (scratch.entries[i - 1].roles & (role_subject | role_negator)) != 0;
            entry.valence = after_subject ? entry.valence : 0;
        }
    }
}

// The valence of the sentiment word at `index`, shifted by the boosters and
// flipped by a negator among the k_window words before it in its clause.
float shifted_valence(Scratch& scratch, std::size_t index, std::size_t clause_start,
                      bool is_mixed_case) {
    const auto& tokens = scratch.text.tokens;
    float value = scratch.entries[index].valence;
    const float sign = value > 0 ? 1.0F : -1.0F;
    if (tokens[index].is_all_caps && is_mixed_case) {
        value += sign * k_caps_emphasis;
    }
    if (tokens[index].is_elongated) {
        value += sign * k_elongation_emphasis;
    }
    int words = 0;
    bool is_negated = false;
    for (std::size_t j = index; j > clause_start && words < k_window; --j) {
        const std::size_t before = j - 1;
        if (tokens[before].kind != TokenKind::word) {
            continue;
        }
        const Entry& entry = scratch.entries[before];
        value += sign * entry.boost * k_boost_decay[static_cast<std::size_t>(words)];
        ++words;
        if ((entry.roles & role_negator) != 0 && !is_negated) {
            is_negated = true;
            scratch.flags[before] |= flag_negator_used;
        }
    }
    if (value * sign < 0) { // dampeners weaken, never flip
        value = sign * 0.1F;
    }
    if (is_negated) {
        value *= k_negation;
        scratch.flags[index] |= flag_negated;
    }
    return value;
}

// German puts the negation after the verb: "Das gefällt mir nicht". A
// negator with nothing to negate after it flips the nearest sentiment word
// before it in its clause.
void negate_backwards(Scratch& scratch) {
    const auto& tokens = scratch.text.tokens;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        if ((scratch.entries[k].roles & role_negator) == 0 ||
            (scratch.flags[k] & flag_negator_used) != 0) {
            continue;
        }
        int words = 0;
        for (std::size_t j = k; j > 0 && words < k_window; --j) {
            const std::size_t before = j - 1;
            if (tokens[before].kind == TokenKind::clause_break ||
                (scratch.entries[before].roles & role_contrast) != 0) {
                break;
            }
            if (tokens[before].kind != TokenKind::word) {
                continue;
            }
            ++words;
            if (scratch.values[before] != 0 && (scratch.flags[before] & flag_negated) == 0) {
                scratch.values[before] *= k_negation;
                scratch.flags[before] |= flag_negated;
                break;
            }
        }
    }
}

} // namespace

Sentiment score_tokens(const Lexicons& lexicons, Language language, Scratch& scratch) {
    const auto& tokens = scratch.text.tokens;
    scratch.entries.assign(tokens.size(), Entry{});
    scratch.values.assign(tokens.size(), 0.0F);
    scratch.flags.assign(tokens.size(), 0);
    resolve_entries(lexicons, language, scratch);

    const bool is_mixed_case = scratch.text.all_caps_words > 0 && scratch.text.lower_case_words > 0;
    std::size_t clause_start = 0;
    std::size_t contrast = tokens.size(); // the last "but"
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Entry& entry = scratch.entries[i];
        if (tokens[i].kind == TokenKind::clause_break || (entry.roles & role_contrast) != 0) {
            clause_start = i + 1;
            contrast = (entry.roles & role_contrast) != 0 ? i : contrast;
        } else if (tokens[i].kind == TokenKind::symbol) {
            scratch.values[i] = entry.valence; // emoji keep their meaning under "nicht"
        } else if (entry.valence != 0) {
            scratch.values[i] = shifted_valence(scratch, i, clause_start, is_mixed_case);
        }
    }
    if (language == Language::de) {
        negate_backwards(scratch);
    }

    float sum = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        float weight = 1;
        if (contrast < tokens.size()) {
            weight = i < contrast ? k_before_contrast : k_after_contrast;
        }
        sum += scratch.values[i] * weight;
    }
    if (sum != 0) {
        const int exclamations = std::min(scratch.text.exclamation_marks, k_max_exclamations);
        const int questions = std::min(scratch.text.question_marks, k_max_questions);
        float emphasis = static_cast<float>(exclamations) * k_exclamation;
        if (questions > 1) {
            emphasis += static_cast<float>(questions) * k_question;
        }
        sum += sum > 0 ? emphasis : -emphasis;
    }
    const double score = std::clamp(sum / std::sqrt(sum * sum + k_alpha), -1.0F, 1.0F);
    Sentiment result;
    result.score = score;
    if (score >= k_neutral_band) {
        result.polarity = Polarity::positive;
    } else if (score <= -k_neutral_band) {
        result.polarity = Polarity::negative;
    }
    return result;
}

Language guess_language(const Lexicons& lexicons, const TokenizedText& text) {
    int german = text.umlaut_words;
    int english = 0;
    for (const Token& token : text.tokens) {
        if (token.kind != TokenKind::word) {
            continue;
        }
        const std::string_view word = text.text(token);
        const Entry* de = find(lexicons.german.words, word);
        const Entry* en = find(lexicons.english.words, word);
        german += de != nullptr && (de->roles & role_language_marker) != 0 ? 1 : 0;
        english += en != nullptr && (en->roles & role_language_marker) != 0 ? 1 : 0;
    }
    return german > english ? Language::de : Language::en;
}

} // namespace onevoice::commands::sentiment_detail
