#include "integrations/matrix/json_repair.hpp"

#include "bot/text/utf8.hpp"

#include <optional>

namespace onevoice::integrations::matrix {
namespace {

// The code unit of the "\uXXXX" escape at `pos`, if there is one.
std::optional<unsigned> unicode_escape(std::string_view text, std::size_t pos) {
    if (pos + 6 > text.size() || text[pos] != '\\' || text[pos + 1] != 'u') {
        return std::nullopt;
    }
    unsigned value = 0;
    for (std::size_t i = pos + 2; i < pos + 6; ++i) {
        const char c = text[i];
        unsigned digit = 0;
        if (c >= '0' && c <= '9') {
            digit = static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            digit = static_cast<unsigned>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        value = value * 16 + digit;
    }
    return value;
}

bool is_high_surrogate(unsigned unit) {
    return unit >= 0xD800 && unit <= 0xDBFF;
}

bool is_low_surrogate(unsigned unit) {
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

// The length of the valid escape at `pos` (a backslash inside a string), 0 if
// it is none: a surrogate pair counts as one escape of 12 characters.
std::size_t escape_length(std::string_view text, std::size_t pos) {
    if (pos + 1 >= text.size()) {
        return 0;
    }
    switch (text[pos + 1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
        return 2;
    case 'u':
        break;
    default:
        return 0;
    }
    const auto unit = unicode_escape(text, pos);
    if (!unit || is_low_surrogate(*unit)) {
        return 0;
    }
    if (!is_high_surrogate(*unit)) {
        return 6;
    }
    const auto next = unicode_escape(text, pos + 6);
    return next && is_low_surrogate(*next) ? 12 : 0;
}

// How much of the text at `pos` one replacement stands for: a whole "\uXXXX"
// escape, an unknown escape's backslash and ASCII character, else one byte.
std::size_t bad_length(std::string_view text, std::size_t pos) {
    if (text[pos] != '\\' || pos + 1 >= text.size()) {
        return 1;
    }
    if (unicode_escape(text, pos)) {
        return 6;
    }
    return static_cast<unsigned char>(text[pos + 1]) < 0x80 ? 2 : 1;
}

} // namespace

// A pre-pass over the raw text rather than a per-event parse: nlohmann::json
// rejects the whole document at the first bad escape or byte, so finding the
// event around it would need a second JSON parser of our own; this scanner
// only has to know where strings begin and end. A document broken outside
// its strings (cut off, a missing comma) stays broken: then no next_batch can
// be trusted and the sync must fail.
RepairedJson repair_json_strings(std::string_view text, std::string_view replacement) {
    RepairedJson out;
    out.text.reserve(text.size());
    bool is_in_string = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (!is_in_string) {
            is_in_string = c == '"';
            out.text += c;
            ++pos;
            continue;
        }
        std::size_t length = 0;
        if (c == '"') {
            is_in_string = false;
            length = 1;
        } else if (c == '\\') {
            length = escape_length(text, pos);
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            const bot::CodePoint cp = bot::decode_utf8(text, pos);
            length = bot::is_malformed(cp) ? 0 : cp.length;
        }
        if (length == 0) {
            out.text += replacement;
            ++out.repairs;
            pos += bad_length(text, pos);
            continue;
        }
        out.text.append(text.substr(pos, length));
        pos += length;
    }
    return out;
}

} // namespace onevoice::integrations::matrix
