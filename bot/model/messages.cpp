// The runtime's own messages: router errors, argument errors, help, roles.
#include "bot/model/catalog.hpp"

namespace onevoice::bot {
namespace {

constexpr CatalogEntry k_core[] = {
    {"router.usage", "Usage: {0}", "Aufruf: {0}"},
    {"router.usage_many", "Usage:", "Aufruf:"},
    {"router.unknown_command", "Unknown command '{0}'. Type `/help` for the list of commands.",
     "Unbekannter Befehl „{0}“. Mit `/help` siehst du alle Befehle."},
    {"router.unknown_subcommand", "'{0}' is not a subcommand of {1}.",
     "„{0}“ ist kein Unterbefehl von {1}."},
    {"router.missing_subcommand", "{0} needs a subcommand.", "{0} braucht einen Unterbefehl."},
    {"router.lead_only", "Only a manager, deputy or community manager may do that.",
     "Das dürfen nur Social-Media-Manager:in, Stellvertretung oder Community-Manager:in."},
    {"router.no_manager",
     "Nobody is the team's manager yet, so only a manager, deputy or community manager "
     "could do that. Put the manager's id in `admins` in onevoice.toml and restart the bot.",
     "Noch ist niemand Social-Media-Manager:in des Teams, und das dürfen nur "
     "Manager:in, Stellvertretung oder Community-Manager:in. Trag die Kennung der "
     "Manager:in unter `admins` in onevoice.toml ein und starte den Bot neu."},
    {"router.members_only", "Only members of the social media team may see or do that.",
     "Das dürfen nur Mitglieder des Social-Media-Teams sehen oder tun."},
    {"router.outsider",
     "Sorry, I only work for members of our organisation. `/help` shows what I do.",
     "Tut mir leid, ich arbeite nur für Mitglieder unserer Organisation. `/help` zeigt, "
     "was ich tue."},
    {"router.unbalanced_quote", "The quote at position {0} is never closed.",
     "Das Anführungszeichen an Position {0} wird nicht geschlossen."},
    {"router.invalid_utf8", "Your message contains bytes that are not valid UTF-8 text.",
     "Deine Nachricht enthält Bytes, die kein gültiger UTF-8-Text sind."},
    {"router.too_long", "That message is too long ({0} characters; at most {1}).",
     "Die Nachricht ist zu lang ({0} Zeichen; höchstens {1})."},
    {"router.internal_error", "Something went wrong (ref {0}). Nothing was changed.",
     "Da ist etwas schiefgegangen (Ref. {0}). Es wurde nichts geändert."},
    {"router.not_stored",
     "OneVoice can't store anything right now ({0}) - your command was not saved; please try "
     "again in a few minutes.",
     "OneVoice kann gerade nichts speichern ({0}) – dein Befehl wurde nicht gespeichert; bitte "
     "versuch es in ein paar Minuten noch einmal."},
    {"router.cause_disk_full", "disk full", "Speicher voll"},
    {"router.cause_read_only", "the database is read-only", "die Datenbank ist schreibgeschützt"},
    {"router.cause_busy", "the database is busy", "die Datenbank ist belegt"},
    {"router.cause_io_error", "storage error", "Speicherfehler"},
    {"router.cause_other", "database error", "Datenbankfehler"},
    {"arg.not_a_user", "'{0}' is not a user. Write @name or mention the person.",
     "„{0}“ ist keine Person. Schreib @name oder erwähne die Person."},
    {"arg.unknown_user",
     "I don't know who {0} is. Name them as the platform writes them (their full id) "
     "or by the name they use here.",
     "Ich weiß nicht, wer {0} ist. Nenne die Person so, wie die Plattform sie schreibt "
     "(ihre volle Kennung), oder mit dem Namen, den sie hier nutzt."},
    {"arg.ambiguous_user", "Several people are called {0}: {1}. Name one by their full id.",
     "Mehrere Personen heißen {0}: {1}. Nenne eine mit ihrer vollen Kennung."},
    {"arg.outsider_user",
     "{0} is not of our organisation, so I can't give them work, roles or data.",
     "{0} gehört nicht zu unserer Organisation; ich kann der Person keine Aufgaben, "
     "Rollen oder Daten geben."},
    {"arg.bad_date", "'{0}' is not a date. Use YYYY-MM-DD, today, tomorrow or a weekday.",
     "„{0}“ ist kein Datum. Nutze JJJJ-MM-TT, heute, morgen oder einen Wochentag."},
    {"arg.bad_time", "'{0}' is not a time. Use HH:MM, for example 08:30.",
     "„{0}“ ist keine Uhrzeit. Nutze HH:MM, zum Beispiel 08:30."},
    // Local times around a change of the clocks (HandlerContext::moment_arg).
    {"arg.time_skipped",
     "{0} does not exist on {1} in {2}: the clocks jump from {3} straight to {4}. Nothing was "
     "changed; the nearest times are {5} and {4}.",
     "{0} gibt es am {1} in {2} nicht: Die Uhren springen von {3} direkt auf {4}. Nichts wurde "
     "geändert; die nächsten gültigen Zeiten sind {5} und {4}."},
    {"arg.time_repeated",
     "{0} happens twice on {1} in {2}: first in {4} ({3}), then again in {6} ({5}) after the "
     "clocks go back. Nothing was changed; pick a time before {7} or from {8} on, which happens "
     "only once.",
     "{0} gibt es am {1} in {2} zweimal: zuerst in {4} ({3}), dann noch einmal in {6} ({5}), "
     "wenn die Uhren zurückgestellt werden. Nichts wurde geändert; wähle eine Zeit vor {7} oder "
     "ab {8}, die es nur einmal gibt."},
    {"arg.bad_id", "'{0}' is not an id. Use a number like 12 or #12.",
     "„{0}“ ist keine Nummer. Nutze eine Zahl wie 12 oder #12."},
    {"arg.too_long", "That text is too long ({0} characters; at most {1}).",
     "Der Text ist zu lang ({0} Zeichen; höchstens {1})."},
    {"arg.unexpected", "Unexpected '{0}'.", "Unerwartet: „{0}“."},
    {"help.summary", "all commands, or the details of one",
     "alle Befehle oder die Details zu einem"},
    {"help.usage", "lists the commands; with a command, its usage and examples",
     "listet die Befehle; mit einem Befehl dessen Aufruf und Beispiele"},
    {"help.heading", "OneVoice commands", "OneVoice-Befehle"},
    {"help.more", "Type `/help <command>` for usage and examples.",
     "Mit `/help <Befehl>` siehst du Aufruf und Beispiele."},
    {"help.lead_only", "(lead roles only)", "(nur Leitungsrollen)"},
    {"help.examples", "Examples:", "Beispiele:"},
    {"role.manager", "manager", "Social-Media-Manager:in"},
    {"role.deputy", "deputy", "Stellvertretung"},
    {"role.community", "community manager", "Community-Manager:in"},
    {"role.expert", "expert", "Expert:in"},
    {"role.helper", "helper", "Helfer:in"},
    {"runtime.back_online.one",
     "I was offline for {0} and am back. The {1} message queued meanwhile is being sent now.",
     "Ich war {0} offline und bin wieder da. Die {1} in der Zwischenzeit gesammelte Nachricht "
     "wird jetzt gesendet."},
    {"runtime.back_online.other",
     "I was offline for {0} and am back. The {1} messages queued meanwhile are being sent now.",
     "Ich war {0} offline und bin wieder da. Die {1} in der Zwischenzeit gesammelten Nachrichten "
     "werden jetzt gesendet."},
    {"app.first_manager",
     "This team has no manager yet, so you ({0}) are its first manager. Add the others with "
     "`/team add @name <role>`.",
     "Dieses Team hat noch keine Manager:in, also bist du ({0}) die erste. Füge die anderen mit "
     "`/team add @name <rolle>` hinzu."},
    {"app.no_manager",
     "Nobody is this team's manager yet, so I refuse lead commands (`/team add`, `/listen add`…). "
     "Put the manager's id in `admins` in onevoice.toml and restart me.",
     "Noch ist niemand Social-Media-Manager:in dieses Teams, deshalb lehne ich Befehle für "
     "Leitungsrollen ab (`/team add`, `/listen add`…). Trag die Kennung der Manager:in unter "
     "`admins` in onevoice.toml ein und starte mich neu."},
    {"console.direct_to", "(direct message to @{0})", "(Direktnachricht an @{0})"},
    {"console.saved_to", "Saved {0} to {1}.", "{0} gespeichert in {1}."},
    {"console.save_failed", "Could not write {1}; {0} was not saved.",
     "{1} konnte nicht geschrieben werden; {0} wurde nicht gespeichert."},
    {"console.not_stored", "That command could not be stored, so it did not run. Try again.",
     "Der Befehl konnte nicht gespeichert werden und wurde nicht ausgeführt. Versuch es noch "
     "einmal."},
};

} // namespace

std::span<const CatalogEntry> core_messages() {
    return k_core;
}

} // namespace onevoice::bot
