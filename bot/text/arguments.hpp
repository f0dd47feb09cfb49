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

// The part of a command's raw `text` that tokenizes to `words` (its last
// words), as typed: quotes, tabs and line breaks survive, which joining the
// words would drop. Trailing white space is cut. Falls back to the words
// joined by spaces.
std::string raw_remainder(std::string_view text, std::span<const std::string> words);

// The items of a comma list that may also be spread over several words:
// "community,expert", "community, expert" and "community expert" alike.
std::vector<std::string> split_list(std::span<const std::string> words);

} // namespace onevoice::bot
