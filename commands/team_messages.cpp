// The messages of `team` and `experts`, English and German (GLOSSARY.md).
#include "commands/team_commands.hpp"

namespace onevoice::commands {
namespace {

constexpr bot::CatalogEntry k_team[] = {
    {"team.summary", "who does what, and who covers whom", "wer was macht und wer wen vertritt"},
    {"team.usage.roster", "the roster: roles, absences, covers",
     "das Team: Rollen, Abwesenheiten, Vertretungen"},
    {"team.usage.add", "give someone one or more roles", "jemandem eine oder mehrere Rollen geben"},
    {"team.usage.remove", "take someone off the team", "jemanden aus dem Team nehmen"},
    {"team.usage.away", "mark an absence (for someone else: lead roles only)",
     "eine Abwesenheit eintragen (für andere: nur Leitungsrollen)"},
    {"team.usage.back", "end an absence early", "eine Abwesenheit vorzeitig beenden"},
    {"team.roster_heading", "Team", "Team"},
    {"team.roster_empty", "Nobody is on the team yet. Add someone with `team add @user <role>`.",
     "Noch niemand im Team. Füge jemanden hinzu mit `team add @user <Rolle>`."},
    {"team.is", "{0} is ", "{0} ist "},
    {"team.refresh", "Refresh", "Aktualisieren"},
    {"team.overlaps", "{0} is already away for part of that time; use `team back` first.",
     "{0} ist in dieser Zeit schon teilweise abwesend; erst `team back` nutzen."},
    {"team.away_until", "away until {0}", "abwesend bis {0}"},
    {"team.away_from_to", "away from {0} to {1}", "abwesend von {0} bis {1}"},
    {"team.covered_by", ", cover {0}", ", Vertretung {0}"},
    {"team.need_user", "Whom do you mean? Name a user like @alice.",
     "Wen meinst du? Nenne eine Person wie @alice."},
    {"team.need_role", "Which role? Roles: manager, deputy, community, expert, helper.",
     "Welche Rolle? Rollen: manager, deputy, community, expert, helper."},
    {"team.unknown_role", "Unknown role '{0}'. Roles: manager, deputy, community, expert, helper.",
     "Unbekannte Rolle „{0}“. Rollen: manager, deputy, community, expert, helper."},
    {"team.manager_only", "Only a manager may give or take the manager role.",
     "Nur die Social-Media-Manager:in darf die Manager-Rolle vergeben oder entziehen."},
    {"team.added", "{0} is now {1}.", "{0} ist jetzt {1}."},
    {"team.already", "{0} already has that role.", "{0} hat diese Rolle schon."},
    {"team.not_member", "{0} is not on the team.", "{0} ist nicht im Team."},
    {"team.last_manager", "That is the team's last manager; add another manager first.",
     "Das ist die letzte Social-Media-Manager:in im Team; füge zuerst eine weitere hinzu."},
    {"team.removed", "{0} is no longer on the team.", "{0} ist nicht mehr im Team."},
    {"team.others_lead_only",
     "Only a manager, deputy or community manager may do that for someone else.",
     "Für andere dürfen das nur Social-Media-Manager:in, Stellvertretung oder "
     "Community-Manager:in."},
    {"team.need_dates", "When? Give a first and a last day, like 2030-07-01 2030-07-14.",
     "Wann? Nenne ersten und letzten Tag, etwa 2030-07-01 2030-07-14."},
    {"team.until_before_from", "The last day ({0}) is before the first day ({1}).",
     "Der letzte Tag ({0}) liegt vor dem ersten Tag ({1})."},
    {"team.in_the_past", "That absence is already over.", "Diese Abwesenheit ist schon vorbei."},
    {"team.need_cover", "Who covers? Write cover @name.", "Wer vertritt? Schreib cover @name."},
    {"team.self_cover", "Nobody can cover for themselves.", "Niemand kann sich selbst vertreten."},
    {"team.you_cover", "You cover for {0} from {1} to {2}.", "Du vertrittst {0} von {1} bis {2}."},
    {"team.not_away", "{0} is not marked as away.", "{0} ist nicht als abwesend eingetragen."},
    {"team.welcome_back", "Welcome back, {0}!", "Willkommen zurück, {0}!"},
    {"experts.summary", "topics and their experts", "Themen und ihre Expert:innen"},
    {"experts.usage.list", "every topic with its experts", "alle Themen mit ihren Expert:innen"},
    {"experts.usage.add", "make someone the expert for topics",
     "jemanden als Expert:in für Themen eintragen"},
    {"experts.usage.remove", "remove a topic, or all of them", "ein Thema austragen, oder alle"},
    {"experts.heading", "Experts", "Expert:innen"},
    {"experts.empty", "No experts yet. Add one with `experts add @user <topic>`.",
     "Noch keine Expert:innen. Trage jemanden ein mit `experts add @user <Thema>`."},
    {"experts.away", " (away)", " (abwesend)"},
    {"experts.away_covered", " (away, {0} covers)", " (abwesend, Vertretung {0})"},
    {"experts.need_topic", "Which topic? For example billing or shipping.",
     "Welches Thema? Zum Beispiel billing oder shipping."},
    {"experts.bad_topic",
     "'{0}' is not a topic: use letters, digits, - and _ (at most 40 characters).",
     "„{0}“ ist kein Thema: nutze Buchstaben, Ziffern, - und _ (höchstens 40 Zeichen)."},
    {"experts.added", "{0} is now the expert for {1}.", "{0} ist jetzt Expert:in für {1}."},
    {"experts.already", "{0} is already the expert for that.", "{0} ist dafür schon Expert:in."},
    {"experts.not_expert_for", "{0} is not an expert for {1}.", "{0} ist keine Expert:in für {1}."},
    {"experts.not_expert", "{0} is not an expert for any topic.",
     "{0} ist für kein Thema Expert:in."},
    {"experts.removed_topic", "{0} is no longer the expert for {1}.",
     "{0} ist nicht mehr Expert:in für {1}."},
    {"experts.removed", "{0} is no longer an expert.", "{0} ist keine Expert:in mehr."},
};

} // namespace

std::span<const bot::CatalogEntry> team_messages() {
    return k_team;
}

} // namespace onevoice::commands
