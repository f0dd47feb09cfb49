#include "integrations/matrix/render.hpp"

#include "bot/model/plain_text.hpp"
#include "bot/text/escape.hpp"
#include "integrations/net/url.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace onevoice::integrations::matrix {
namespace {

using nlohmann::json;
namespace net = integrations::net;

// The short names the handlers use, and a few common ones.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> k_emoji{{
    {"+1", "👍"},
    {"thumbsup", "👍"},
    {"-1", "👎"},
    {"white_check_mark", "✅"},
    {"heavy_check_mark", "✔️"},
    {"x", "❌"},
    {"bulb", "💡"},
    {"eyes", "👀"},
    {"warning", "⚠️"},
    {"rotating_light", "🚨"},
    {"tada", "🎉"},
    {"pushpin", "📌"},
    {"hourglass", "⌛"},
    {"memo", "📝"},
}};

constexpr std::string_view k_matrix_user = "matrix:";

bool has_word(std::string_view text, std::string_view word) {
    return text.find(word) != std::string_view::npos;
}

// A mention's Matrix user id ("@alice:example.org"), or empty for another platform's user.
std::string matrix_user(const bot::Span& span) {
    return span.target.starts_with(k_matrix_user) ? span.target.substr(k_matrix_user.size())
                                                  : std::string();
}

// Renders inline spans to HTML and collects the users mentioned.
class HtmlWriter {
public:
    std::string inline_html(const bot::Inline& content) {
        std::string out;
        for (const bot::Span& span : content) {
            out += span_html(span);
        }
        return out;
    }
    std::set<std::string>& mentioned() { return m_mentioned; }

private:
    std::string span_html(const bot::Span& span) {
        const std::string text = bot::escape_html(span.text);
        switch (span.kind) {
        case bot::Span::Kind::text:
            return text;
        case bot::Span::Kind::strong:
            return "<strong>" + text + "</strong>";
        case bot::Span::Kind::emphasis:
            return "<em>" + text + "</em>";
        case bot::Span::Kind::code:
            return "<code>" + text + "</code>";
        case bot::Span::Kind::link:
            if (!net::is_web_link(span.target)) {
                return text.empty() ? bot::escape_html(span.target) : text;
            }
            return "<a href=\"" + bot::escape_html(span.target) + "\">" +
                   (text.empty() ? bot::escape_html(span.target) : text) + "</a>";
        case bot::Span::Kind::mention: {
            const std::string user = matrix_user(span);
            if (user.empty()) {
                return text;
            }
            m_mentioned.insert(user);
            return "<a href=\"https://matrix.to/#/" + bot::escape_html(user) + "\">" + text +
                   "</a>";
        }
        }
        return text;
    }

    std::set<std::string> m_mentioned;
};

// The emoji for buttons of `button`'s kind, by its action id; empty: none.
std::string kind_emoji(const bot::Button& button) {
    const std::string_view id = button.action_id;
    if (has_word(id, "vote")) {
        return emoji_for("+1");
    }
    if (has_word(id, "accept") || has_word(id, "approve")) {
        return emoji_for("white_check_mark");
    }
    if (has_word(id, "decline") || has_word(id, "reject")) {
        return emoji_for("x");
    }
    return {};
}

std::string button_hint(const bot::Reply& reply, const bot::Button& button) {
    const std::string emoji = reaction_for(reply, button);
    return emoji.empty() ? std::string() : " " + emoji;
}

std::string block_html(HtmlWriter& writer, const bot::Reply& reply, const bot::Block& block,
                       std::string_view prefix) {
    return std::visit(
        [&writer, &reply, prefix](const auto& b) -> std::string {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, bot::Heading>) {
                return "<h4>" + bot::escape_html(b.text) + "</h4>";
            } else if constexpr (std::is_same_v<T, bot::TextBlock>) {
                return "<p>" + writer.inline_html(b.content) + "</p>";
            } else if constexpr (std::is_same_v<T, bot::FieldsBlock>) {
                std::string out = "<p>";
                for (std::size_t i = 0; i < b.fields.size(); ++i) {
                    out += (i > 0 ? "<br/>" : "") + std::string("<strong>") +
                           bot::escape_html(b.fields[i].label) + ":</strong> " +
                           writer.inline_html(b.fields[i].value);
                }
                return out + "</p>";
            } else if constexpr (std::is_same_v<T, bot::ListBlock>) {
                std::string out = b.ordered ? "<ol>" : "<ul>";
                for (const bot::Inline& item : b.items) {
                    out += "<li>" + writer.inline_html(item) + "</li>";
                }
                return out + (b.ordered ? "</ol>" : "</ul>");
            } else if constexpr (std::is_same_v<T, bot::ButtonsBlock>) {
                std::string out = "<p>";
                for (std::size_t i = 0; i < b.buttons.size(); ++i) {
                    const bot::Button& button = b.buttons[i];
                    out += (i > 0 ? " · " : "") + std::string("[") +
                           bot::escape_html(button.label) +
                           bot::escape_html(button_hint(reply, button)) + "] <code>" +
                           bot::escape_html(std::string(prefix) + button.command) + "</code>";
                }
                return out + "</p>";
            } else if constexpr (std::is_same_v<T, bot::ContextBlock>) {
                return "<p><i>" + writer.inline_html(b.content) + "</i></p>";
            } else {
                return "<hr/>";
            }
        },
        block);
}

// "@room" anywhere in the plain body would notify the whole room on servers
// that still apply the legacy body rule; a word joiner keeps it readable.
std::string defuse_room_mention(std::string body) {
    static constexpr std::string_view k_joiner = "\u2060";
    for (std::size_t pos = body.find("@room"); pos != std::string::npos;
         pos = body.find("@room", pos + 1 + k_joiner.size())) {
        body.insert(pos + 1, k_joiner);
    }
    return body;
}

} // namespace

std::string emoji_for(std::string_view short_name) {
    for (const auto& [name, emoji] : k_emoji) {
        if (name == short_name) {
            return std::string(emoji);
        }
    }
    return {};
}

std::string reaction_for(const bot::Reply& reply, const bot::Button& button) {
    const std::string emoji = kind_emoji(button);
    if (emoji.empty()) {
        return {};
    }
    int with_it = 0;
    for (const bot::Block& block : reply.blocks) {
        if (const auto* row = std::get_if<bot::ButtonsBlock>(&block)) {
            with_it += static_cast<int>(std::ranges::count_if(
                row->buttons, [&](const bot::Button& b) { return kind_emoji(b) == emoji; }));
        }
    }
    return with_it == 1 ? emoji : std::string();
}

json render_message(const bot::Reply& reply, std::string_view prefix) {
    // Both bodies from a copy without invisible characters (issue #17); the
    // plain body is the shared plain-text rendering, with commands as typed in a room.
    bot::Reply plain = bot::without_invisible(reply);
    HtmlWriter writer;
    std::string html;
    // The hints come from the blocks as they are: the loop adds them to the labels.
    const bot::Reply unlabelled = plain;
    for (bot::Block& block : plain.blocks) {
        html += block_html(writer, unlabelled, block, prefix);
        if (auto* buttons = std::get_if<bot::ButtonsBlock>(&block)) {
            for (bot::Button& button : buttons->buttons) {
                button.label += button_hint(unlabelled, button);
                button.command = std::string(prefix) + button.command;
            }
        }
    }
    json content = {{"msgtype", "m.notice"},
                    {"body", defuse_room_mention(bot::render_plain(plain))},
                    {"format", "org.matrix.custom.html"},
                    {"formatted_body", html}};
    json mentions = json::object();
    if (!writer.mentioned().empty()) {
        mentions["user_ids"] = writer.mentioned();
    }
    content["m.mentions"] = mentions;
    return content;
}

json as_edit(const json& content, const std::string& original) {
    json edit = content;
    edit["body"] = "* " + content.value("body", "");
    if (content.contains("formatted_body")) {
        edit["formatted_body"] = "* " + content.value("formatted_body", "");
    }
    json fresh = content;
    fresh.erase("m.relates_to");
    edit["m.new_content"] = fresh;
    edit["m.relates_to"] = {{"rel_type", "m.replace"}, {"event_id", original}};
    return edit;
}

json in_thread(json content, const std::string& root) {
    content["m.relates_to"] = {{"rel_type", "m.thread"},
                               {"event_id", root},
                               {"is_falling_back", true},
                               {"m.in_reply_to", {{"event_id", root}}}};
    return content;
}

json reaction_content(const std::string& target, const std::string& key) {
    return {{"m.relates_to", {{"rel_type", "m.annotation"}, {"event_id", target}, {"key", key}}}};
}

json file_content(const bot::Attachment& attachment, const std::string& mxc_uri) {
    return {{"msgtype", "m.file"},
            {"body", attachment.filename},
            {"filename", attachment.filename},
            {"url", mxc_uri},
            {"info", {{"mimetype", attachment.media_type}, {"size", attachment.content.size()}}},
            {"m.mentions", json::object()}};
}

} // namespace onevoice::integrations::matrix
