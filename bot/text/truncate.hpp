#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onevoice::bot {

// `text` cut to at most `max_chars` characters (code points, never inside a
// UTF-8 sequence), without the spaces before the cut, with "…" appended when cut.
std::string cut_text(std::string_view text, std::size_t max_chars);

// The first line of `text`, cut like cut_text: the title of an idea or a
// scheduled post in lists.
std::string title_line(std::string_view text, std::size_t max_chars = 80);

} // namespace onevoice::bot
