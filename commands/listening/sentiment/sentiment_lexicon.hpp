#pragma once

// Internal to the sentiment analyzer (commands/sentiment*.cpp): the lexicon
// tables and the built-in data. Not for use elsewhere.

#include <bitset>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace onevoice::commands::sentiment_detail {

enum class Language { de, en };

// What a word does besides its own valence (bit flags).
enum Role : std::uint8_t {
    role_negator = 1,          // flips the valence of a sentiment word shortly after it
    role_contrast = 2,         // "aber" / "but": the clause after it weighs more
    role_dual = 4,             // "super", "mega": booster before a sentiment word, else own valence
    role_phrase_head = 8,      // may start a two-word entry ("nie wieder", "a bit")
    role_needs_subject = 16,   // "like" counts only after a subject/adverb ("I like")
    role_subject = 32,         // "i", "we", "really" ... (see role_needs_subject)
    role_language_marker = 64, // a frequent word typical of its language
};

// Valences use VADER's scale, -4 .. 4. `boost` is added to a following
// sentiment word in its direction (negative = dampener).
struct Entry {
    float valence = 0;
    float boost = 0;
    std::uint8_t roles = 0;
};

// FNV-1a: words are short, and this is faster than std::hash on them.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        std::uint64_t hash = 14695981039346656037ULL;
        for (const char c : text) {
            hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        }
        return static_cast<std::size_t>(hash);
    }
};
// Heterogeneous lookup, so that scoring can look up string_views without
// building strings.
using WordMap = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;

struct LanguageLexicon {
    // Folded surface forms ("enttäuscht"), two-word entries as "nie wieder",
    // and the closed-class words (negators, boosters, frequent words).
    WordMap words;
    // Snowball stems of the sentiment words ("enttausch"), valence only.
    WordMap stems;
    // Stemming is the slowest step of scoring, and a stem starts like its
    // word: a word whose first letters begin no stem is not stemmed.
    std::bitset<1U << 16> stem_prefixes;
};

// The bit in LanguageLexicon::stem_prefixes for a word or stem: its first
// three letters with umlauts (ä, ae) as plain vowels and ß as ss.
std::size_t stem_prefix_bit(std::string_view word);

// Everything the scorer reads; built once, then only read.
struct Lexicons {
    LanguageLexicon german;
    LanguageLexicon english;
    WordMap emoticons; // shared by both languages, case-sensitive

    LanguageLexicon& of(Language language) { return language == Language::de ? german : english; }
    const LanguageLexicon& of(Language language) const {
        return language == Language::de ? german : english;
    }
};

// Fills `lexicons` with the built-in data below.
void add_builtin_entries(Lexicons& lexicons);

// Adds one entry of a lexicon file: a word (also indexed by its stem), a
// two-word phrase, or an emoticon (an entry starting with ASCII punctuation).
// Replaces the valence of an existing entry but keeps its roles (a negator
// stays a negator). Entries of three or more words are ignored: the scorer
// matches at most two.
void set_valence(Lexicons& lexicons, Language language, std::string_view entry, float valence);

// A group of words sharing one valence, written as one space-separated
// string to keep the data file compact and readable.
struct ValenceGroup {
    float valence;
    std::string_view words;
};
struct ModifierGroup {
    float boost;
    std::uint8_t roles;
    std::string_view words;
};

std::span<const ValenceGroup> builtin_valences(Language language);
// Two-word entries: the words of a group taken in pairs ("nie wieder daumen
// hoch" holds "nie wieder" and "daumen hoch").
std::span<const ValenceGroup> builtin_phrases(Language language);
std::span<const ModifierGroup> builtin_modifiers(Language language);
// Two-word modifiers ("a bit"), taken in pairs like the phrases.
std::span<const ModifierGroup> builtin_modifier_phrases(Language language);
// Emoticons (":-)", "<3") as written; matched case-sensitively.
std::span<const ValenceGroup> builtin_emoticons();
// Valence of an emoji code point (skin tones and variation selectors are
// ignored by the caller); 0 when it carries no sentiment.
float emoji_valence(char32_t code_point);

} // namespace onevoice::commands::sentiment_detail
