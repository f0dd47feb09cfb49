// Splitting a long reply into messages every platform accepts (issue #8:
// "split into several messages, never cut mid-item").
#include "commands/listening/digest/digest.hpp"

#include <variant>

namespace onevoice::commands {
namespace {

// Per block in a Matrix event: the HTML element around it and the newline of the plain body.
constexpr std::size_t k_block_overhead = 32;
// Per list item: "<li></li>" and the bullet of the plain body and of mrkdwn.
constexpr std::size_t k_item_overhead = 16;

std::size_t block_size(const bot::Block& block) {
    return std::visit(
        [](const auto& b) -> std::size_t {
            using T = std::decay_t<decltype(b)>;
            std::size_t size = 0;
            if constexpr (std::is_same_v<T, bot::Heading>) {
                size = b.text.size();
            } else if constexpr (std::is_same_v<T, bot::TextBlock> ||
                                 std::is_same_v<T, bot::ContextBlock>) {
                size = estimated_size(b.content);
            } else if constexpr (std::is_same_v<T, bot::FieldsBlock>) {
                for (const bot::Field& field : b.fields) {
                    size += field.label.size() + estimated_size(field.value) + k_item_overhead;
                }
            } else if constexpr (std::is_same_v<T, bot::ListBlock>) {
                for (const bot::Inline& item : b.items) {
                    size += estimated_size(item) + k_item_overhead;
                }
            } else if constexpr (std::is_same_v<T, bot::ButtonsBlock>) {
                for (const bot::Button& button : b.buttons) {
                    size += button.label.size() + 2 * button.command.size() + k_block_overhead;
                }
            }
            return size;
        },
        block);
}

// Collects blocks into messages, starting a new one before a block that would
// overflow the current one.
class Packer {
public:
    Packer(const bot::Reply& whole, const MessageLimits& limits)
        : m_whole(whole)
        , m_limits(limits)
        , m_current(shell()) {}

    void add(bot::Block block, std::size_t chars) {
        // Matrix sends the text twice (body and formatted_body).
        const std::size_t bytes = 2 * chars + k_block_overhead;
        const bool is_full = m_current.blocks.size() + 1 > m_limits.max_blocks ||
                             m_bytes + bytes > m_limits.max_message_bytes;
        if (!m_current.blocks.empty() && is_full) {
            flush();
        }
        m_current.blocks.push_back(std::move(block));
        m_bytes += bytes;
    }

    std::vector<bot::Reply> finish() {
        flush();
        return std::move(m_out);
    }

private:
    bot::Reply shell() const {
        bot::Reply reply;
        reply.audience = m_whole.audience;
        reply.place = m_whole.place;
        reply.recipient = m_whole.recipient;
        return reply;
    }

    void flush() {
        if (!m_current.blocks.empty()) {
            m_out.push_back(std::move(m_current));
        }
        m_current = shell();
        m_bytes = 0;
    }

    const bot::Reply& m_whole;
    const MessageLimits& m_limits;
    bot::Reply m_current;
    std::size_t m_bytes = 0;
    std::vector<bot::Reply> m_out;
};

} // namespace

std::size_t estimated_size(const bot::Inline& content) {
    std::size_t size = 0;
    for (const bot::Span& span : content) {
        // Escaping turns & < > into entities of up to five characters.
        for (const char c : span.text) {
            size += (c == '&' || c == '<' || c == '>') ? 5 : 1;
        }
        // A link target appears in the markup and, on Matrix, in the plain body too.
        size += 2 * span.target.size() + 8;
    }
    return size;
}

std::vector<bot::Reply> split_messages(const bot::Reply& whole, const MessageLimits& limits) {
    Packer packer(whole, limits);
    for (const bot::Block& block : whole.blocks) {
        const auto* list = std::get_if<bot::ListBlock>(&block);
        if (list == nullptr) {
            packer.add(block, block_size(block));
            continue;
        }
        // A list becomes as many lists as its items need, each within one block's budget.
        bot::ListBlock part{{}, list->ordered};
        std::size_t chars = 0;
        for (const bot::Inline& item : list->items) {
            const std::size_t size = estimated_size(item) + k_item_overhead;
            if (!part.items.empty() && chars + size > limits.max_block_chars) {
                packer.add(std::move(part), chars);
                part = bot::ListBlock{{}, list->ordered};
                chars = 0;
            }
            part.items.push_back(item);
            chars += size;
        }
        if (!part.items.empty()) {
            packer.add(std::move(part), chars);
        }
    }
    return packer.finish();
}

} // namespace onevoice::commands
