#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::bot {

// The result of splitting a command line like a shell does: words separated
// by white space; "double", 'single', “English” and „German“ quotes keep a
// phrase together (without the quotes).
struct Tokens {
    std::vector<std::string> words;
    // The byte offset in the text where each word starts (at its opening quote,
    // if quoted): what was typed from a word on is the text from there.
    std::vector<std::size_t> starts;
    // Set when a quote is never closed: the byte offset of the opening quote.
    std::optional<std::size_t> unbalanced_quote_at;
};

Tokens tokenize(std::string_view text);

// `text` without the white space (ASCII: space, tab, line breaks) at either end.
std::string_view trim(std::string_view text);

// Lower-cases ASCII letters only; umlauts stay as they are.
std::string ascii_lower(std::string_view text);

} // namespace onevoice::bot
