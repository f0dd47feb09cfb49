#include "commands/listening/sentiment/sentiment_stemmer.hpp"

#include <libstemmer.h>
#include <memory>
#include <stdexcept>
#include <string>

namespace onevoice::commands::sentiment_detail {
namespace {

struct StemmerDeleter {
    void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

StemmerPtr make_stemmer(const char* algorithm) {
    StemmerPtr stemmer{sb_stemmer_new(algorithm, "UTF_8")};
    if (!stemmer) {
        throw std::runtime_error(std::string("sentiment: cannot create the Snowball stemmer for ") +
                                 algorithm);
    }
    return stemmer;
}

// One per thread: see the header for why.
struct ThreadStemmers {
    StemmerPtr german = make_stemmer("german");
    StemmerPtr english = make_stemmer("english");
    std::string buffer; // the german2 rewrite of the current word
};

ThreadStemmers& thread_stemmers() {
    thread_local ThreadStemmers stemmers;
    return stemmers;
}

// Snowball's german2 variant: "ae", "oe" and "ue" stand for umlauts, except
// "ue" after "q" ("Quelle"). Debian's libstemmer 2.2 ships only "german".
std::string_view with_umlauts(std::string_view word, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        const bool next_is_e = i + 1 < word.size() && word[i + 1] == 'e';
        const bool after_q = i > 0 && word[i - 1] == 'q';
        if (next_is_e && (c == 'a' || c == 'o' || (c == 'u' && !after_q))) {
            out += c == 'a' ? "ä" : c == 'o' ? "ö" : "ü";
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::string_view stem(Language language, std::string_view folded_word) {
    ThreadStemmers& stemmers = thread_stemmers();
    sb_stemmer* stemmer = stemmers.english.get();
    if (language == Language::de) {
        stemmer = stemmers.german.get();
        if (folded_word.find('e') != std::string_view::npos) {
            folded_word = with_umlauts(folded_word, stemmers.buffer);
        }
    }
    const auto* stemmed =
        sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                        static_cast<int>(folded_word.size()));
    if (stemmed == nullptr) { // out of memory inside libstemmer: fall back to the word
        return folded_word;
    }
    return {reinterpret_cast<const char*>(stemmed),
            static_cast<std::size_t>(sb_stemmer_length(stemmer))};
}

} // namespace onevoice::commands::sentiment_detail
