// The crisis subcommands beyond declare-update-resolve, end to end on the
// console (issue #19): severity and its reminder rhythm, holding-statement
// templates, a drill and its report, the two-person rule (`[crisis] confirm`)
// and the calendar freeze, through the built binary on the test clock
// (ONEVOICE_TEST_CLOCK_FILE), one session per person on the same database.
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::tests::console_session;
using onevoice::tests::ConsoleBot;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::in_order;
using onevoice::tests::message_with;
using onevoice::tests::recipient_of_message_with;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin (UTC+1).
const std::string k_start = "2026-11-18T11:06:00Z";

const std::string k_reminder = "Reminder: no update on crisis #1";

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console crisis e2e: severity sets the reminder rhythm, counted from the last update") {
    TempDir dir;
    // sev2: the lead (@boss) would be reminded every 2 hours, first at 14:06.
    console_session(dir, k_start, "@boss",
                    "/team add @dana community\n/team add @hanna helper\n"
                    "/crisis declare Outrage about the ad\n");

    const std::string by_hanna = console_session(dir, "2026-11-18T11:08:00Z", "@hanna",
                                                 "/crisis severity 1 sev3\n/crisis show 1\n");
    INFO(by_hanna);
    CHECK(contains(by_hanna, "Only a lead role or the lead of crisis #1 may do that.\n"
                             "Usage: crisis severity <id> sev1|sev2|sev3"));
    CHECK(contains(by_hanna, "## Crisis #1 · sev2"));

    ConsoleBot bot(dir, "2026-11-18T11:10:00Z", "", "@dana");
    INFO(bot.log());
    bot.type("/crisis severity 1 sev5\n/crisis severity 9 sev1\n/crisis severity 1 sev1\n");
    REQUIRE(bot.wait_for("Crisis #1 is now sev1 (was sev2), set by @dana."));
    CHECK(contains(bot.out(), "'sev5' is no severity; use sev1, sev2 or sev3."));
    CHECK(contains(bot.out(), "There is no crisis #9.\nUsage: crisis severity"));

    // sev1: every 30 minutes from the last update (12:06), so at 12:36, not a minute before.
    bot.set_clock("2026-11-18T11:35:00Z");
    bot.idle();
    CHECK_FALSE(contains(bot.out(), k_reminder));
    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(bot.wait_for(k_reminder));
    CHECK(recipient_of_message_with(bot.out(), k_reminder) == "@boss");
    CHECK(contains(bot.out(), "Reminder: no update on crisis #1 (Outrage about the ad) since "
                              "2026-11-18 12:06. Post one with crisis update 1 <text>."));

    // sev3: daily from the last update; the 13:06 reminder of sev1 does not come.
    bot.set_clock("2026-11-18T11:40:00Z");
    bot.type("/crisis severity 1 sev3\n");
    REQUIRE(bot.wait_for("Crisis #1 is now sev3 (was sev1), set by @dana."));
    bot.set_clock("2026-11-18T12:06:00Z");
    bot.idle();
    bot.set_clock("2026-11-19T11:05:00Z");
    bot.idle();
    CHECK(count_of(bot.out(), k_reminder) == 1);
    bot.set_clock("2026-11-19T11:06:00Z");
    REQUIRE(bot.wait_for(k_reminder, bot.out().rfind(k_reminder) + 1));
    CHECK(count_of(bot.out(), k_reminder) == 2);

    bot.type("/crisis show 1\n");
    REQUIRE(bot.wait_for("sev1 -> sev3"));
    CHECK(in_order(bot.out(), {"## Crisis #1 · sev3", "Timeline",
                               "- 2026-11-18 12:10 @dana changed the severity: sev2 -> sev1",
                               "- 2026-11-18 12:40 @dana changed the severity: sev1 -> sev3"}));
    CHECK(bot.finish() == 0);
}

TEST_CASE("console crisis e2e: holding statements prepared in calm times fill in a statement") {
    TempDir dir;
    console_session(dir, k_start, "@boss", "/team add @dana community\n/team add @hanna helper\n");

    const std::string by_hanna =
        console_session(dir, k_start, "@hanna",
                        "/crisis template add sorry We are sorry.\n/crisis template list\n");
    INFO(by_hanna);
    CHECK(contains(by_hanna, "Only a manager, deputy or community manager may do that."));
    CHECK(contains(by_hanna,
                   "No templates yet. Prepare one with crisis template add <name> <text>."));

    const std::string added = console_session(
        dir, k_start, "@dana",
        "/crisis template add holding We know about {title} ({severity}) and are on it. Next "
        "update {date} at {time}; contact {lead}, ref {id}.\n"
        "/crisis template add bad Hello {name}\n/crisis template add holding Again\n"
        "/crisis template list\n");
    INFO(added);
    CHECK(contains(added, "Template holding saved. Use it with crisis statement <id> template "
                          "holding."));
    CHECK(contains(added, "{name} is no placeholder; use {title}, {severity}, {date}, {time}, "
                          "{lead}, {id}."));
    CHECK(contains(added, "A template named holding exists; remove it first."));
    CHECK(in_order(message_with(added, "## Statement templates: 1"),
                   {"- holding — We know about {title} ({severity})",
                    "Fill one in with crisis statement <id> template <name>."}));

    // In the crisis, the prepared words with the crisis filled in.
    const std::string used =
        console_session(dir, "2026-11-18T11:20:00Z", "@boss",
                        "/crisis declare sev1 Outrage about the ad\n"
                        "/crisis statement 1 template holding\n/crisis approve 1\n"
                        "/crisis statement 1 template nope\n/crisis statement 1 template\n");
    INFO(used);
    const std::string filled = "We know about Outrage about the ad (sev1) and are on it. Next "
                               "update 2026-11-18 at 12:20; contact @boss, ref 1.";
    CHECK(contains(used, "Statement #1 for crisis #1 proposed by @boss:\n" + filled));
    CHECK(contains(used, "Statement #1, approved by @boss. Everyone uses this one, with one "
                         "voice:\n" +
                             filled));
    CHECK(contains(used, "There is no template named nope."));
    CHECK(contains(used, "Which template? crisis statement <id> template <name>."));

    const std::string removed =
        console_session(dir, k_start, "@dana",
                        "/crisis template remove holding\n/crisis template list\n"
                        "/crisis template remove holding\n/crisis statement 1 template holding\n");
    INFO(removed);
    CHECK(contains(removed, "Template holding removed."));
    CHECK(contains(removed, "No templates yet."));
    CHECK(contains(removed, "There is no template named holding.\nUsage: crisis template"));
    CHECK(contains(removed, "There is no template named holding.\nUsage: crisis statement"));
}

TEST_CASE("console crisis e2e: a drill runs the plan marked as a drill, its report scores it") {
    TempDir dir;
    ConsoleBot bot(dir, k_start);
    INFO(bot.log());
    // An idea due tomorrow: a real crisis would offer to pause it, a drill never does.
    bot.type("/team add @dana community\n/idea add Black Friday teaser\n/idea status 1 approved\n"
             "/idea schedule 1 2026-11-19 10:00\n/crisis drill sev1 Server room fire\n/crisis\n"
             "/crisis pause 1\n");
    REQUIRE(bot.wait_for("drills never pause the editorial plan"));
    CHECK(in_order(bot.out(), {"DRILL — a practice run, not a real crisis.\n## Crisis #1 · sev1",
                               "Crisis team: @boss @dana"}));
    CHECK(recipient_of_message_with(bot.out(), "Crisis #1 (sev1): Server room fire") == "@dana");
    CHECK(contains(message_with(bot.out(), "Crisis #1 (sev1): Server room fire"), "DRILL"));
    CHECK(in_order(bot.out(), {"No active crisis. Good.", "Drills running: 1",
                               "- #1 sev1 Server room fire — lead @boss"}));
    CHECK_FALSE(contains(bot.out(), "Calendar freeze"));

    bot.set_clock("2026-11-18T11:36:00Z");
    REQUIRE(bot.wait_for(k_reminder));
    CHECK(contains(message_with(bot.out(), k_reminder), "DRILL — a practice run"));
    bot.set_clock("2026-11-18T11:40:00Z");
    bot.type("/crisis update 1 Evacuation done\n");
    REQUIRE(bot.wait_for("Evacuation done"));
    bot.set_clock("2026-11-18T11:50:00Z");
    bot.type("/crisis statement 1 All staff are safe.\n");
    REQUIRE(bot.wait_for("Approve it with crisis approve 1 1."));
    bot.set_clock("2026-11-18T11:56:00Z");
    bot.type("/crisis approve 1\n/crisis check 1 1\n/crisis check 1 2\n/crisis check 1 3\n");
    REQUIRE(bot.wait_for("Step 3 of crisis #1 ticked"));
    bot.set_clock("2026-11-18T12:10:00Z");
    bot.type("/crisis resolve 1 Drill over\n");
    REQUIRE(
        bot.wait_for("Crisis #1 (Server room fire) is resolved, given by @boss after 1 h 4 min."));
    CHECK(contains(message_with(bot.out(), "## All-clear: crisis #1"), "DRILL"));

    bot.type("/crisis report 1\n");
    REQUIRE(bot.wait_for("gave the all-clear: Drill over"));
    CHECK(in_order(
        bot.out(),
        {"Report for crisis #1 (Server room fire): crisis-1-report.md",
         "# Crisis report #1: Server room fire", "> **DRILL — a practice run, not a real crisis.**",
         "- **Declared to first update:** 34 min", "- **Declared to all-clear:** 1 h 4 min",
         "## Drill score", "- **Declared to first update:** 34 min",
         "- **Declared to approved statement:** 50 min",
         "- **Checklist completion:** 3 of 7 steps (42 %)", "## Checklist",
         "- [x] 3. Prepare a holding statement (manager) — @boss, 2026-11-18 12:56",
         "- [ ] 4. Monitor the channels", "## Timeline",
         "- 2026-11-18 12:06 @boss started a drill: sev1 Server room fire"}));
    // Over: no reminder any more.
    const std::size_t reminders = count_of(bot.out(), k_reminder);
    bot.set_clock("2026-11-19T12:10:00Z");
    bot.idle();
    CHECK(count_of(bot.out(), k_reminder) == reminders);
    CHECK(bot.finish() == 0);
}

TEST_CASE("console crisis e2e: with confirm = true a second team member confirms both ends") {
    TempDir dir;
    const std::string config = "[crisis]\nconfirm = true\n";
    const std::string declared = console_session(
        dir, k_start, "@boss",
        "/team add @dana community\n/team add @hanna helper\n"
        "/crisis declare sev1 Outrage about the ad\n/crisis confirm 1\n/crisis update 1 News\n"
        "/crisis\n",
        config);
    INFO(declared);
    CHECK(in_order(declared, {"## Crisis #1 awaits confirmation",
                              "@boss declares crisis #1 (sev1): Outrage about the ad. Nobody is "
                              "alerted until a second member of the crisis team confirms.",
                              "[Confirm] crisis confirm 1"}));
    CHECK_FALSE(contains(declared, "(direct message to"));
    CHECK(contains(declared, "You asked for this yourself; a second member of the crisis team "
                             "confirms crisis #1."));
    CHECK(contains(declared, "Crisis #1 is not confirmed yet; a second team member confirms it "
                             "first."));
    CHECK(in_order(declared, {"No active crisis. Good.", "Awaiting confirmation: 1"}));

    const std::string by_hanna =
        console_session(dir, "2026-11-18T11:08:00Z", "@hanna", "/crisis confirm 1\n", config);
    INFO(by_hanna);
    CHECK(contains(by_hanna, "Only a member of the crisis team may confirm crisis #1."));

    // Dana confirms half an hour later; nobody was reminded while it waited.
    ConsoleBot bot(dir, "2026-11-18T11:40:00Z", config, "@dana");
    INFO(bot.log());
    bot.type("/crisis confirm 1\n");
    REQUIRE(bot.wait_for("Crisis #1 (sev1): Outrage about the ad — declared by @boss."));
    CHECK(in_order(bot.out(), {"## Crisis #1 · sev1", "Crisis team: @boss @dana"}));
    CHECK_FALSE(contains(bot.out(), k_reminder));
    // sev1 reminders count from the confirmation: 13:10, not 12:36.
    bot.set_clock("2026-11-18T12:09:00Z");
    bot.idle();
    CHECK_FALSE(contains(bot.out(), k_reminder));
    bot.set_clock("2026-11-18T12:10:00Z");
    REQUIRE(bot.wait_for(k_reminder));
    CHECK(recipient_of_message_with(bot.out(), k_reminder) == "@boss");

    bot.set_clock("2026-11-18T12:15:00Z");
    bot.type("/crisis resolve 1 Calm again\n/crisis confirm 1\n/crisis\n");
    REQUIRE(bot.wait_for("- #1 sev1 Outrage about the ad"));
    CHECK(contains(bot.out(), "## All-clear for crisis #1 awaits confirmation\n@dana gives the "
                              "all-clear for crisis #1 (Outrage about the ad); it takes effect "
                              "when a second member of the crisis team confirms:\nCalm again"));
    CHECK(count_of(bot.out(), "You asked for this yourself") == 1);
    CHECK(contains(bot.out(), "Active crises: 1"));
    CHECK(bot.finish() == 0);

    const std::string resolved =
        console_session(dir, "2026-11-18T12:20:00Z", "@boss",
                        "/crisis confirm 1\n/crisis\n/crisis confirm 1\n", config);
    INFO(resolved);
    CHECK(contains(resolved, "## All-clear: crisis #1\nCrisis #1 (Outrage about the ad) is "
                             "resolved, given by @dana after 1 h 14 min.\nCalm again"));
    CHECK(contains(resolved, "No active crisis. Good."));
    CHECK(contains(resolved, "Crisis #1 has nothing awaiting confirmation."));
}

TEST_CASE("console crisis e2e: pause freezes the next 48 hours in idea plan, resume after") {
    TempDir dir;
    const std::string declared = console_session(
        dir, k_start, "@boss",
        "/team add @hanna helper\n/idea add Black Friday teaser\n/idea add Team photo\n"
        "/idea add Advent calendar\n/idea status 1 approved\n/idea status 2 approved\n"
        "/idea status 3 approved\n/idea schedule 1 2026-11-19 10:00 instagram\n"
        "/idea schedule 2 2026-11-20\n/idea schedule 3 2026-11-25 09:00\n"
        "/crisis declare sev1 Outrage about the ad\n");
    INFO(declared);
    const std::string offer = message_with(declared, "## Calendar freeze");
    CHECK(in_order(offer, {"## Calendar freeze: 2 scheduled in the next 48 hours",
                           "- #1 2026-11-19 10:00 · Black Friday teaser",
                           "- #2 2026-11-20 · Team photo", "[Pause all] crisis pause 1"}));
    CHECK_FALSE(contains(offer, "Advent calendar"));

    const std::string by_hanna =
        console_session(dir, k_start, "@hanna", "/crisis pause 1\n/idea plan\n");
    INFO(by_hanna);
    CHECK(contains(by_hanna, "Only a lead role or the lead of crisis #1 may do that."));
    CHECK_FALSE(contains(by_hanna, "PAUSED"));

    const std::string paused = console_session(
        dir, "2026-11-18T11:10:00Z", "@boss",
        "/crisis pause 1\n/idea plan\n/crisis pause 1\n/crisis pause 1 9\n/crisis pause 1 3\n"
        "/idea plan month\n");
    INFO(paused);
    CHECK(contains(paused, "Paused for crisis #1 by @boss: #1, #2. They keep their date in the "
                           "plan."));
    CHECK(in_order(message_with(paused, "## Editorial plan 2026-11-16 – 2026-11-22"),
                   {"- 10:00 · instagram · Black Friday teaser #1 · @boss · scheduled · PAUSED "
                    "(crisis #1)",
                    "- all day · Team photo #2 · @boss · scheduled · PAUSED (crisis #1)"}));
    CHECK(contains(paused, "Nothing to pause for crisis #1: no idea is due in the next 48 hours "
                           "that is not paused already."));
    CHECK(contains(paused, "There is no idea 9."));
    CHECK(contains(paused, "Paused for crisis #1 by @boss: #3."));
    CHECK(contains(message_with(paused, "## Editorial plan 2026-11-01 – 2026-11-30"),
                   "- 09:00 · Advent calendar #3 · @boss · scheduled · PAUSED (crisis #1)"));

    // The all-clear offers to resume; resuming one, then the rest.
    const std::string resumed = console_session(
        dir, "2026-11-18T12:00:00Z", "@boss",
        "/crisis resolve 1 Calm again\n/crisis resume 1 2\n/idea plan\n/crisis resume 1\n"
        "/idea plan month\n/crisis resume 1\n/crisis report 1\n");
    INFO(resumed);
    CHECK(in_order(message_with(resumed, "ideas are still paused"),
                   {"3 ideas are still paused for this crisis:", "- #1 Black Friday teaser",
                    "- #2 Team photo", "- #3 Advent calendar", "[Resume] crisis resume 1"}));
    CHECK(contains(resumed, "Resumed after crisis #1 by @boss: #2."));
    const std::string week = message_with(resumed, "## Editorial plan 2026-11-16 – 2026-11-22");
    CHECK(contains(week, "Black Friday teaser #1 · @boss · scheduled · PAUSED (crisis #1)"));
    CHECK(contains(week, "- all day · Team photo #2 · @boss · scheduled\n"));
    CHECK(contains(resumed, "Resumed after crisis #1 by @boss: #1, #3."));
    CHECK_FALSE(
        contains(message_with(resumed, "## Editorial plan 2026-11-01 – 2026-11-30"), "PAUSED"));
    CHECK(contains(resumed, "Crisis #1 keeps no idea paused."));
    CHECK(in_order(resumed, {"## Paused ideas",
                             "- #1 Black Friday teaser — paused by @boss, 2026-11-18 12:10; "
                             "resumed by @boss, 2026-11-18 13:00"}));
}

TEST_SUITE_END();
