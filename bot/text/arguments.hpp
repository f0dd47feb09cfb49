#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::bot {

// An id as users type it: "12" or "#12" (positive, at most 12 digits).
std::optional<std::int64_t> parse_id(std::string_view token);

// A user named in a command, before it is looked up.
struct UserToken {
    std::string value;
    // True for a platform id (Slack `<@U024BE7LH>`, Matrix `@alice:example.org`);
    // false for `@name`, a display name or handle.
    bool is_platform_id = false;
};

// Recognises `<@U024BE7LH>`, `<@U024BE7LH|alice>`, `@alice:example.org` (on
// Matrix) and `@name`; nullopt for anything else.
std::optional<UserToken> parse_user_token(std::string_view token, std::string_view platform);

// What was typed in `text` from byte `start` on (where a word starts, see
// Tokens::starts): quotes, tabs and line breaks survive, which joining the
// words would drop. Trailing white space is cut.
std::string_view typed_from(std::string_view text, std::size_t start);

// The items of a comma list that may also be spread over several words:
// "community,expert", "community, expert" and "community expert" alike.
std::vector<std::string> split_list(std::span<const std::string> words);

} // namespace onevoice::bot
