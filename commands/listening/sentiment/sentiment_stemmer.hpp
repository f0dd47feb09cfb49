#pragma once

// Internal to the sentiment analyzer: Snowball stemming (libstemmer) behind a
// header free of third-party types.

#include "commands/listening/sentiment/sentiment_lexicon.hpp"

#include <string_view>

namespace onevoice::commands::sentiment_detail {

// The Snowball stem of a case-folded word. German words get Snowball's
// "german2" treatment first (ae, oe, ue written for ä, ö, ü), so "enttaeuscht"
// and "enttäuscht" share a stem.
//
// Thread safety: an sb_stemmer keeps its work buffer inside itself, so each
// thread gets its own pair of stemmers (created on first use, freed at thread
// exit). The returned view points into that thread's stemmer and is valid
// until the next call on the same thread. Throws std::runtime_error when
// libstemmer cannot create a stemmer.
std::string_view stem(Language language, std::string_view folded_word);

} // namespace onevoice::commands::sentiment_detail
