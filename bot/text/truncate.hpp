#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onevoice::bot {

// Whether `max_chars` leaves room for the "…": a platform's limit (Slack's
// 75 characters of a button) must hold the whole result, while a title in a
// list is cut at `max_chars` and then marked.
enum class Ellipsis { after_limit, within_limit };

// `text` cut to at most `max_chars` characters (code points, never inside a
// UTF-8 sequence), marked by cut_marked when cut. With Ellipsis::within_limit
// the "…" counts towards `max_chars` (and a limit of 0 gives "").
std::string cut_text(std::string_view text, std::size_t max_chars,
                     Ellipsis ellipsis = Ellipsis::after_limit);

// The first line of `text`, cut like cut_text: the title of an idea or a
// scheduled post in lists.
std::string title_line(std::string_view text, std::size_t max_chars = 80);

// `head`, the part kept of a text that was cut, without the spaces and line
// breaks at its end and with "…" appended: how every cut is marked, also
// those that choose their own cut (Slack's mrkdwn never splits an entity).
std::string cut_marked(std::string_view head);

} // namespace onevoice::bot
