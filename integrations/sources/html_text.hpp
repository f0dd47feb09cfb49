#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace onevoice::integrations::sources {

// Decodes HTML character references: numeric (`&#228;`, `&#xE4;`) and the
// named ones feeds actually use (the Latin-1 set with umlauts and `&szlig;`,
// typographic quotes and dashes, `&euro;`, `&hellip;`…). An unknown name or a
// reference without its ';' stays as written; an invalid code point becomes
// U+FFFD. Output is UTF-8.
std::string decode_entities(std::string_view text);

// The code point of the named HTML entity `name` ("auml" -> U+00E4) among
// those decode_entities knows; nullopt otherwise.
std::optional<char32_t> html_entity(std::string_view name);

// Collapses every run of ASCII whitespace (and U+00A0) into one space and
// trims both ends.
std::string collapse_whitespace(std::string_view text);

// Reduces an HTML fragment to plain text for matching and display: tags are
// dropped, `script`/`style` content and comments too, entities decoded,
// whitespace collapsed; block elements (p, br, div, li, h1-h6…) become one
// line break, so paragraphs stay apart. A '<' that does not start a tag is
// kept as text. Never throws on malformed input.
std::string html_to_text(std::string_view html);

} // namespace onevoice::integrations::sources
