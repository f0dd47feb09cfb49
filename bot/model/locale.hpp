#pragma once

#include <optional>
#include <string_view>

namespace onevoice::bot {

// The language of every user-facing string (config `locale`, flag `--locale`).
enum class Locale { en, de };

std::optional<Locale> parse_locale(std::string_view text);
std::string_view locale_name(Locale locale);

} // namespace onevoice::bot
