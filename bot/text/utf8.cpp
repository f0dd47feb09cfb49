#include "bot/text/utf8.hpp"

namespace onevoice::bot {

CodePoint decode_utf8(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t i) -> unsigned char {
        return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0;
    };
    const auto in = [](unsigned char b, unsigned char low, unsigned char high) {
        return b >= low && b <= high;
    };
    // Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences": the narrower
    // range of the second byte after E0, ED, F0 and F4 rules out overlong
    // forms, encoded surrogates and values above U+10FFFF.
    const unsigned char lead = byte(0);
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    std::size_t extra = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
        return {lead, 1};
    } else if (in(lead, 0xC2, 0xDF)) {
        extra = 1;
        cp = lead & 0x1FU;
    } else if (in(lead, 0xE0, 0xEF)) {
        extra = 2;
        cp = lead & 0x0FU;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (in(lead, 0xF0, 0xF4)) {
        extra = 3;
        cp = lead & 0x07U;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return {};
    }
    for (std::size_t i = 1; i <= extra; ++i) {
        if (!in(byte(i), i == 1 ? low : 0x80, i == 1 ? high : 0xBF)) {
            return {};
        }
        cp = (cp << 6) | (byte(i) & 0x3FU);
    }
    return {cp, extra + 1};
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        const CodePoint cp = decode_utf8(text, pos);
        if (is_malformed(cp)) {
            return false;
        }
        pos += cp.length;
    }
    return true;
}

std::size_t utf8_offset(std::string_view text, std::size_t chars) {
    std::size_t seen = 0;
    std::size_t pos = 0;
    for (; pos < text.size(); ++pos) {
        if (!is_continuation_byte(text[pos])) {
            if (seen == chars) {
                break;
            }
            ++seen;
        }
    }
    return pos;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        if (!is_continuation_byte(c)) {
            ++count;
        }
    }
    return count;
}

std::size_t utf8_boundary(std::string_view text, std::size_t pos) {
    while (pos > 0 && pos < text.size() && is_continuation_byte(text[pos])) {
        --pos;
    }
    return pos;
}

namespace {

// Removed wherever they appear. Each one is invisible and can reorder or split
// what a reader sees, and none is needed to write any language:
// - U+202A..U+202E (LRE, RLE, PDF, LRO, RLO) and U+2066..U+2069 (LRI, RLI,
//   FSI, PDI): explicit direction embeddings, overrides and isolates; an RLO
//   makes "invoice<RLO>gpj.exe" show as "invoiceexe.jpg";
// - U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+FEFF ZERO WIDTH NO-BREAK
//   SPACE (BOM), U+180E MONGOLIAN VOWEL SEPARATOR (zero width since Unicode
//   6.3) and U+2061..U+2064 (invisible math operators): hide a split inside a
//   word, so "@boss" and "@bo<U+200B>ss" look the same;
// - U+206A..U+206F: deprecated format controls, invisible.
// Kept: U+200E/U+200F/U+061C (LRM, RLM, ALM), marks that right-to-left text
// needs and that cannot reorder letters; U+00AD SOFT HYPHEN, visible where
// it breaks a line; tag characters (U+E0020..), needed by subdivision flags.
bool is_always_invisible(char32_t cp) {
    return cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x180E ||
           (cp >= 0x2061 && cp <= 0x2064) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x206F);
}

// U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER are part of
// spelling in Persian and Indic scripts and of emoji sequences (woman, ZWJ,
// laptop), always between two non-ASCII characters; next to ASCII or space
// they only hide a split.
bool is_joiner(char32_t cp) {
    return cp == 0x200C || cp == 0x200D;
}

} // namespace

std::string strip_invisible(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    char32_t previous = 0; // the last code point kept; 0 at the start
    for (std::size_t pos = 0; pos < text.size();) {
        const CodePoint cp = decode_utf8(text, pos);
        bool keep = !is_always_invisible(cp.value);
        if (keep && is_joiner(cp.value)) {
            const std::size_t next_pos = pos + cp.length;
            const char32_t next = next_pos < text.size() ? decode_utf8(text, next_pos).value : 0;
            keep = previous >= 0x80 && next >= 0x80 && !is_always_invisible(next);
        }
        if (keep) {
            out.append(text.substr(pos, cp.length));
            previous = cp.value;
        }
        pos += cp.length;
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = k_replacement_character;
    }
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace onevoice::bot
