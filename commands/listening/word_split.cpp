#include "commands/listening/word_split.hpp"

#include "bot/text/utf8.hpp"

#include <algorithm>
#include <array>

namespace onevoice::commands {
namespace {

enum class CharClass { separator, word, mark };

bool in(char32_t code, char32_t first, char32_t last) {
    return code >= first && code <= last;
}

// ASCII classes as in the "C" locale, without a call into libc per byte:
// every text of every poll goes through here, several times.
bool ascii_alnum(char32_t code) {
    return in(code, '0', '9') || in(code, 'a', 'z') || in(code, 'A', 'Z');
}

char ascii_lower(char32_t code) {
    return static_cast<char>(in(code, 'A', 'Z') ? code + ('a' - 'A') : code);
}

bool ascii_space(char32_t code) {
    return code == ' ' || in(code, '\t', '\r'); // \t \n \v \f \r
}

CharClass classify(char32_t code) {
    if (code < 0x80) {
        return ascii_alnum(code) || code == '_' ? CharClass::word : CharClass::separator;
    }
    if (code == bot::k_replacement_character || code < 0xC0 || code == 0xD7 || code == 0xF7) {
        return CharClass::separator; // C1 controls, NBSP, Latin-1 punctuation, × ÷
    }
    if (in(code, 0x300, 0x36F)) {
        return CharClass::mark; // combining accents of decomposed (NFD) text
    }
    // General punctuation (dashes, quotes, ZWJ), symbols, arrows, dingbats,
    // CJK punctuation, variation selectors, BOM, private use and emoji.
    if (in(code, 0x2000, 0x2BFF) || in(code, 0x2E00, 0x2E7F) || in(code, 0x3000, 0x303F) ||
        in(code, 0xE000, 0xF8FF) || in(code, 0xFE00, 0xFE0F) || in(code, 0xFE30, 0xFE4F) ||
        code == 0xFEFF || in(code, 0x1F000, 0x1FAFF) || in(code, 0xE0000, 0xE007F)) {
        return CharClass::separator;
    }
    return CharClass::word;
}

// Latin-1 capitals 0xC0..0xDF (small letters are 0x20 above) without accents.
constexpr std::array<std::string_view, 32> k_latin1 = {
    "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i",  "i", "i",  "i",
    "d", "n", "o", "o", "o",  "o", "oe", "",  "o", "u", "u", "u", "ue", "y", "th", "ss"};

// Latin Extended-A 0x100..0x17F, one base letter each; '1' is "ij", '2' is "oe".
constexpr std::string_view k_latin_a = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkk"
                                       "llllllllllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuu"
                                       "uuuwwyyyzzzzzzs";
static_assert(k_latin_a.size() == 128);

void append_folded(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += ascii_lower(code);
    } else if (in(code, 0xC0, 0xFE)) {
        out += k_latin1[(code - 0xC0) & 0x1F];
    } else if (code == 0xFF) {
        out += 'y';
    } else if (in(code, 0x100, 0x17F)) {
        const char base = k_latin_a[code - 0x100];
        out += base == '1' ? "ij" : base == '2' ? "oe" : std::string(1, base);
    } else if (code == 0x1E9E) {
        out += "ss"; // capital sharp s
    } else if ((in(code, 0x391, 0x3A9) && code != 0x3A2) || in(code, 0x410, 0x42F)) {
        bot::append_utf8(out, code + 0x20); // Greek and Cyrillic capitals
    } else if (in(code, 0x400, 0x40F)) {
        bot::append_utf8(out, code + 0x50);
    } else {
        bot::append_utf8(out, code);
    }
}

// ASCII without the call into the general decoder: most text is ASCII.
bot::CodePoint decode(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    return lead < 0x80 ? bot::CodePoint{lead, 1} : bot::decode_utf8(text, pos);
}

bool starts_with_nocase(std::string_view text, std::size_t i, std::string_view prefix) {
    if (text.size() - i < prefix.size()) {
        return false;
    }
    for (std::size_t k = 0; k < prefix.size(); ++k) {
        if (ascii_lower(static_cast<unsigned char>(text[i + k])) != prefix[k]) {
            return false;
        }
    }
    return true;
}

class Splitter {
public:
    Splitter(std::string_view text, WordSplitOptions options)
        : m_text(text)
        , m_options(options) {}

    std::vector<std::string> run() {
        std::size_t i = 0;
        while (i < m_text.size()) {
            i = step(i);
        }
        flush();
        return std::move(m_words);
    }

private:
    std::size_t step(std::size_t i) {
        if (m_word.empty() && url_prefix(i) > 0) {
            return take_url(i);
        }
        const bot::CodePoint d = decode(m_text, i);
        if (m_word.empty() && (d.value == '#' || d.value == '@') && is_word_at(i + 1)) {
            if (d.value == '@') {
                return take_handle(i);
            }
            if (m_options.keep_signs) {
                m_word.push_back('#'); // not `= "#"`: g++ 12 -O2 warns falsely (-Wrestrict)
            }
            return i + 1;
        }
        switch (classify(d.value)) {
        case CharClass::word:
            append_folded(m_word, d.value);
            break;
        case CharClass::mark:
            // u + U+0308 is ü typed on a system that decomposes (macOS).
            if (d.value == 0x308 && !m_word.empty() &&
                (m_word.back() == 'a' || m_word.back() == 'o' || m_word.back() == 'u')) {
                m_word += 'e';
            }
            break;
        case CharClass::separator:
            flush();
            break;
        }
        return i + d.length;
    }

    bool is_word_at(std::size_t i) const {
        return i < m_text.size() && classify(decode(m_text, i).value) == CharClass::word;
    }

    // The length of "https://" or "http://" at `i`; "www." counts (as 4) only
    // when a host name follows.
    std::size_t url_prefix(std::size_t i) const {
        const char first = ascii_lower(static_cast<unsigned char>(m_text[i]));
        if (first != 'h' && first != 'w') {
            return 0; // the common case, checked once per word and separator
        }
        for (const std::string_view prefix : {"https://", "http://"}) {
            if (starts_with_nocase(m_text, i, prefix)) {
                return prefix.size();
            }
        }
        return starts_with_nocase(m_text, i, "www.") && is_word_at(i + 4) ? 4 : 0;
    }

    // A URL ends at white space, angle brackets, a straight quote or any
    // non-ASCII separator (typographic quotes, NBSP).
    bool ends_url(std::size_t i) const {
        const bot::CodePoint d = decode(m_text, i);
        if (d.value < 0x80) {
            return ascii_space(d.value) || d.value == '<' || d.value == '>' || d.value == '"';
        }
        return classify(d.value) == CharClass::separator;
    }

    std::size_t take_url(std::size_t i) {
        // The host of "www.example.com" starts at the "www." itself.
        const bool has_scheme = m_text[i] != 'w' && m_text[i] != 'W';
        std::size_t pos = has_scheme ? i + url_prefix(i) : i;
        const std::size_t host_start = pos;
        while (pos < m_text.size() && !ends_url(pos) && m_text[pos] != '/' && m_text[pos] != '?' &&
               m_text[pos] != '#') {
            pos += decode(m_text, pos).length;
        }
        std::string_view host = m_text.substr(host_start, pos - host_start);
        if (const auto at = host.rfind('@'); at != std::string_view::npos) {
            host.remove_prefix(at + 1); // user:password@
        }
        host = host.substr(0, host.find(':'));
        // Label by label: the host as a whole would be read as a URL again.
        while (m_options.url_hosts && !host.empty()) {
            const std::string_view label = host.substr(0, host.find('.'));
            host.remove_prefix(std::min(host.size(), label.size() + 1));
            for (std::string& word : split_words(label, {false, false})) {
                if (word != "www") {
                    m_words.push_back(std::move(word));
                }
            }
        }
        while (pos < m_text.size() && !ends_url(pos)) {
            pos += decode(m_text, pos).length;
        }
        return pos;
    }

    // '@' then the name; inner '.' and '-' belong to it when a word
    // character follows. A second '@' starts the Mastodon instance, skipped.
    std::size_t take_handle(std::size_t i) {
        std::string name = m_options.keep_signs ? "@" : "";
        std::size_t pos = i + 1;
        pos = take_name(pos, &name);
        if (pos < m_text.size() && m_text[pos] == '@' && is_word_at(pos + 1)) {
            pos = take_name(pos + 1, nullptr);
        }
        m_words.push_back(std::move(name));
        return pos;
    }

    std::size_t take_name(std::size_t pos, std::string* name) const {
        while (pos < m_text.size()) {
            const bot::CodePoint d = decode(m_text, pos);
            const CharClass kind = classify(d.value);
            const bool joiner = (d.value == '.' || d.value == '-') && is_word_at(pos + 1);
            if (kind == CharClass::separator && !joiner) {
                break;
            }
            if (name != nullptr && kind != CharClass::mark) {
                append_folded(*name, d.value);
            }
            pos += d.length;
        }
        return pos;
    }

    void flush() {
        if (!m_word.empty() && m_word != "#") {
            m_words.push_back(std::move(m_word));
        }
        m_word.clear();
    }

    std::string_view m_text;
    WordSplitOptions m_options;
    std::vector<std::string> m_words;
    std::string m_word;
};

} // namespace

std::vector<std::string> split_words(std::string_view text, WordSplitOptions options) {
    return Splitter(text, options).run();
}

std::size_t char_count(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); i += decode(text, i).length) {
        ++count;
    }
    return count;
}

} // namespace onevoice::commands
