#include "bot/plain_text.hpp"

#include <variant>

namespace onevoice::bot {

std::string render_plain(const Inline& content) {
    return flatten(content);
}

std::string render_plain(const Reply& reply) {
    std::string out;
    const auto line = [&out](const std::string& text) {
        if (!out.empty()) {
            out += '\n';
        }
        out += text;
    };
    for (const Block& block : reply.blocks) {
        std::visit(
            [&line](const auto& b) {
                using T = std::decay_t<decltype(b)>;
                if constexpr (std::is_same_v<T, Heading>) {
                    line("## " + b.text);
                } else if constexpr (std::is_same_v<T, TextBlock>) {
                    line(render_plain(b.content));
                } else if constexpr (std::is_same_v<T, FieldsBlock>) {
                    for (const Field& field : b.fields) {
                        line(field.label + ": " + render_plain(field.value));
                    }
                } else if constexpr (std::is_same_v<T, ListBlock>) {
                    int number = 0;
                    for (const Inline& item : b.items) {
                        const std::string bullet =
                            b.ordered ? std::to_string(++number) + ". " : std::string("- ");
                        line(bullet + render_plain(item));
                    }
                } else if constexpr (std::is_same_v<T, ButtonsBlock>) {
                    std::string row;
                    for (const Button& button : b.buttons) {
                        row += (row.empty() ? "" : "   ") + std::string("[") + button.label + "] " +
                               button.command;
                    }
                    line(row);
                } else if constexpr (std::is_same_v<T, ContextBlock>) {
                    line(render_plain(b.content));
                } else {
                    line("----");
                }
            },
            block);
    }
    return out;
}

} // namespace onevoice::bot
