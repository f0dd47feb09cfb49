// The messages of `/digest` and the spike alerts, English and German
// (GLOSSARY.md: daily digest = Tagesüberblick, mention = Erwähnung, spike
// alert = Ausschlag-Alarm, crisis = Krise, share of voice = Share of Voice).
#include "commands/listening/digest/digest.hpp"

namespace onevoice::commands {
namespace {

constexpr bot::CatalogEntry k_digest[] = {
    {"digest.summary", "the daily digest of what the web says about us",
     "der Tagesüberblick: was das Netz über uns sagt"},
    {"digest.usage.show", "post the digest of a day now (default: today)",
     "den Tagesüberblick eines Tages jetzt posten (Standard: heute)"},
    {"digest.usage.schedule", "post the digest every day at this time",
     "den Tagesüberblick täglich zu dieser Uhrzeit posten"},
    {"digest.usage.off", "stop the daily digest", "den täglichen Tagesüberblick abschalten"},
    {"digest.heading", "Digest for {0}", "Tagesüberblick für {0}"},
    {"digest.query_line.one", "{0}: {1} mention ({2} against the 7-day average of {3})",
     "{0}: {1} Erwähnung ({2} ggü. dem 7-Tage-Schnitt von {3})"},
    {"digest.query_line.other", "{0}: {1} mentions ({2} against the 7-day average of {3})",
     "{0}: {1} Erwähnungen ({2} ggü. dem 7-Tage-Schnitt von {3})"},
    {"digest.competitor_line.one",
     "{0} (competitor): {1} mention ({2} against the 7-day average of {3})",
     "{0} (Wettbewerb): {1} Erwähnung ({2} ggü. dem 7-Tage-Schnitt von {3})"},
    {"digest.competitor_line.other",
     "{0} (competitor): {1} mentions ({2} against the 7-day average of {3})",
     "{0} (Wettbewerb): {1} Erwähnungen ({2} ggü. dem 7-Tage-Schnitt von {3})"},
    {"digest.change_new", "new", "neu"},
    {"digest.trend", "14 days: {0}", "14 Tage: {0}"},
    {"digest.sentiment", "positive {0} · neutral {1} · negative {2}",
     "positiv {0} · neutral {1} · negativ {2}"},
    {"digest.engagement.one", " · {0} reaction", " · {0} Reaktion"},
    {"digest.engagement.other", " · {0} reactions", " · {0} Reaktionen"},
    {"digest.negative_mark", " · negative", " · negativ"},
    {"digest.similar", " · +{0} similar", " · +{0} ähnliche"},
    {"digest.quiet", "0 new mentions, baseline normal.",
     "0 neue Erwähnungen, Grundrauschen normal."},
    {"digest.quiet_unusual",
     "0 new mentions, though there are usually about {0} a day. Check `/listen sources`.",
     "0 neue Erwähnungen, obwohl es sonst etwa {0} am Tag sind. Bitte `/listen sources` prüfen."},
    {"digest.no_queries", "No listening queries yet. Add one with `/listen add <name> <query...>`.",
     "Noch keine Suchanfragen. Eine anlegen mit `/listen add <name> <query...>`."},
    {"digest.share_of_voice", "Share of voice: {0}", "Share of Voice: {0}"},
    {"digest.new_sources", "New sources mentioning us: {0}", "Neue Quellen, die uns erwähnen: {0}"},
    {"digest.more", " and {0} more", " und {0} weitere"},
    {"digest.failing", "Source #{0} ({1}) has been failing since {2}: {3}",
     "Quelle #{0} ({1}) schlägt seit {2} fehl: {3}"},
    {"digest.future_date", "'{0}' is in the future; a digest covers a day that has begun.",
     "'{0}' liegt in der Zukunft; ein Tagesüberblick gilt einem begonnenen Tag."},
    {"digest.bad_channel",
     "'{0}' is not a channel. Write it as #channel (Matrix: a room id or #alias:server).",
     "'{0}' ist kein Kanal. Bitte als #kanal angeben (Matrix: Raum-ID oder #alias:server)."},
    {"digest.need_time", "At what time? Give it as HH:MM, e.g. 08:30.",
     "Um wie viel Uhr? Bitte als HH:MM angeben, z. B. 08:30."},
    {"digest.too_many", "Unexpected '{0}'.", "Unerwartet: '{0}'."},
    {"digest.scheduled", "The digest is posted daily at {0} in {1}. Next: {2}.",
     "Der Tagesüberblick kommt täglich um {0} in {1}. Nächster: {2}."},
    {"digest.turned_off", "The daily digest is off.", "Der tägliche Tagesüberblick ist aus."},
    {"spike.heading_volume", "Spike alert: {0}", "Ausschlag-Alarm: {0}"},
    {"spike.heading_negative", "Spike alert: negative mentions of {0}",
     "Ausschlag-Alarm: negative Erwähnungen zu {0}"},
    {"spike.volume_text.one",
     "{0} mention in the last hour. Usual level: {1} (median of the last 24 hours and of the "
     "same hour on the last 7 days); threshold: {2}.",
     "{0} Erwähnung in der letzten Stunde. Üblich: {1} (Median der letzten 24 Stunden und "
     "derselben Stunde der letzten 7 Tage); Schwelle: {2}."},
    {"spike.volume_text.other",
     "{0} mentions in the last hour. Usual level: {1} (median of the last 24 hours and of the "
     "same hour on the last 7 days); threshold: {2}.",
     "{0} Erwähnungen in der letzten Stunde. Üblich: {1} (Median der letzten 24 Stunden und "
     "derselben Stunde der letzten 7 Tage); Schwelle: {2}."},
    {"spike.negative_text.one",
     "{0} of the {1} mention in the last hour is negative. Usual share: {2}; threshold: {3}.",
     "{0} der {1} Erwähnung der letzten Stunde ist negativ. Üblicher Anteil: {2}; "
     "Schwelle: {3}."},
    {"spike.negative_text.other",
     "{0} of the {1} mentions in the last hour are negative. Usual share: {2}; threshold: {3}.",
     "{0} der {1} Erwähnungen der letzten Stunde sind negativ. Üblicher Anteil: {2}; "
     "Schwelle: {3}."},
    {"spike.explain",
     "Sensitivity {0}: an alert from a robust z-score of {1} and at least {2} mentions an hour, "
     "or a negative share {3} above usual (scaled by the sensitivity).",
     "Empfindlichkeit {0}: Alarm ab einem robusten z-Wert von {1} und mindestens {2} "
     "Erwähnungen pro Stunde, oder einem negativen Anteil {3} über dem Üblichen (mit der "
     "Empfindlichkeit skaliert)."},
    {"spike.sensitivity.low", "low", "niedrig"},
    {"spike.sensitivity.normal", "normal", "normal"},
    {"spike.sensitivity.high", "high", "hoch"},
    {"spike.top_negative", "Top negative mentions:", "Die wichtigsten negativen Erwähnungen:"},
    {"spike.top", "Top mentions:", "Die wichtigsten Erwähnungen:"},
    {"spike.button_declare", "Declare crisis", "Krise ausrufen"},
    {"spike.button_mute", "Mute 24 h", "24 h stumm"},
    {"spike.button_less", "Less sensitive", "Weniger empfindlich"},
    {"spike.button_irrelevant", "Not relevant", "Nicht relevant"},
    {"spike.button_exclude", "Yes, exclude", "Ja, ausschließen"},
    {"spike.crisis_title", "Spike in mentions of {0}", "Ausschlag bei Erwähnungen zu {0}"},
    {"spike.crisis_entry.one", "Spike alert: {0} mention of {1} in an hour. Top mentions: {2}",
     "Ausschlag-Alarm: {0} Erwähnung zu {1} in einer Stunde. Wichtigste Erwähnungen: {2}"},
    {"spike.crisis_entry.other", "Spike alert: {0} mentions of {1} in an hour. Top mentions: {2}",
     "Ausschlag-Alarm: {0} Erwähnungen zu {1} in einer Stunde. Wichtigste Erwähnungen: {2}"},
    {"spike.no_mentions", "none stored", "keine gespeichert"},
    {"spike.confirm_exclude", "Add {0} to the query {1}? Mentions with it will no longer count.",
     "{0} zur Suchanfrage {1} hinzufügen? Erwähnungen damit zählen dann nicht mehr."},
    {"spike.no_term",
     "Nothing sets this alert's mentions apart; change the query by hand with `/listen add`.",
     "Nichts hebt die Erwähnungen dieses Alarms ab; bitte die Suchanfrage mit `/listen add` "
     "selbst ändern."},
    {"spike.excluded", "The query {0} now leaves out {1}: {2}",
     "Die Suchanfrage {0} schließt jetzt {1} aus: {2}"},
    {"spike.need_action", "Say what to do with the alert: declare, irrelevant or exclude <term>.",
     "Was soll mit dem Alarm geschehen: declare, irrelevant oder exclude <Begriff>."},
    {"spike.alert_unknown", "There is no spike alert #{0}.",
     "Es gibt keinen Ausschlag-Alarm #{0}."},
    {"spike.query_gone", "The query of spike alert #{0} was removed.",
     "Die Suchanfrage von Ausschlag-Alarm #{0} wurde gelöscht."},
    {"spike.lead_only", "Only the manager, deputy or community manager may change a query.",
     "Nur Social-Media-Manager:in, Stellvertretung oder Community-Manager:in dürfen eine "
     "Suchanfrage ändern."},
    {"spike.bad_term", "the term matches nothing", "der Begriff passt auf nichts"},
    {"spike.cannot_exclude", "Cannot exclude '{0}': {1}",
     "'{0}' lässt sich nicht ausschließen: {1}"},
};

} // namespace

std::span<const bot::CatalogEntry> digest_messages() {
    return k_digest;
}

} // namespace onevoice::commands
