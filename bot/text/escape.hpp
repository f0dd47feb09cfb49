#pragma once

#include <string>
#include <string_view>

namespace onevoice::bot {

// Replaces &, < and > by &amp;, &lt; and &gt;: enough for text between HTML
// or XML tags, and all that Slack's mrkdwn wants (its only control
// characters; Slack would show any other entity literally).
std::string escape_markup(std::string_view text);

// escape_markup, and " and ' as &quot; and &#39; too, so the text is safe in
// an HTML attribute value as well (Matrix's formatted_body).
std::string escape_html(std::string_view text);

} // namespace onevoice::bot
