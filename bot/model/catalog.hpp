#pragma once

#include "bot/model/locale.hpp"
#include "bot/model/model.hpp"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace onevoice::bot {

// One message in both languages. Templates are ours (trusted): they may use
// `*strong*`, `_emphasis_` and `` `code` ``, and `{0}`, `{1}`... for arguments.
// A code span that starts with a slash is a command (`` `/team add` ``): it is
// shown as the platform types it, with the catalog's command prefix instead of
// the slash. A message with a count is a pair of keys, `key.one` and `key.other`
// (see plural).
struct CatalogEntry {
    std::string_view key;
    std::string_view en;
    std::string_view de;
};

// Every user-facing string, chosen by the team's locale. Each module
// contributes a table (`add`); keys are unique across tables.
class Catalog {
public:
    explicit Catalog(Locale locale);
    // Adds a table. Throws std::logic_error on a duplicate key (a programming error).
    void add(std::span<const CatalogEntry> entries);

    Locale locale() const noexcept { return m_locale; }
    // How the platform the bot runs on types a command: "!" on Matrix (its
    // configured prefix), "/" on Slack (every command is a slash command), ""
    // on the console. Set once when the adapter is chosen, before any message.
    void set_command_prefix(std::string prefix) { m_command_prefix = std::move(prefix); }
    // A command line ("idea vote 12") as the platform types it: a code span, or text.
    Span command(std::string_view line) const;
    std::string command_text(std::string_view line) const;
    // The template with `{N}` replaced by `args[N]` verbatim and markup removed:
    // for headings, labels and error messages, which are plain text.
    std::string text(std::string_view key, std::initializer_list<std::string_view> args = {}) const;
    // The template parsed into spans; `{N}` becomes `args[N]`, kept as given
    // (user text stays a text span, a mention stays a mention).
    Inline rich(std::string_view key, std::initializer_list<Span> args = {}) const;
    // A message with a count: the template of `key.one` when `count` is 1, else
    // that of `key.other` (0 included), which is the rule of English and German
    // (CLDR). The count is shown where the template puts it, as one of `args`.
    std::string plural(std::string_view key, std::int64_t count,
                       std::initializer_list<std::string_view> args = {}) const;
    Inline plural_rich(std::string_view key, std::int64_t count,
                       std::initializer_list<Span> args = {}) const;
    // Whether the key exists (tests check that every key a module uses is present).
    bool has(std::string_view key) const;

private:
    std::string_view lookup(std::string_view key) const;

    Locale m_locale;
    std::string m_command_prefix;
    std::map<std::string, const CatalogEntry*, std::less<>> m_entries;
};

// The messages of the runtime itself (router errors, help, console).
std::span<const CatalogEntry> core_messages();

} // namespace onevoice::bot
