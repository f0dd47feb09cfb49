#include "bot/text/truncate.hpp"

namespace onevoice::bot {

std::string cut_text(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) {
            continue; // a continuation byte: not a character of its own
        }
        if (chars == max_chars) {
            std::string cut(text.substr(0, i));
            while (!cut.empty() && cut.back() == ' ') {
                cut.pop_back();
            }
            return cut + "…";
        }
        ++chars;
    }
    return std::string(text);
}

std::string title_line(std::string_view text, std::size_t max_chars) {
    return cut_text(text.substr(0, text.find('\n')), max_chars);
}

} // namespace onevoice::bot
