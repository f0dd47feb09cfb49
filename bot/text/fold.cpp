#include "bot/text/fold.hpp"

#include "bot/text/tokenizer.hpp"

#include <cstdlib>
#include <memory>
#include <optional>
#include <utf8proc.h>

namespace onevoice::bot {
namespace {

// utf8proc_map with `options`, or nothing when `text` is not valid UTF-8.
// UTF8PROC_STABLE keeps the result stable across Unicode versions.
std::optional<std::string> mapped(std::string_view text, int options) {
    utf8proc_uint8_t* out = nullptr;
    const utf8proc_ssize_t length =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                     static_cast<utf8proc_ssize_t>(text.size()), &out,
                     static_cast<utf8proc_option_t>(UTF8PROC_STABLE | options));
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(out, &std::free);
    if (length < 0) {
        return std::nullopt;
    }
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length));
}

} // namespace

std::string normalize_nfc(std::string_view text) {
    return mapped(text, UTF8PROC_COMPOSE).value_or(std::string(text));
}

std::string fold(std::string_view text) {
    if (auto folded = mapped(text, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD)) {
        return std::move(*folded);
    }
    return ascii_lower(text);
}

} // namespace onevoice::bot
