#include "bot/text/truncate.hpp"

#include "bot/text/utf8.hpp"

namespace onevoice::bot {

std::string cut_text(std::string_view text, std::size_t max_chars, Ellipsis ellipsis) {
    if (utf8_length(text) <= max_chars) {
        return std::string(text);
    }
    if (ellipsis == Ellipsis::within_limit) {
        if (max_chars == 0) {
            return {};
        }
        --max_chars;
    }
    return cut_marked(text.substr(0, utf8_offset(text, max_chars)));
}

std::string title_line(std::string_view text, std::size_t max_chars) {
    return cut_text(text.substr(0, text.find('\n')), max_chars);
}

std::string cut_marked(std::string_view head) {
    const auto end = head.find_last_not_of(" \n");
    return std::string(head.substr(0, end == std::string_view::npos ? 0 : end + 1)) + "…";
}

} // namespace onevoice::bot
