#pragma once

#include <span>
#include <string_view>

namespace onevoice::bot {

// Whether `word` (lower case) looks like a mistyped `name`: one letter wrong,
// missing or extra, or two neighbours swapped ("shwo" for "show"); for names of
// six letters or more, up to two such slips. Not when they are equal.
bool is_typo_of(std::string_view word, std::string_view name);

// The one of `names` that `word` looks mistyped from (is_typo_of), the closest by edit
// distance when several do, the first of those on a tie ("stufee2" -> "stufe2", not
// "stufe1"); empty when none, and when `word` is one of `names`.
std::string_view closest_typo(std::string_view word, std::span<const std::string_view> names);

} // namespace onevoice::bot
