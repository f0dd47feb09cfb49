#include "integrations/sources/html_text.hpp"

#include "bot/text/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>

namespace onevoice::integrations::sources {

namespace {

// HTML 4's Latin-1 entities, U+00A0 to U+00FF in code point order.
constexpr std::array<std::string_view, 96> k_latin1 = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

// The other names common in feed text: XML's five, punctuation, currency.
constexpr std::array<std::pair<std::string_view, char32_t>, 33> k_named = {{
    {"amp", U'&'},        {"lt", U'<'},          {"gt", U'>'},          {"quot", U'"'},
    {"apos", U'\''},      {"ndash", U'\u2013'},  {"mdash", U'\u2014'},  {"lsquo", U'\u2018'},
    {"rsquo", U'\u2019'}, {"sbquo", U'\u201A'},  {"ldquo", U'\u201C'},  {"rdquo", U'\u201D'},
    {"bdquo", U'\u201E'}, {"hellip", U'\u2026'}, {"bull", U'\u2022'},   {"euro", U'\u20AC'},
    {"trade", U'\u2122'}, {"lsaquo", U'\u2039'}, {"rsaquo", U'\u203A'}, {"dagger", U'\u2020'},
    {"prime", U'\u2032'}, {"ensp", U'\u2002'},   {"emsp", U'\u2003'},   {"thinsp", U'\u2009'},
    {"zwnj", U'\u200C'},  {"zwj", U'\u200D'},    {"lrm", U'\u200E'},    {"rlm", U'\u200F'},
    {"OElig", U'\u0152'}, {"oelig", U'\u0153'},  {"Scaron", U'\u0160'}, {"scaron", U'\u0161'},
    {"larr", U'\u2190'},
}};

} // namespace

std::optional<char32_t> html_entity(std::string_view name) {
    for (std::size_t i = 0; i < k_latin1.size(); ++i) {
        if (k_latin1[i] == name) {
            return static_cast<char32_t>(0xA0 + i);
        }
    }
    for (const auto& [entity, cp] : k_named) {
        if (entity == name) {
            return cp;
        }
    }
    return std::nullopt;
}

namespace {

std::optional<char32_t> numeric_entity(std::string_view digits) {
    const bool hex = !digits.empty() && (digits.front() == 'x' || digits.front() == 'X');
    if (hex) {
        digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 8) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (const char c : digits) {
        const auto u = static_cast<unsigned char>(c);
        if (hex ? std::isxdigit(u) == 0 : std::isdigit(u) == 0) {
            return std::nullopt;
        }
        const std::uint32_t digit =
            std::isdigit(u) != 0 ? u - '0' : static_cast<std::uint32_t>(std::tolower(u) - 'a' + 10);
        value = value * (hex ? 16 : 10) + digit;
    }
    return static_cast<char32_t>(value);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool starts_with_nocase(std::string_view text, std::size_t pos, std::string_view prefix) {
    if (text.size() - pos < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[pos + i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

// Tags after which the text reads as a new line.
bool is_block(std::string_view name) {
    static constexpr std::array<std::string_view, 26> k_blocks = {
        "p",  "br",         "div",     "li",      "ul",     "ol",     "h1",     "h2",        "h3",
        "h4", "h5",         "h6",      "tr",      "table",  "pre",    "hr",     "dd",        "dt",
        "dl", "blockquote", "section", "article", "header", "footer", "figure", "figcaption"};
    return std::find(k_blocks.begin(), k_blocks.end(), name) != k_blocks.end();
}

// The end of the tag starting at `open` ('<'), honouring quoted attribute
// values; npos when it never closes or another '<' comes first (then the '<'
// was text, as in "a<b and c>d" written by hand).
std::size_t tag_end(std::string_view html, std::size_t open) {
    char quote = 0;
    for (std::size_t i = open + 1; i < html.size(); ++i) {
        const char c = html[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i;
        } else if (c == '<') {
            return std::string_view::npos;
        }
    }
    return std::string_view::npos;
}

} // namespace

std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto amp = text.find('&', i);
        if (amp == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, amp - i));
        const auto semi = text.find(';', amp + 1);
        // Entity names are short; a far-away ';' belongs to something else.
        if (semi == std::string_view::npos || semi - amp > 12 || semi == amp + 1) {
            out += '&';
            i = amp + 1;
            continue;
        }
        const auto name = text.substr(amp + 1, semi - amp - 1);
        const auto cp = name.front() == '#' ? numeric_entity(name.substr(1)) : html_entity(name);
        if (cp) {
            // &#0; is not a character in HTML: shown as U+FFFD, as browsers do.
            bot::append_utf8(out, *cp == 0 ? bot::k_replacement_character : *cp);
            i = semi + 1;
        } else {
            out += '&';
            i = amp + 1;
        }
    }
    return out;
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool nbsp = text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
        if (is_space(text[i]) || nbsp) {
            pending_space = !out.empty();
            i += nbsp ? 1 : 0;
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += text[i];
    }
    return out;
}

std::string html_to_text(std::string_view html) {
    // First pass: text runs (decoded) separated by '\n' at block boundaries.
    std::string flat;
    std::size_t i = 0;
    while (i < html.size()) {
        const auto open = html.find('<', i);
        flat += decode_entities(html.substr(i, open == std::string_view::npos ? open : open - i));
        if (open == std::string_view::npos) {
            break;
        }
        if (html.compare(open, 4, "<!--") == 0) {
            const auto close = html.find("-->", open + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        const std::size_t name_start = open + 1 + (open + 1 < html.size() && html[open + 1] == '/');
        const bool tag_like = name_start < html.size() &&
                              (std::isalpha(static_cast<unsigned char>(html[name_start])) != 0 ||
                               html[name_start] == '!' || html[name_start] == '?');
        const auto close = tag_like ? tag_end(html, open) : std::string_view::npos;
        if (close == std::string_view::npos) {
            flat += '<';
            i = open + 1;
            continue;
        }
        std::string name;
        for (std::size_t k = name_start;
             k < close && std::isalnum(static_cast<unsigned char>(html[k])) != 0; ++k) {
            name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[k])));
        }
        i = close + 1;
        const bool closing = name_start != open + 1;
        if (!closing && (name == "script" || name == "style")) {
            // Their content is code, not text: skip to the matching end tag.
            std::size_t end = i;
            const std::string end_tag = "</" + name;
            while (end < html.size() && !starts_with_nocase(html, end, end_tag)) {
                end = html.find('<', end + 1);
                end = end == std::string_view::npos ? html.size() : end;
            }
            const auto after = html.find('>', end);
            i = after == std::string_view::npos ? html.size() : after + 1;
            continue;
        }
        // An inline tag inside a word ("<b>Wo</b>rd") must not split it;
        // table cells and images stand apart.
        if (is_block(name)) {
            flat += '\n';
        } else if (name == "td" || name == "th" || name == "img") {
            flat += ' ';
        }
    }
    // Second pass: collapse whitespace per line, drop empty lines.
    std::string out;
    std::size_t start = 0;
    while (start <= flat.size()) {
        auto end = flat.find('\n', start);
        end = end == std::string::npos ? flat.size() : end;
        const auto line = collapse_whitespace(std::string_view(flat).substr(start, end - start));
        if (!line.empty()) {
            out += out.empty() ? "" : "\n";
            out += line;
        }
        start = end + 1;
    }
    return out;
}

} // namespace onevoice::integrations::sources
