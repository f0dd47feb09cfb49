#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::tests {

// Reading what the console adapter printed. Each reply is a block of lines
// followed by one blank line. A direct message to anyone but the person at the
// terminal starts with "(direct message to @name)" ("(Direktnachricht an
// @name)" in German); nothing marks a post to the conversation or a reply
// only for the requester: on one terminal they look alike.

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

inline std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

// Each of `parts` occurs in `text`, in this order.
inline bool in_order(const std::string& text, const std::vector<std::string>& parts) {
    std::size_t from = 0;
    for (const std::string& part : parts) {
        const auto at = text.find(part, from);
        if (at == std::string::npos) {
            return false;
        }
        from = at + part.size();
    }
    return true;
}

// The last printed message (a block between blank lines) that contains `part`;
// "" when none does. Not for attachments, which may hold blank lines themselves.
inline std::string message_with(const std::string& out, const std::string& part) {
    const auto at = out.rfind(part);
    if (at == std::string::npos) {
        return {};
    }
    const auto before = out.rfind("\n\n", at);
    const std::size_t begin = before == std::string::npos ? 0 : before + 2;
    const auto end = out.find("\n\n", at);
    return out.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// Whom `message` was printed for: "@bob" after "(direct message to @bob)" or
// "(Direktnachricht an @bob)"; "" for a message to the conversation or the
// person at the terminal.
inline std::string recipient_of(const std::string& message) {
    for (const std::string_view marker : {"(direct message to ", "(Direktnachricht an "}) {
        if (message.starts_with(marker)) {
            const auto close = message.find(")\n", marker.size());
            if (close != std::string::npos) {
                return message.substr(marker.size(), close - marker.size());
            }
        }
    }
    return {};
}

// Whom the last message that contains `part` was printed for (see recipient_of);
// "(none)" when no message contains it, so a check against "" cannot pass by accident.
inline std::string recipient_of_message_with(const std::string& out, const std::string& part) {
    const std::string message = message_with(out, part);
    return message.empty() ? "(none)" : recipient_of(message);
}

// Whom each message that contains `part` was printed for, in order, separated by
// spaces: "@alice @alice" for two direct messages to Alice, "(here)" for one to
// the conversation or the person at the terminal, "" when none. One string, so
// that a single check pins both how often a reminder came and to whom, and a
// failing check prints the whole list.
inline std::string recipients_of_messages_with(const std::string& out, const std::string& part) {
    std::string recipients;
    std::size_t after_last = 0;
    for (auto at = out.find(part); at != std::string::npos; at = out.find(part, after_last)) {
        const auto before = out.rfind("\n\n", at);
        const std::size_t begin = before == std::string::npos ? 0 : before + 2;
        const auto end = out.find("\n\n", at);
        const std::string message =
            out.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        const std::string recipient = recipient_of(message);
        recipients += (recipients.empty() ? "" : " ") + (recipient.empty() ? "(here)" : recipient);
        // A message that holds `part` twice counts once.
        after_last = end == std::string::npos ? out.size() : end;
    }
    return recipients;
}

} // namespace onevoice::tests
