#include "bot/model/plain_text.hpp"

#include "bot/text/utf8.hpp"

#include <variant>

namespace onevoice::bot {
namespace {

void strip(std::string& text) {
    text = strip_invisible(text);
}

void strip(Inline& content) {
    for (Span& span : content) {
        strip(span.text);
        strip(span.target);
    }
}

} // namespace

std::string render_plain(const Inline& content) {
    return strip_invisible(flatten(content));
}

Reply without_invisible(Reply reply) {
    for (Block& block : reply.blocks) {
        std::visit(
            [](auto& b) {
                using T = std::decay_t<decltype(b)>;
                if constexpr (std::is_same_v<T, Heading>) {
                    strip(b.text);
                } else if constexpr (std::is_same_v<T, TextBlock> ||
                                     std::is_same_v<T, ContextBlock>) {
                    strip(b.content);
                } else if constexpr (std::is_same_v<T, FieldsBlock>) {
                    for (Field& field : b.fields) {
                        strip(field.label);
                        strip(field.value);
                    }
                } else if constexpr (std::is_same_v<T, ListBlock>) {
                    for (Inline& item : b.items) {
                        strip(item);
                    }
                } else if constexpr (std::is_same_v<T, ButtonsBlock>) {
                    for (Button& button : b.buttons) {
                        strip(button.label);
                        strip(button.command);
                    }
                }
            },
            block);
    }
    return reply;
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
                    line(flatten(b.content));
                } else if constexpr (std::is_same_v<T, FieldsBlock>) {
                    for (const Field& field : b.fields) {
                        line(field.label + ": " + flatten(field.value));
                    }
                } else if constexpr (std::is_same_v<T, ListBlock>) {
                    int number = 0;
                    for (const Inline& item : b.items) {
                        const std::string bullet =
                            b.ordered ? std::to_string(++number) + ". " : std::string("- ");
                        line(bullet + flatten(item));
                    }
                } else if constexpr (std::is_same_v<T, ButtonsBlock>) {
                    std::string row;
                    for (const Button& button : b.buttons) {
                        row += (row.empty() ? "" : "   ") + std::string("[") + button.label + "] " +
                               button.command;
                    }
                    line(row);
                } else if constexpr (std::is_same_v<T, ContextBlock>) {
                    line(flatten(b.content));
                } else {
                    line("----");
                }
            },
            block);
    }
    // Once over the whole text: labels and commands are shown too.
    return strip_invisible(out);
}

} // namespace onevoice::bot
