#include "integrations/slack/mrkdwn.hpp"

#include "bot/text/escape.hpp"
#include "bot/text/truncate.hpp"
#include "bot/text/utf8.hpp"
#include "integrations/net/url.hpp"

namespace onevoice::integrations::slack {
namespace {

namespace net = integrations::net;

// Safety note on broadcasts: Slack notifies a channel only for the <!channel>,
// <!here> and <!everyone> syntax and a user only for <@U...>
// (https://api.slack.com/reference/surfaces/formatting#special-mentions).
// A literal "@channel" in the text we post stays plain text: chat.postMessage
// no longer links names ("link_names" only links user groups). So escaping
// &, < and > in every span is enough; "@here" typed by a user needs no extra
// treatment.

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

bool is_slack_id(std::string_view id) {
    if (id.empty()) {
        return false;
    }
    for (const char c : id) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            return false;
        }
    }
    return true;
}

// Moves surrounding white space outside the markers: Slack formats *x* only
// when the markers touch the text.
std::string wrap(std::string_view marker, const std::string& text) {
    const auto first = text.find_first_not_of(" \t\n");
    if (first == std::string::npos) {
        return text;
    }
    const auto last = text.find_last_not_of(" \t\n");
    return text.substr(0, first) + std::string(marker) + text.substr(first, last - first + 1) +
           std::string(marker) + text.substr(last + 1);
}

std::string link_url(std::string_view url) {
    std::string out;
    for (const char c : url) {
        if (c == '|') {
            out += "%7C"; // '|' would end the URL part of <url|label>
        } else if (c == ' ') {
            out += "%20";
        } else {
            out += c;
        }
    }
    return bot::escape_markup(out);
}

std::string link_label(std::string_view label) {
    std::string out;
    for (const char c : bot::escape_markup(label)) {
        if (c == '|') {
            out += "\xC2\xA6"; // U+00A6 BROKEN BAR: a '|' would split the label
        } else {
            out += c;
        }
    }
    return out;
}

std::string decode_entities(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::string_view rest = text.substr(i);
        if (starts_with(rest, "&amp;")) {
            out += '&';
            i += 5;
        } else if (starts_with(rest, "&lt;")) {
            out += '<';
            i += 4;
        } else if (starts_with(rest, "&gt;")) {
            out += '>';
            i += 4;
        } else {
            out += text[i++];
        }
    }
    return out;
}

// The inside of one <...> token of incoming text.
std::string decode_token(std::string_view inner) {
    const auto bar = inner.find('|');
    const std::string_view target = inner.substr(0, bar);
    const std::string label =
        bar == std::string_view::npos ? std::string() : decode_entities(inner.substr(bar + 1));
    if (starts_with(target, "@")) {
        return "<" + std::string(target) + ">";
    }
    if (starts_with(target, "#")) {
        return label.empty() ? "<" + std::string(target) + ">" : "#" + label;
    }
    if (starts_with(target, "!")) {
        const std::string_view name = target.substr(1);
        if (name == "here" || name == "channel" || name == "everyone" || label.empty()) {
            return "@" + std::string(name.substr(0, name.find('^')));
        }
        return label; // <!subteam^S1|@design>, <!date^...|fallback>
    }
    if (starts_with(target, "mailto:") && !label.empty()) {
        return label;
    }
    return decode_entities(target);
}

// The largest byte offset that keeps at most `max_chars` characters and does
// not split a character, an entity or a <...> token; 0 when the text starts
// with a token longer than that.
std::size_t safe_cut(std::string_view text, std::size_t max_chars) {
    std::size_t cut = bot::utf8_offset(text, max_chars);
    if (cut == text.size()) {
        return cut;
    }
    const std::string_view head = text.substr(0, cut);
    const auto amp = head.rfind('&');
    if (amp != std::string_view::npos && cut - amp < 6 &&
        head.find(';', amp) == std::string_view::npos) {
        cut = amp;
    }
    const auto lt = text.substr(0, cut).rfind('<');
    if (lt != std::string_view::npos &&
        text.substr(lt, cut - lt).find('>') == std::string_view::npos) {
        cut = lt;
    }
    return cut;
}

bool inside_token(std::string_view text, std::size_t pos) {
    const auto lt = text.substr(0, pos).rfind('<');
    return lt != std::string_view::npos && text.substr(lt, pos - lt).find('>') == std::string::npos;
}

// Where to end a piece cut at `cut` (a separator right at `cut` counts): a
// line break in the second half of the piece, else a space there, else either
// anywhere; outside tokens. 0 if none.
std::size_t break_before(std::string_view text, std::size_t cut) {
    for (const std::size_t lowest : {cut / 2, std::size_t{1}}) {
        for (const char separator : {'\n', ' '}) {
            auto pos = text.substr(0, cut + 1).rfind(separator);
            while (pos != std::string_view::npos && pos >= lowest && inside_token(text, pos)) {
                pos = pos == 0 ? std::string_view::npos : text.substr(0, pos).rfind(separator);
            }
            if (pos != std::string_view::npos && pos >= lowest) {
                return pos;
            }
        }
    }
    return 0;
}

} // namespace

std::string render(const bot::Span& span) {
    using Kind = bot::Span::Kind;
    switch (span.kind) {
    case Kind::text:
        return bot::escape_markup(span.text);
    case Kind::strong:
        return wrap("*", bot::escape_markup(span.text));
    case Kind::emphasis:
        return wrap("_", bot::escape_markup(span.text));
    case Kind::code: {
        // A backtick would end the code span early; a quote reads the same.
        std::string text = span.text;
        for (char& c : text) {
            if (c == '`') {
                c = '\'';
            }
        }
        return wrap("`", bot::escape_markup(text));
    }
    case Kind::link: {
        const std::string& label = span.text.empty() ? span.target : span.text;
        // Only web links are links: a target like "!channel" or "@U123" would
        // turn into a broadcast or a mention, and javascript:, data:, file: or
        // slack:// could run or open something on a click (issue #17).
        if (!net::is_web_link(span.target)) {
            return label == span.target
                       ? bot::escape_markup(label)
                       : bot::escape_markup(label) + " (" + bot::escape_markup(span.target) + ")";
        }
        if (label == span.target) {
            return "<" + link_url(span.target) + ">";
        }
        return "<" + link_url(span.target) + "|" + link_label(label) + ">";
    }
    case Kind::mention: {
        constexpr std::string_view prefix = "slack:";
        const std::string_view target = span.target;
        if (starts_with(target, prefix) && is_slack_id(target.substr(prefix.size()))) {
            return "<@" + std::string(target.substr(prefix.size())) + ">";
        }
        return "@" + bot::escape_markup(span.text);
    }
    }
    return bot::escape_markup(span.text);
}

std::string render(const bot::Inline& content) {
    std::string out;
    for (const bot::Span& span : content) {
        out += render(span);
    }
    return out;
}

std::string to_command_text(std::string_view slack_text) {
    std::string out;
    std::size_t i = 0;
    while (i < slack_text.size()) {
        if (slack_text[i] != '<') {
            // Entities are decoded only outside tokens, so a typed "&lt;@U1&gt;"
            // comes out as text, never as a second pass over a token.
            const auto next = slack_text.find('<', i);
            const auto end = next == std::string_view::npos ? slack_text.size() : next;
            out += decode_entities(slack_text.substr(i, end - i));
            i = end;
            continue;
        }
        const auto close = slack_text.find('>', i + 1);
        const auto newline = slack_text.find('\n', i + 1);
        if (close == std::string_view::npos || newline < close) {
            out += '<';
            ++i;
            continue;
        }
        out += decode_token(slack_text.substr(i + 1, close - i - 1));
        i = close + 1;
    }
    return out;
}

std::string truncate_mrkdwn(std::string_view text, std::size_t max_chars) {
    if (bot::utf8_length(text) <= max_chars) {
        return std::string(text);
    }
    if (max_chars == 0) {
        return {};
    }
    return bot::cut_marked(text.substr(0, safe_cut(text, max_chars - 1)));
}

std::vector<std::string> split(std::string_view text, std::size_t max_chars) {
    std::vector<std::string> pieces;
    if (max_chars == 0) {
        return pieces;
    }
    while (bot::utf8_length(text) > max_chars) {
        std::size_t cut = safe_cut(text, max_chars);
        std::size_t resume = cut;
        if (const std::size_t pos = break_before(text, cut); pos > 0) {
            cut = pos;
            resume = pos + 1; // the separator itself is dropped
        } else if (cut == 0) {
            // One token longer than a whole piece: it has to be cut somewhere.
            cut = bot::utf8_offset(text, max_chars);
            resume = cut;
        }
        if (const std::string_view piece = text.substr(0, cut);
            piece.find_first_not_of(" \n") != std::string_view::npos) {
            pieces.emplace_back(piece);
        }
        text.remove_prefix(resume);
    }
    if (text.find_first_not_of(" \n") != std::string_view::npos) {
        pieces.emplace_back(text);
    }
    return pieces;
}

} // namespace onevoice::integrations::slack
