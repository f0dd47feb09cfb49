#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onevoice::bot {

inline constexpr char32_t k_replacement_character = 0xFFFD;

// One code point of UTF-8 text and the number of bytes it took.
struct CodePoint {
    char32_t value = k_replacement_character;
    std::size_t length = 1;
};

// Decodes the code point at `pos` (< text.size()). A malformed or truncated
// sequence decodes as U+FFFD with a length of 1, so a scan always advances.
CodePoint decode_utf8(std::string_view text, std::size_t pos);

// Appends `cp` encoded as UTF-8; a surrogate or a value beyond U+10FFFF is
// appended as U+FFFD.
void append_utf8(std::string& out, char32_t cp);

} // namespace onevoice::bot
