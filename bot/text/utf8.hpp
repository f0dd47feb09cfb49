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

// Decodes the code point at `pos` (< text.size()). Only well-formed UTF-8
// decodes (no overlong forms, no encoded surrogates, nothing above U+10FFFF):
// a malformed or truncated sequence decodes as U+FFFD with a length of 1, so a
// scan always advances and is_malformed tells it from a real U+FFFD.
CodePoint decode_utf8(std::string_view text, std::size_t pos);

inline bool is_malformed(const CodePoint& cp) {
    return cp.length == 1 && cp.value == k_replacement_character;
}

// True for the bytes 10xxxxxx, which continue a sequence.
inline bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// True when `text` is well-formed UTF-8 (no overlong forms or surrogates).
bool is_valid_utf8(std::string_view text);

// Number of Unicode code points in valid UTF-8 text, as Slack counts limits.
std::size_t utf8_length(std::string_view text);

// The byte offset just after the first `chars` code points (text.size() when
// the text is shorter): a cut there never splits a UTF-8 sequence.
std::size_t utf8_offset(std::string_view text, std::size_t chars);

// `pos` moved back to the start of the UTF-8 sequence it falls into, for a
// cut at a byte limit (an iCalendar line of 75 octets).
std::size_t utf8_boundary(std::string_view text, std::size_t pos);

// Appends `cp` encoded as UTF-8; a surrogate or a value beyond U+10FFFF is
// appended as U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// `text` without the invisible characters that can make user text look
// different from what it is (Trojan Source, CVE-2021-42574): the direction
// overrides and isolates U+202A–U+202E and U+2066–U+2069, and zero-width
// characters (the list and why is in utf8.cpp). ZWNJ and ZWJ are kept between
// two non-ASCII characters, where scripts and emoji sequences need them.
// Malformed bytes are kept as they are. Every renderer applies it to what it
// shows (bot::without_invisible, bot/model/plain_text.hpp).
std::string strip_invisible(std::string_view text);

} // namespace onevoice::bot
