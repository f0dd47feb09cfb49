// German input end to end on the console (issue #20): dates, status names and
// severities in German, accepted whatever the locale; near misses asked about,
// never run as something else; topics and tags matched with Unicode case
// folding, including the configured per-topic response targets.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using onevoice::tests::console_session;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::in_order;
using onevoice::tests::message_with;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin (UTC+1); next week is 23.11. to 29.11.
const std::string k_start = "2026-11-18T11:06:00Z";
const std::vector<std::string> k_german = {"--locale", "de"};

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console german e2e: dates, status names and nächste Woche in German") {
    TempDir dir;
    const std::string out = console_session(dir, k_start, "@boss",
                                            "/idea add Messe-Video #Event\n"
                                            "/idea status 1 genehmigtt\n"
                                            "/idea status 1 genehmigt\n"
                                            "/idea status 1 in Arbeit\n"
                                            "/idea schedule 1 22.11.2026 10:00 blog\n"
                                            "/idea schedule 1 übermorgen\n"
                                            "/idea schedule 1 Mo\n"
                                            "/idea schedule 1 17.11.\n"
                                            "/idea schedule 1 nächste Woche 09:00\n"
                                            "/idea plan nächste Woche\n"
                                            "/idea list geplant\n"
                                            "/team add @bob helper\n"
                                            "/team away @bob nächste Woche\n",
                                            "", k_german);
    INFO(out);
    CHECK(contains(out, "Meintest du idea status 1 genehmigt? „genehmigtt“ ist kein Status, "
                        "daher wurde nichts geändert.\nAufruf: idea status <id> <status>"));
    CHECK(in_order(out, {"#1 ist jetzt freigegeben.", "#1 ist jetzt in Arbeit.",
                         "#1 ist geplant für Sonntag, 22.11.2026, 10:00 Uhr · blog.",
                         "#1 ist geplant für Freitag, 20.11.2026.",
                         "#1 ist geplant für Montag, 23.11.2026.",
                         // 17.11. has passed this year: the next one.
                         "#1 ist geplant für Mittwoch, 17.11.2027.",
                         "#1 ist geplant für Montag, 23.11.2026, 09:00 Uhr."}));
    CHECK(in_order(message_with(out, "## Redaktionsplan"),
                   {"## Redaktionsplan 23.11.2026 – 29.11.2026", "Montag 23.11.2026",
                    "- 09:00 Uhr · Messe-Video #Event #1", "Sonntag 29.11.2026"}));
    CHECK(
        contains(message_with(out, "## Ideen:"), "- #1 Messe-Video #Event — 0 Stimmen · geplant"));
    CHECK(contains(out, "@bob ist abwesend von 23.11.2026 bis 29.11.2026"));
    CHECK_FALSE(contains(out, "ist kein Datum"));
    CHECK_FALSE(contains(out, "Unerwartet"));
}

TEST_CASE("console german e2e: German words are accepted in an English team, typos asked") {
    TempDir dir;
    const std::string out = console_session(dir, k_start, "@boss",
                                            "/idea add Office dog portrait\n"
                                            "/idea status 1 aproved\n"
                                            "/idea list aproved\n"
                                            "/idea status 1 Genehmigt\n"
                                            "/idea schedule 1 morgen\n"
                                            "/idea schedule 1 \"nächste Woche\" 09:00\n"
                                            "/idea list all\n");
    INFO(out);
    CHECK(contains(out, "Did you mean idea status 1 approved? 'aproved' is no status, so "
                        "nothing was changed.\nUsage: idea status <id> <status> [note...]"));
    CHECK(contains(out, "Did you mean idea list approved?"));
    CHECK(in_order(out, {"#1 is now approved.", "#1 is planned for Thursday, 2026-11-19.",
                         "#1 is planned for Monday, 2026-11-23 09:00."}));
    CHECK(count_of(out, "#1 is now") == 1);
}

TEST_CASE("console german e2e: crisis declare stufe1 is sev1, sevv1 is asked about") {
    TempDir dir;
    const std::string out = console_session(dir, k_start, "@boss",
                                            "/crisis declare sevv1 Test\n"
                                            "/crisis declare stufe1 Test\n"
                                            "/crisis severity 1 stufee3\n"
                                            "/crisis list\n",
                                            "", k_german);
    INFO(out);
    CHECK(contains(out, "Meintest du crisis declare sev1 Test? „sevv1“ ähnelt einem "
                        "Schweregrad, daher wurde nichts ausgerufen"));
    CHECK(contains(out, "## Krise #1 · sev1\nTest\n"));
    CHECK(contains(out, "Meintest du crisis severity 1 stufe3? „stufee3“ ist kein "
                        "Schweregrad, daher wurde nichts geändert."));
    // One crisis only, sev1, titled "Test": the typo declared nothing.
    CHECK(contains(out, "## Aktive Krisen: 1\n- #1 sev1 Test — Leitung @boss"));
    CHECK_FALSE(contains(out, "## Krise #2"));
}

TEST_CASE("console german e2e: topics and tags match whatever their case") {
    TempDir dir;
    // The configured target is keyed as written; the bot folds it like every topic.
    const std::string config = "[handover]\ntopic_hours = { \"Lösungen\" = 8 }\n";
    const std::string out = console_session(dir, k_start, "@boss",
                                            "/team add @bob helper\n"
                                            "/experts add @bob Lösungen\n"
                                            "/handover LÖSUNGEN Wo ist meine Bestellung?\n"
                                            "/idea Neue Preise #LÖSUNGEN\n"
                                            "/idea list #lösungen\n"
                                            "/experts remove @bob LÖSUNGEN\n"
                                            "/experts\n",
                                            config, k_german);
    INFO(out);
    CHECK(contains(out, "@bob ist jetzt Expert:in für lösungen."));
    // Routed to the expert of "lösungen", with that topic's 8 hours, not the default 4.
    CHECK(contains(out, "Übergabe #1 liegt bei @bob, Antwortfrist 18.11.2026, 20:06 Uhr."));
    CHECK(contains(message_with(out, "## Übergabe #1"), "## Übergabe #1 · lösungen"));
    CHECK(contains(message_with(out, "## Ideen:"), "- #1 Neue Preise #LÖSUNGEN"));
    CHECK(contains(out, "@bob ist nicht mehr Expert:in für lösungen."));
    CHECK(contains(message_with(out, "## Expert:innen"), "Noch keine Expert:innen."));
}

TEST_SUITE_END();
