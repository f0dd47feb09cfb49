#pragma once

#include <string_view>

namespace onevoice::bot {

// Whether `word` (lower case) looks like a mistyped `name`: one letter wrong,
// missing or extra, or two neighbours swapped ("shwo" for "show"); for names of
// six letters or more, up to two such slips. Not when they are equal.
bool is_typo_of(std::string_view word, std::string_view name);

} // namespace onevoice::bot
