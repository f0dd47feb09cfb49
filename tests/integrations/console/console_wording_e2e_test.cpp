// The wording a team meets in its first week (issue #20), through the built
// binary on the console: a count of one in the singular, `{lead}` as a mention,
// `team list`, and help that names the lead roles once per line.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using onevoice::tests::console_session;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::message_with;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin.
const std::string k_start = "2026-11-18T11:06:00Z";

std::string german(const TempDir& dir, const std::string& time, const std::string& as,
                   const std::string& lines) {
    return console_session(dir, time, as, lines, "", {"--locale", "de"});
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console wording e2e: a count of one is singular in English and German") {
    for (const bool is_german : {false, true}) {
        CAPTURE(is_german);
        TempDir dir;
        const auto run = [&](const std::string& time, const std::string& as,
                             const std::string& lines) {
            return is_german ? german(dir, time, as, lines) : console_session(dir, time, as, lines);
        };
        // One handover while Alice is away goes to her cover; her recap and the
        // stats count one.
        const std::string setup =
            run(k_start, "@boss",
                "/team add @alice expert\n/experts add @alice billing\n/team add @bob helper\n"
                "/team away @alice 2026-11-16 2026-11-27 cover @bob\n"
                "/handover billing Can I pay by invoice?\n/team back @alice\n/handover stats\n"
                "/idea add Team photo\n/idea status 1 approved\n"
                "/idea schedule 1 2026-11-19 10:00\n/idea export csv\n/idea list page 3\n"
                "/crisis declare sev1 Outrage about the ad\n/crisis pause 1\n"
                "/crisis resolve 1 Calm again\n");
        INFO(setup);
        if (is_german) {
            CHECK(contains(setup, "1 Übergabe ging an deine Vertretung:"));
            CHECK(contains(setup, "Alle: 1 Übergabe · erste Reaktion"));
            CHECK(contains(setup, "Der Redaktionsplan als CSV (1 Eintrag)."));
            CHECK(contains(setup, "Es gibt keine Seite 3; es gibt 1."));
            CHECK(contains(setup, "1 Idee ist für diese Krise noch pausiert:"));
        } else {
            CHECK(contains(setup, "1 handover went to your cover:"));
            CHECK(contains(setup, "All: 1 handover · first response"));
            CHECK(contains(setup, "The editorial plan as CSV (1 entry)."));
            CHECK(contains(setup, "There is no page 3; there is 1."));
            CHECK(contains(setup, "1 idea is still paused for this crisis:"));
        }
        // Two still read in the plural.
        const std::string more = run(k_start, "@boss",
                                     "/handover billing Is there a discount?\n/handover stats\n"
                                     "/idea add Advent calendar\n/idea status 2 approved\n"
                                     "/idea schedule 2 2026-11-20\n/idea export csv\n");
        INFO(more);
        CHECK(contains(more, is_german ? "Alle: 2 Übergaben · " : "All: 2 handovers · "));
        CHECK(contains(more, is_german ? "(2 Einträge)." : "(2 entries)."));
    }
}

TEST_CASE("console wording e2e: a crisis template fills in the lead as a mention") {
    TempDir dir;
    const std::string used =
        console_session(dir, k_start, "@boss",
                        "/crisis template add holding We are on {title}; contact {lead}.\n"
                        "/crisis declare sev1 Outrage about the ad\n"
                        "/crisis statement 1 template holding\n");
    INFO(used);
    CHECK(contains(used, "Statement #1 for crisis #1 proposed by @boss:\nWe are on Outrage "
                         "about the ad; contact @boss."));
}

TEST_CASE("console wording e2e: team list shows the roster like team") {
    TempDir dir;
    const std::string out = console_session(
        dir, k_start, "@boss", "/team add @alice expert\n/team list\n/team\n/help team\n");
    INFO(out);
    CHECK_FALSE(contains(out, "'list' is not a subcommand"));
    CHECK(count_of(out, "## Team\n- @alice — expert\n- @boss — manager") == 2);
    CHECK(contains(out, "- team list — "));
}

TEST_CASE("console wording e2e: help names the lead roles once on each line") {
    for (const bool is_german : {false, true}) {
        CAPTURE(is_german);
        TempDir dir;
        std::string lines;
        for (const char* command :
             {"team", "experts", "idea", "handover", "crisis", "listen", "digest", "help"}) {
            lines += std::string("/help ") + command + "\n";
        }
        const std::string out = is_german ? german(dir, k_start, "@boss", lines)
                                          : console_session(dir, k_start, "@boss", lines);
        INFO(out);
        const std::string marker = is_german ? "Leitungsrollen" : "lead roles";
        CHECK(count_of(out, marker) >= 6);
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);) {
            CAPTURE(line);
            CHECK(count_of(line, marker) <= 1);
        }
    }
}

TEST_SUITE_END();
