#include "bot/model/catalog.hpp"

#include <stdexcept>

namespace onevoice::bot {
namespace {

// Splits a trusted template at `*`, `_`, `` ` `` markup. A marker only opens
// when its closing twin follows in the same segment, so a lone `*` or an
// underscore inside a word stays text. A code span starting with '/' is a
// command: the slash becomes `command_prefix`.
void parse_markup(std::string_view text, std::string_view command_prefix, Inline& out) {
    auto push_text = [&out](std::string_view piece) {
        if (piece.empty()) {
            return;
        }
        if (!out.empty() && out.back().kind == Span::Kind::text && out.back().target.empty()) {
            out.back().text += piece;
        } else {
            out.push_back(plain(std::string(piece)));
        }
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '*' && c != '_' && c != '`') {
            continue;
        }
        const bool at_word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(';
        const std::size_t close = text.find(c, i + 1);
        if (!at_word_start || close == std::string_view::npos || close == i + 1) {
            continue;
        }
        push_text(text.substr(start, i - start));
        std::string inner(text.substr(i + 1, close - i - 1));
        if (c == '`' && inner.size() > 1 && inner.front() == '/') {
            inner = std::string(command_prefix) + inner.substr(1);
        }
        out.push_back(c == '*'   ? strong(std::move(inner))
                      : c == '_' ? emphasis(std::move(inner))
                                 : code(std::move(inner)));
        i = close;
        start = close + 1;
    }
    push_text(text.substr(start));
}

// Calls on_text for template text and on_arg for each `{N}`.
template <typename OnText, typename OnArg>
void walk_placeholders(std::string_view tmpl, OnText on_text, OnArg on_arg) {
    std::size_t start = 0;
    while (start < tmpl.size()) {
        const std::size_t open = tmpl.find('{', start);
        const std::size_t close = open == std::string_view::npos ? open : tmpl.find('}', open + 1);
        if (close == std::string_view::npos || close - open != 2 || tmpl[open + 1] < '0' ||
            tmpl[open + 1] > '9') {
            if (open == std::string_view::npos || close == std::string_view::npos) {
                on_text(tmpl.substr(start));
                return;
            }
            on_text(tmpl.substr(start, open + 1 - start));
            start = open + 1;
            continue;
        }
        on_text(tmpl.substr(start, open - start));
        on_arg(static_cast<std::size_t>(tmpl[open + 1] - '0'));
        start = close + 1;
    }
}

std::string strip_markup(std::string_view text, std::string_view command_prefix) {
    Inline spans;
    parse_markup(text, command_prefix, spans);
    std::string out;
    for (const Span& span : spans) {
        out += span.text;
    }
    return out;
}

std::string plural_key(std::string_view key, std::int64_t count) {
    return std::string(key) + (count == 1 ? ".one" : ".other");
}

} // namespace

Catalog::Catalog(Locale locale)
    : m_locale(locale) {
    add(core_messages());
}

void Catalog::add(std::span<const CatalogEntry> entries) {
    for (const CatalogEntry& entry : entries) {
        if (!m_entries.emplace(std::string(entry.key), &entry).second) {
            throw std::logic_error("duplicate catalog key " + std::string(entry.key));
        }
    }
}

bool Catalog::has(std::string_view key) const {
    return m_entries.find(key) != m_entries.end();
}

std::string_view Catalog::lookup(std::string_view key) const {
    const auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        // Visible but harmless: a missing key is a bug the catalog tests catch.
        return key;
    }
    return m_locale == Locale::de ? it->second->de : it->second->en;
}

std::string Catalog::text(std::string_view key,
                          std::initializer_list<std::string_view> args) const {
    std::string out;
    walk_placeholders(
        lookup(key),
        [this, &out](std::string_view piece) { out += strip_markup(piece, m_command_prefix); },
        [&out, &args](std::size_t index) {
            if (index < args.size()) {
                out += *(args.begin() + index);
            }
        });
    return out;
}

Inline Catalog::rich(std::string_view key, std::initializer_list<Span> args) const {
    Inline out;
    walk_placeholders(
        lookup(key),
        [this, &out](std::string_view piece) { parse_markup(piece, m_command_prefix, out); },
        [&out, &args](std::size_t index) {
            if (index < args.size()) {
                out.push_back(*(args.begin() + index));
            }
        });
    return out;
}

std::string Catalog::plural(std::string_view key, std::int64_t count,
                            std::initializer_list<std::string_view> args) const {
    return text(plural_key(key, count), args);
}

Inline Catalog::plural_rich(std::string_view key, std::int64_t count,
                            std::initializer_list<Span> args) const {
    return rich(plural_key(key, count), args);
}

Span Catalog::command(std::string_view line) const {
    return code(command_text(line));
}

std::string Catalog::command_text(std::string_view line) const {
    return m_command_prefix + std::string(line);
}

} // namespace onevoice::bot
