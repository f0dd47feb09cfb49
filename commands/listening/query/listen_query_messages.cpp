// The messages of listening query errors, English and German (GLOSSARY.md:
// listening = Social Listening). {0} is always the 1-based character position.
#include "commands/listening/query/listen_query.hpp"

namespace onevoice::commands {
namespace {

constexpr bot::CatalogEntry k_listen_query[] = {
    {"listen.query_empty", "The query is empty: give at least one word to listen for.",
     "Die Suchanfrage ist leer: bitte mindestens ein Wort angeben, nach dem gesucht wird."},
    {"listen.query_unbalanced", "Unbalanced parenthesis at character {0}.",
     "Klammer ohne Gegenstück an Zeichen {0}."},
    {"listen.query_unclosed_quote", "The quote at character {0} is never closed.",
     "Das Anführungszeichen an Zeichen {0} wird nicht geschlossen."},
    {"listen.query_empty_phrase", "The phrase at character {0} is empty.",
     "Die Phrase an Zeichen {0} ist leer."},
    {"listen.query_empty_group", "The parentheses at character {0} are empty.",
     "Die Klammern an Zeichen {0} sind leer."},
    {"listen.query_operator_side",
     "OR and AND need a term on each side; one is missing at character {0}.",
     "OR und AND brauchen auf beiden Seiten einen Begriff; an Zeichen {0} fehlt einer."},
    {"listen.query_exclusion_empty",
     "Nothing to exclude at character {0}: write the term right after the minus, like -werbung.",
     "An Zeichen {0} fehlt, was ausgeschlossen werden soll: den Begriff direkt hinter das Minus "
     "schreiben, etwa -werbung."},
    {"listen.query_no_letters", "The term at character {0} has no letters or digits to look for.",
     "Der Begriff an Zeichen {0} enthält keine Buchstaben oder Ziffern, nach denen man suchen "
     "kann."},
    {"listen.query_only_excludes",
     "The query only excludes (character {0}), so it would match almost everything: add a term "
     "that must appear.",
     "Die Suchanfrage schließt nur aus (Zeichen {0}) und würde fast alles finden: bitte einen "
     "Begriff ergänzen, der vorkommen muss."},
    {"listen.query_too_long",
     "The query is too long: at most 500 characters, and it goes on at character {0}.",
     "Die Suchanfrage ist zu lang: höchstens 500 Zeichen, sie geht aber an Zeichen {0} weiter."},
    {"listen.query_too_many_terms",
     "The query has too many terms: at most 50; the next one starts at character {0}.",
     "Die Suchanfrage hat zu viele Begriffe: höchstens 50; der nächste beginnt an Zeichen {0}."},
};

} // namespace

std::span<const bot::CatalogEntry> listen_query_messages() {
    return k_listen_query;
}

} // namespace onevoice::commands
