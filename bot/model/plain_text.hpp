#pragma once

#include "bot/model/model.hpp"

#include <string>

namespace onevoice::bot {

// Renders a reply as plain text: the console's output and every platform's
// notification fallback. Buttons appear with the command that does the same
// thing ("[Vote] idea vote 12"). No trailing newline. Invisible characters
// are removed (strip_invisible, bot/text/utf8.hpp).
std::string render_plain(const Reply& reply);
std::string render_plain(const Inline& content);

// `reply` with strip_invisible applied to every text a renderer shows:
// headings, spans (text and target), field labels, button labels and
// commands. Every renderer starts from it, so user text shows what it is on
// every platform (issue #17).
Reply without_invisible(Reply reply);

} // namespace onevoice::bot
