#include "bot/text/escape.hpp"

namespace onevoice::bot {
namespace {

std::string escaped(std::string_view text, bool with_quotes) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += with_quotes ? "&quot;" : "\"";
            break;
        case '\'':
            out += with_quotes ? "&#39;" : "'";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

std::string escape_markup(std::string_view text) {
    return escaped(text, false);
}

std::string escape_html(std::string_view text) {
    return escaped(text, true);
}

} // namespace onevoice::bot
