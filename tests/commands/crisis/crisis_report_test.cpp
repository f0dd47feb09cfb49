// `crisis report` and `crisis drill` (issue #7): the Markdown report with its
// durations, computed by hand against the fake clock, and the drill's score.
#include "tests/fakes/crisis_bot.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace onevoice;
using onevoice::tests::CrisisBot;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// The report of crisis `id` as `as`: the attachment's text.
std::string report_of(CrisisBot& bot, int id, const std::string& as = "bob") {
    bot.run("crisis report " + std::to_string(id), as);
    const auto& attachment = std::get<bot::Post>(bot.last_reply().intent).attachment;
    REQUIRE(attachment.has_value());
    CHECK(attachment->filename == "crisis-" + std::to_string(id) + "-report.md");
    CHECK(attachment->media_type.rfind("text/markdown", 0) == 0);
    return attachment->content;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("crisis report: times, durations, checklist, statements and timeline") {
    CrisisBot bot;
    // By hand: declared 12:06; first update 12:31 (+25 min); severity sev2 -> sev1 and step 1
    // at 12:36; statements at 12:46; statement 1 approved at 13:01 (+55 min from declared,
    // +30 min after the update), replaced by statement 2 at 13:11; all-clear at 14:11
    // (+2 h 5 min from declared, +1 h 10 min after the first approval).
    bot.run("crisis declare Outrage about the *ad*", "bob");
    bot.clock.advance(minutes(25));
    bot.run("crisis update 1 Press office informed", "dana");
    bot.clock.advance(minutes(5));
    bot.run("crisis severity 1 sev1", "boss");
    bot.run("crisis check 1 1", "dana");
    bot.clock.advance(minutes(10));
    bot.run("crisis statement 1 We are looking into it.", "dana");
    bot.run("crisis statement 1 We apologise.", "carl");
    bot.clock.advance(minutes(15));
    bot.run("crisis approve 1 1", "boss");
    bot.clock.advance(minutes(10));
    bot.run("crisis approve 1 2", "dina");
    bot.clock.advance(minutes(60));
    bot.run("crisis resolve 1 The ad was withdrawn.", "boss");

    const std::string report = report_of(bot, 1);
    INFO(report);
    CHECK(contains(report, "# Crisis report #1: Outrage about the \\*ad\\*"));
    CHECK_FALSE(contains(report, "DRILL"));
    CHECK(contains(report, "- **Severity:** sev1"));
    CHECK(contains(report, "- **Status:** resolved"));
    CHECK(contains(report, "- **Summary:** The ad was withdrawn."));
    CHECK(contains(report, "- **Declared:** 2026-11-18 12:06"));
    CHECK(contains(report, "- **First update:** 2026-11-18 12:31"));
    CHECK(contains(report, "- **Approved statement:** 2026-11-18 13:01"));
    CHECK(contains(report, "- **All-clear:** 2026-11-18 14:11"));
    CHECK(contains(report, "- **Declared to first update:** 25 min"));
    CHECK(contains(report, "- **First update to approved statement:** 30 min"));
    CHECK(contains(report, "- **Declared to approved statement:** 55 min"));
    CHECK(contains(report, "- **Approved statement to all-clear:** 1 h 10 min"));
    CHECK(contains(report, "- **Declared to all-clear:** 2 h 5 min"));
    CHECK(contains(report, "## Severity changes\n\n- 2026-11-18 12:36 @boss: sev2 -> sev1"));
    CHECK(contains(report, "- [x] 1. Assess the facts (community manager) — @dana, "
                           "2026-11-18 12:36"));
    CHECK(contains(report, "- [ ] 2. Inform management (manager)"));
    CHECK(contains(report, "1. We are looking into it. — proposed by @dana, 2026-11-18 12:46; "
                           "approved by @boss, 2026-11-18 13:01 (superseded)"));
    CHECK(contains(report, "2. We apologise. — proposed by @carl, 2026-11-18 12:46; approved "
                           "by @dina, 2026-11-18 13:11 **(the approved statement)**"));
    CHECK(contains(report, "## Timeline"));
    CHECK(contains(report, "- 2026-11-18 12:06 @bob declared: sev2 Outrage about the \\*ad\\*"));
    CHECK(contains(report, "- 2026-11-18 12:31 @dana posted an update: Press office informed"));
    CHECK(contains(report, "- 2026-11-18 14:11 @boss gave the all-clear: The ad was withdrawn."));
    CHECK_FALSE(contains(report, "Drill score"));
    CHECK(contains(bot.chat.sent.back().text, "Report for crisis #1 (Outrage about the *ad*): "
                                              "crisis-1-report.md"));
}

TEST_CASE("crisis report: an open crisis shows what is not reached yet, bad input is refused") {
    CrisisBot bot;
    bot.run("crisis declare Outrage", "bob");
    const std::string report = report_of(bot, 1);
    CHECK(contains(report, "- **First update:** —"));
    CHECK(contains(report, "- **Declared to all-clear:** —"));
    CHECK(contains(report, "## Statements\n\n- none"));
    const auto state = [&bot] {
        return bot.crisis_state();
    };
    tests::check_refused(bot, "crisis report", "bob", "Which crisis?", state);
    tests::check_refused(bot, "crisis report 9", "bob", "There is no crisis #9.", state);
    tests::check_refused(bot, "crisis report x", "bob", "x", state);
    tests::check_refused(bot, "crisis report 1 extra", "bob", "extra", state);
}

TEST_CASE("crisis report: handovers tagged with the crisis are listed") {
    CrisisBot bot;
    bot.run("crisis declare Outrage", "bob");
    // As HandoverStore tags a handover opened during a real crisis.
    bot.db.exec("INSERT INTO handovers (topic, question, requester_key, assignee_key, status, "
                "created_at, assigned_at, due_at, crisis_id) VALUES ('legal', 'May we say "
                "this?', 'console:dana', 'console:boss', 'open', 1795000000000, 1795000000000, "
                "1795000000000, 1)");
    const std::string report = report_of(bot, 1);
    CHECK(contains(report, "## Handovers during the crisis"));
    CHECK(contains(report, "- #1 2026-11-18 12:06 legal: May we say this? — @boss (open)"));
}

TEST_CASE("crisis drill: every message marked, listed apart, no freeze, scored in the report") {
    CrisisBot bot;
    const std::size_t before = bot.chat.sent.size();
    bot.run("crisis drill sev1 Practice: fake outrage", "bob");
    // Notice and every alert carry the drill marker.
    int marked = 0;
    int messages = 0;
    for (std::size_t i = before; i < bot.chat.sent.size(); ++i) {
        ++messages;
        marked += contains(bot.chat.sent[i].text, "DRILL — a practice run, not a real crisis.");
    }
    CHECK(messages == 5); // the notice and the alerts to boss, dina, carl and dana
    CHECK(marked == messages);
    CHECK(bot.crises.find(1)->is_drill);
    CHECK(contains(bot.advance(minutes(30)), "DRILL — a practice run"));
    CHECK(contains(bot.run("crisis update 1 Drill update", "dana"), "DRILL"));
    bot.run("crisis declare Real thing", "bob");
    const std::string list = bot.run("crisis list", "bob");
    CHECK(contains(list, "Active crises: 1"));
    CHECK(contains(list, "Drills running: 1"));
    CHECK(list.find("Real thing") < list.find("Drills running"));
    CHECK(list.find("Practice: fake outrage") > list.find("Drills running"));

    bot.clock.advance(minutes(10));
    bot.run("crisis statement 1 Drill statement", "dana");
    bot.run("crisis approve 1", "boss");
    bot.run("crisis check 1 1", "dana");
    bot.run("crisis check 1 2", "dana");
    const std::string clear = bot.run("crisis resolve 1 Drill over", "boss");
    CHECK(contains(clear, "DRILL — a practice run"));
    CHECK(contains(clear, "All-clear: crisis #1"));
    const std::string report = report_of(bot, 1);
    INFO(report);
    CHECK(contains(report, "> **DRILL — a practice run, not a real crisis.**"));
    CHECK(contains(report, "## Drill score\n\n- **Declared to first update:** 30 min\n"
                           "- **Declared to approved statement:** 40 min\n"
                           "- **Checklist completion:** 2 of 7 steps (28 %)"));
    CHECK(contains(report, "started a drill: sev1 Practice: fake outrage"));
}

TEST_CASE("crisis report and drill: German") {
    CrisisBot bot({}, bot::Locale::de);
    bot.run("crisis drill Probealarm", "bob");
    bot.clock.advance(hours(1) + minutes(5));
    bot.run("crisis update 1 Lage ruhig", "dana");
    CHECK(contains(bot.run("crisis resolve 1 Vorbei", "boss"), "ÜBUNG — ein Probelauf"));
    const std::string report = report_of(bot, 1);
    INFO(report);
    CHECK(contains(report, "# Krisenbericht #1: Probealarm"));
    CHECK(contains(report, "- **Ausgerufen:** 18.11.2026, 12:06 Uhr"));
    CHECK(contains(report, "- **Ausgerufen bis erstes Update:** 1 h 5 min"));
    CHECK(contains(report, "## Bewertung der Übung"));
    CHECK(contains(report, "- **Checkliste erledigt:** 0 von 7 Schritten (0 %)"));
    CHECK(contains(report, "## Verlauf"));
    CHECK(contains(bot.chat.sent.back().text, "Krisenbericht zu Krise #1"));
}

TEST_SUITE_END();
