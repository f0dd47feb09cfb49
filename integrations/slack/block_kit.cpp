#include "integrations/slack/block_kit.hpp"

#include "bot/model/plain_text.hpp"
#include "bot/text/escape.hpp"
#include "bot/text/truncate.hpp"
#include "bot/text/utf8.hpp"
#include "integrations/slack/mrkdwn.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <variant>
#include <vector>

namespace onevoice::integrations::slack {
namespace {

using nlohmann::json;

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\n") == std::string_view::npos;
}

json plain_text(const std::string& text) {
    // plain_text objects are not parsed for mentions or markup, so they need
    // no escaping (https://api.slack.com/reference/block-kit/composition-objects#text).
    return json{{"type", "plain_text"}, {"text", text}, {"emoji", true}};
}

json mrkdwn_text(const std::string& text) {
    return json{{"type", "mrkdwn"}, {"text", text}};
}

// The characters of text a block holds, at any depth, as Slack counts them against a
// message's total: every "text" string (sections, fields, headers, buttons, context).
std::size_t text_size(const json& value) {
    std::size_t size = 0;
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            size += key == "text" && item.is_string()
                        ? bot::utf8_length(item.get_ref<const std::string&>())
                        : text_size(item);
        }
    } else if (value.is_array()) {
        for (const json& item : value) {
            size += text_size(item);
        }
    }
    return size;
}

// One or more sections holding `text` (already mrkdwn), 3,000 characters each.
void add_sections(const std::string& text, std::vector<json>& out) {
    for (const std::string& piece : split(text, k_max_section_text)) {
        out.push_back(json{{"type", "section"}, {"text", mrkdwn_text(piece)}});
    }
}

std::string field_text(const bot::Field& field) {
    const std::string value = render(field.value);
    if (is_blank(field.label)) {
        return truncate_mrkdwn(value, k_max_field_text);
    }
    return truncate_mrkdwn("*" + bot::escape_markup(field.label) + "*\n" + value, k_max_field_text);
}

// An action id that no earlier button of the same actions block uses.
std::string unique_action_id(const bot::Button& button, std::size_t index,
                             std::set<std::string>& used) {
    std::string base = button.action_id.empty() ? std::string("button") : button.action_id;
    base = base.substr(0, k_max_action_id - 8); // room for the suffix
    std::string id = base;
    for (std::size_t n = index; !used.insert(id).second; n += k_max_buttons) {
        id = base + "#" + std::to_string(n);
    }
    return id;
}

json button_element(const bot::Button& button, std::size_t index, std::set<std::string>& used) {
    const std::string& label = is_blank(button.label) ? button.command : button.label;
    json element{
        {"type", "button"},
        {"text", plain_text(bot::cut_text(label, k_max_button_text, bot::Ellipsis::within_limit))},
        {"action_id", unique_action_id(button, index, used)},
        {"value", bot::cut_text(button.command, k_max_button_value, bot::Ellipsis::within_limit)}};
    if (button.style == bot::ButtonStyle::primary) {
        element["style"] = "primary";
    } else if (button.style == bot::ButtonStyle::danger) {
        element["style"] = "danger";
    }
    return element;
}

// Renders one neutral block as zero or more Block Kit blocks.
struct BlockRenderer {
    std::vector<json>& out;

    void operator()(const bot::Heading& heading) const {
        if (!is_blank(heading.text)) {
            out.push_back(json{{"type", "header"},
                               {"text", plain_text(bot::cut_text(heading.text, k_max_header_text,
                                                                 bot::Ellipsis::within_limit))}});
        }
    }
    void operator()(const bot::TextBlock& block) const { add_sections(render(block.content), out); }
    void operator()(const bot::FieldsBlock& block) const {
        json fields = json::array();
        for (const bot::Field& field : block.fields) {
            const std::string text = field_text(field);
            if (is_blank(text)) {
                continue;
            }
            fields.push_back(mrkdwn_text(text));
            if (fields.size() == k_max_fields) {
                out.push_back(json{{"type", "section"}, {"fields", std::move(fields)}});
                fields = json::array();
            }
        }
        if (!fields.empty()) {
            out.push_back(json{{"type", "section"}, {"fields", std::move(fields)}});
        }
    }
    void operator()(const bot::ListBlock& block) const {
        std::string text;
        std::size_t number = 0;
        for (const bot::Inline& item : block.items) {
            text += text.empty() ? "" : "\n";
            text += block.ordered ? std::to_string(++number) + ". " : std::string("\xE2\x80\xA2 ");
            text += render(item);
        }
        add_sections(text, out);
    }
    void operator()(const bot::ButtonsBlock& block) const {
        json elements = json::array();
        std::set<std::string> used;
        for (const bot::Button& button : block.buttons) {
            if (is_blank(button.label) && is_blank(button.command)) {
                continue;
            }
            elements.push_back(button_element(button, elements.size(), used));
            if (elements.size() == k_max_buttons) {
                out.push_back(json{{"type", "actions"}, {"elements", std::move(elements)}});
                elements = json::array();
                used.clear();
            }
        }
        if (!elements.empty()) {
            out.push_back(json{{"type", "actions"}, {"elements", std::move(elements)}});
        }
    }
    void operator()(const bot::ContextBlock& block) const {
        const std::string text = render(block.content);
        if (!is_blank(text)) {
            out.push_back(
                json{{"type", "context"},
                     {"elements",
                      json::array({mrkdwn_text(truncate_mrkdwn(text, k_max_section_text))})}});
        }
    }
    void operator()(const bot::Divider&) const { out.push_back(json{{"type", "divider"}}); }
};

std::string text_of(const json& object) {
    return object.is_object() ? object.value("text", std::string()) : std::string();
}

// A rendered block as mrkdwn, for folding blocks beyond the limit into one.
std::string block_as_mrkdwn(const json& block) {
    const std::string type = block.value("type", std::string());
    std::string out;
    const auto append = [&out](const std::string& text, const char* separator) {
        out += (out.empty() ? "" : separator) + text;
    };
    if (type == "header") {
        out = "*" + bot::escape_markup(text_of(block.value("text", json()))) + "*";
    } else if (type == "section") {
        out = text_of(block.value("text", json()));
        for (const json& field : block.value("fields", json::array())) {
            append(text_of(field), "\n");
        }
    } else if (type == "context") {
        for (const json& element : block.value("elements", json::array())) {
            append(text_of(element), " ");
        }
    } else if (type == "actions") {
        for (const json& element : block.value("elements", json::array())) {
            std::string command = element.value("value", std::string());
            std::replace(command.begin(), command.end(), '`', '\'');
            append("[" + bot::escape_markup(text_of(element.value("text", json()))) + "] `" +
                       bot::escape_markup(command) + "`",
                   "   ");
        }
    } else {
        out = "----";
    }
    return out;
}

} // namespace

std::string fallback_text(const bot::Reply& reply) {
    // The top-level "text" is parsed as mrkdwn too, and notifications show it:
    // it is escaped like every span so it cannot broadcast either.
    return truncate_mrkdwn(bot::escape_markup(bot::render_plain(reply)), k_max_fallback_text);
}

json render(const bot::Reply& reply) {
    std::vector<json> blocks;
    const BlockRenderer renderer{blocks};
    const bot::Reply shown = bot::without_invisible(reply);
    for (const bot::Block& block : shown.blocks) {
        std::visit(renderer, block);
    }
    // Slack rejects a message with more than 50 blocks, or with more text in them than
    // k_max_blocks_text; what does not fit goes, shortened if need be, into one last section.
    std::size_t kept = 0;
    std::size_t text = 0;
    for (; kept < blocks.size(); ++kept) {
        const std::size_t size = text_size(blocks[kept]);
        if ((blocks.size() > k_max_blocks && kept == k_max_blocks - 1) ||
            text + size > k_max_blocks_text) {
            break;
        }
        text += size;
    }
    if (kept < blocks.size()) {
        std::string rest;
        for (std::size_t i = kept; i < blocks.size(); ++i) {
            const std::string part = block_as_mrkdwn(blocks[i]);
            rest += (rest.empty() || part.empty() ? "" : "\n") + part;
        }
        blocks.resize(kept);
        const std::size_t room = std::min(k_max_section_text, k_max_blocks_text - text);
        if (room > 0) {
            blocks.push_back(
                json{{"type", "section"}, {"text", mrkdwn_text(truncate_mrkdwn(rest, room))}});
        }
    }
    json out = json::object();
    out["blocks"] = std::move(blocks);
    out["text"] = fallback_text(reply);
    return out;
}

} // namespace onevoice::integrations::slack
