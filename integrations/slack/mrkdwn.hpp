#pragma once

#include "bot/model/model.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::integrations::slack {

// Slack's mrkdwn, both ways. Reference:
// https://api.slack.com/reference/surfaces/formatting

// Renders inline content as mrkdwn. Every span's text is escaped
// (bot::escape_markup), so text typed by users ("<!channel>", "<@U123>") is
// shown literally and never notifies anyone. Links become <url|label> only for http(s) URLs, others
// are shown as text (net::is_web_link);
// mentions of Slack users ("slack:U123") become <@U123>, others "@name".
std::string render(const bot::Inline& content);
std::string render(const bot::Span& span);

// Turns message or slash-command text as Slack sends it into the text of a
// Command: &amp; &lt; &gt; are decoded, <https://x|x> becomes the URL,
// <#C1|general> becomes #general, <!here> becomes @here, and user mentions
// <@U123> stay as they are (bot::parse_user_token reads them).
std::string to_command_text(std::string_view slack_text);

// Cuts plain or mrkdwn text to at most `max_chars` characters, ending in "…"
// when it was cut; never splits a UTF-8 sequence, an entity (&amp;) or a
// <...> token.
std::string truncate_mrkdwn(std::string_view text, std::size_t max_chars);

// Splits mrkdwn text into pieces of at most `max_chars` characters, at line
// breaks where possible, else at spaces, else anywhere that does not split a
// character, an entity or a <...> token.
std::vector<std::string> split(std::string_view text, std::size_t max_chars);

} // namespace onevoice::integrations::slack
