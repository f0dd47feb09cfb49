#include "bot/text/arguments.hpp"

#include <algorithm>

namespace onevoice::bot {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_char(char c) {
    // Handles: letters, digits and the usual separators, plus any UTF-8 byte
    // so display names like "@jürgen" work.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_slack_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace

std::optional<std::int64_t> parse_id(std::string_view token) {
    if (!token.empty() && token.front() == '#') {
        token.remove_prefix(1);
    }
    if (token.empty() || token.size() > 12) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (const char c : token) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    if (value == 0) {
        return std::nullopt;
    }
    return value;
}

std::optional<UserToken> parse_user_token(std::string_view token, std::string_view platform) {
    // Slack writes mentions as <@U024BE7LH> or <@U024BE7LH|name>.
    if (token.size() > 3 && token.substr(0, 2) == "<@" && token.back() == '>') {
        std::string_view inner = token.substr(2, token.size() - 3);
        inner = inner.substr(0, inner.find('|'));
        if (inner.empty()) {
            return std::nullopt;
        }
        for (const char c : inner) {
            if (!is_slack_id_char(c)) {
                return std::nullopt;
            }
        }
        return UserToken{std::string(inner), true};
    }
    if (token.size() < 2 || token.front() != '@') {
        return std::nullopt;
    }
    // Matrix user ids are @localpart:server.
    const auto colon = token.find(':');
    if (platform == "matrix" && colon != std::string_view::npos && colon > 1 &&
        colon + 1 < token.size()) {
        return UserToken{std::string(token), true};
    }
    const std::string_view name = token.substr(1);
    for (const char c : name) {
        if (!is_name_char(c)) {
            return std::nullopt;
        }
    }
    return UserToken{std::string(name), false};
}

std::vector<std::string> split_list(std::span<const std::string> words) {
    std::vector<std::string> items;
    for (const std::string& word : words) {
        std::size_t start = 0;
        while (start <= word.size()) {
            std::size_t comma = word.find(',', start);
            if (comma == std::string::npos) {
                comma = word.size();
            }
            if (comma > start) {
                items.push_back(word.substr(start, comma - start));
            }
            start = comma + 1;
        }
    }
    return items;
}

std::string_view typed_from(std::string_view text, std::size_t start) {
    std::string_view rest = text.substr(std::min(start, text.size()));
    while (!rest.empty() && is_space(rest.back())) {
        rest.remove_suffix(1);
    }
    return rest;
}

} // namespace onevoice::bot
