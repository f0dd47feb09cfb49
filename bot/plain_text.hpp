#pragma once

#include "bot/model.hpp"

#include <string>

namespace onevoice::bot {

// Renders a reply as plain text: the console's output and every platform's
// notification fallback. Buttons appear with the command that does the same
// thing ("[Vote] idea vote 12"). No trailing newline.
std::string render_plain(const Reply& reply);
std::string render_plain(const Inline& content);

} // namespace onevoice::bot
