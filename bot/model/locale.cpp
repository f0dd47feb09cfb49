#include "bot/model/locale.hpp"

namespace onevoice::bot {

std::optional<Locale> parse_locale(std::string_view text) {
    if (text == "en") {
        return Locale::en;
    }
    if (text == "de") {
        return Locale::de;
    }
    return std::nullopt;
}

std::string_view locale_name(Locale locale) {
    return locale == Locale::de ? "de" : "en";
}

} // namespace onevoice::bot
