// Playbooks and crisis team from the config, the two-person rule, statement
// templates and the calendar freeze of `crisis` (issue #7).
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

bool any_pinned(CrisisBot& bot, std::size_t from) {
    for (std::size_t i = from; i < bot.chat.sent.size(); ++i) {
        if (const auto* post = bot.chat.sent[i].reply.as<bot::Post>();
            post != nullptr && post->is_pinned) {
            return true;
        }
    }
    return false;
}

// The command of the first button in the replies from `from` on; empty: none.
std::string button_of(CrisisBot& bot, std::size_t from) {
    for (std::size_t i = from; i < bot.chat.sent.size(); ++i) {
        for (const bot::Block& block : bot.chat.sent[i].reply.blocks) {
            if (const auto* buttons = std::get_if<bot::ButtonsBlock>(&block)) {
                return buttons->buttons.front().command;
            }
        }
    }
    return {};
}

// Stores an idea by dana as `idea add` would; returns its id.
std::int64_t add_idea(CrisisBot& bot, const std::string& text) {
    storage::IdeaRow idea;
    idea.text = text;
    idea.author_key = "console:dana";
    idea.platform = "console";
    idea.conversation = "console";
    return bot.ideas.add(idea);
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("crisis playbooks: the severity's own, else the configured default, else built-in") {
    commands::CrisisSettings settings;
    settings.playbooks[0] = {{"Call the managing director", "manager"}, {"Pause all posts", ""}};
    SUBCASE("sev1 has its own; sev3 without one falls back to the built-in playbook") {
        CrisisBot bot(settings);
        const std::string sev1 = bot.run("crisis declare sev1 Outrage", "bob");
        CHECK(contains(sev1, "Playbook: 0 of 2 steps done"));
        CHECK(contains(sev1, "1. [ ] Call the managing director (manager)"));
        CHECK(contains(sev1, "2. [ ] Pause all posts"));
        CHECK_FALSE(contains(sev1, "Pause all posts ("));
        const std::string sev3 = bot.run("crisis declare sev3 Minor", "bob");
        CHECK(contains(sev3, "1. [ ] Assess the facts (community manager)"));
        CHECK(contains(bot.run("crisis check 1 2", "dana"), "Step 2 of crisis #1 ticked"));
        refused(bot, "crisis check 1 3", "dana",
                "'3' is no step of crisis #1; it has steps 1 to 2.");
    }
    SUBCASE("a configured default serves the severities without their own") {
        settings.playbooks[3] = {{"Default step", "community"}};
        CrisisBot bot(settings);
        CHECK(contains(bot.run("crisis declare sev2 Outrage", "bob"),
                       "1. [ ] Default step (community manager)"));
    }
}

TEST_CASE("crisis team from the config: mentioned and alerted, the absent by their cover") {
    commands::CrisisSettings settings;
    settings.team = {"@pia", "@lex", "<@U024BE7LH>"};
    CrisisBot bot(settings);
    bot.run("team add @pia expert");
    bot.run("team add @lex expert");
    bot.run("team away @lex 2026-11-17 2026-11-19 cover @bob");
    const std::size_t before = bot.chat.sent.size();
    const std::string out = bot.run("crisis declare Outrage", "carl");
    // A Slack id names nobody on the console and is skipped.
    CHECK(contains(out, "Crisis team: @boss @dina @carl @dana @pia @bob (cover for @lex)"));
    CHECK(recipients(bot, before) == "@boss @dina @dana @pia @bob ");
    CHECK(contains(out, "You are on the crisis team as the cover for @lex."));
}

TEST_CASE("crisis two-person rule: nothing happens until a second team member confirms") {
    commands::CrisisSettings settings;
    settings.needs_confirmation = true;
    settings.team = {"@pia"};
    CrisisBot bot(settings);
    bot.run("team add @pia expert");
    std::size_t before = bot.chat.sent.size();
    std::string out = bot.run("crisis declare sev1 Outrage", "dana");
    CHECK(contains(out, "Crisis #1 awaits confirmation"));
    CHECK(contains(out, "@dana declares crisis #1 (sev1): Outrage. Nobody is alerted"));
    CHECK(button_of(bot, before) == "crisis confirm 1");
    CHECK(recipients(bot, before).empty());
    CHECK_FALSE(any_pinned(bot, before));
    CHECK(bot.job_store.all().empty());
    CHECK(contains(bot.run("crisis", "bob"), "Awaiting confirmation: 1"));
    refused(bot, "crisis update 1 News", "dana", "Crisis #1 is not confirmed yet");
    refused(bot, "crisis confirm 1", "dana", "You asked for this yourself");
    refused(bot, "crisis confirm 1", "bob", "Only a member of the crisis team may confirm");
    refused(bot, "crisis confirm", "boss", "Which crisis?");
    refused(bot, "crisis confirm 5", "boss", "There is no crisis #5.");

    // A configured member without a lead role may confirm; then the plan runs.
    bot.clock.advance(minutes(3));
    before = bot.chat.sent.size();
    out = bot.run("crisis confirm 1", "pia");
    CHECK(any_pinned(bot, before));
    CHECK(contains(out, "Crisis #1 · sev1"));
    CHECK(recipients(bot, before) == "@boss @dina @carl @pia ");
    refused(bot, "crisis confirm 1", "boss", "Crisis #1 has nothing awaiting confirmation.");
    // Reminders count from the confirmation.
    CHECK(bot.advance(minutes(29)).empty());
    CHECK(contains(bot.advance(minutes(1)), "Reminder: no update on crisis #1"));

    // The all-clear waits too; the crisis stays active and reminded meanwhile.
    before = bot.chat.sent.size();
    out = bot.run("crisis resolve 1 Calm again", "boss");
    CHECK(contains(out, "All-clear for crisis #1 awaits confirmation"));
    CHECK(button_of(bot, before) == "crisis confirm 1");
    CHECK(bot.crises.find(1)->is_active());
    refused(bot, "crisis resolve 1 Again", "boss", "already awaits confirmation");
    refused(bot, "crisis confirm 1", "boss", "You asked for this yourself");
    CHECK(contains(bot.advance(minutes(30)), "Reminder"));
    out = bot.run("crisis confirm 1", "dana");
    CHECK(contains(out, "Crisis #1 (Outrage) is resolved, given by @boss"));
    CHECK_FALSE(bot.crises.find(1)->is_active());
    CHECK(bot.job_store.all().empty());
    CHECK(contains(bot.run("crisis show 1", "bob"), "@dana confirmed: the all-clear"));
}

TEST_CASE("crisis templates: add, list, fill in as a statement, remove, bad input refused") {
    CrisisBot bot;
    refused(bot, "crisis template add apology We apologise.", "bob",
            "Only a manager, deputy or community manager may do that.");
    refused(bot, "crisis template add", "boss", "Which template?");
    refused(bot, "crisis template add apology", "boss", "Give the template's text.");
    refused(bot, "crisis template add bad/name Text", "boss", "'bad/name' is no template name");
    refused(bot, "crisis template add apology About {titel} on {date}", "boss",
            "{titel} is no placeholder; use {title}, {severity}, {date}, {time}, {lead}, {id}.");
    refused(bot, "crisis template frobnicate", "boss", "Use template add");
    CHECK(contains(bot.run("crisis template list", "bob"), "No templates yet."));
    CHECK(contains(bot.run("crisis template add Apology We are sorry about {title} ({severity}, "
                           "{date}). Questions: {lead}. {not a placeholder}",
                           "dana"),
                   "Template apology saved."));
    refused(bot, "crisis template add apology Other", "boss", "A template named apology exists");
    CHECK(contains(bot.run("crisis template list", "bob"), "apology — We are sorry about {title}"));

    bot.run("crisis declare sev1 Outrage about the ad", "bob");
    const std::string out = bot.run("crisis statement 1 template apology", "dana");
    CHECK(contains(out, "Statement #1 for crisis #1 proposed by @dana:"));
    CHECK(contains(out, "We are sorry about Outrage about the ad (sev1, 2026-11-18). Questions: "
                        "@boss. {not a placeholder}"));
    refused(bot, "crisis statement 1 template nope", "dana", "There is no template named nope.");
    refused(bot, "crisis statement 1 template", "dana", "Which template?");
    refused(bot, "crisis template remove apology", "bob",
            "Only a manager, deputy or community manager may do that.");
    CHECK(contains(bot.run("crisis template remove apology", "boss"), "Template apology removed."));
    refused(bot, "crisis template remove apology", "boss", "There is no template named apology.");
}

TEST_CASE("crisis freeze: ideas of the next 48 hours offered, paused, marked, resumed") {
    CrisisBot bot;
    // Ideas scheduled tomorrow 10:00 (inside 48 h), in three days (outside) and one not scheduled.
    const auto near = add_idea(bot, "Cheerful product teaser");
    const auto far = add_idea(bot, "Far away post");
    const auto loose = add_idea(bot, "Unscheduled idea");
    const std::int64_t now = bot::to_millis(bot.clock.now());
    bot.ideas.set_schedule(near, "2026-11-19", "10:00", {"instagram"}, now);
    bot.ideas.set_schedule(far, "2026-11-21", std::nullopt, {}, now);

    std::size_t before = bot.chat.sent.size();
    std::string out = bot.run("crisis declare Outrage", "bob");
    CHECK(contains(out, "Calendar freeze: 1 scheduled in the next 48 hours"));
    CHECK(contains(out, "#1 2026-11-19 10:00 · Cheerful product teaser"));
    CHECK_FALSE(contains(out, "Far away post"));
    CHECK(button_of(bot, before) == "crisis pause 1");
    refused(bot, "crisis pause 1", "bob", "Only a lead role or the lead of crisis #1");
    refused(bot, "crisis pause 1 99", "dana", "There is no idea 99.");
    refused(bot, "crisis pause 1 " + std::to_string(loose), "dana", "is not scheduled");
    refused(bot, "crisis resume 1", "dana", "Crisis #1 keeps no idea paused.");

    out = bot.run("crisis pause 1", "dana");
    CHECK(contains(out, "Paused for crisis #1 by @dana: #1."));
    CHECK(contains(bot.run("idea plan", "bob"), "Cheerful product teaser #1 · @dana · scheduled · "
                                                "PAUSED (crisis #1)"));
    CHECK(contains(bot.run("crisis pause 1", "dana"), "Nothing to pause for crisis #1"));
    // One idea by its id, even outside the 48 hours.
    CHECK(contains(bot.run("crisis pause 1 #" + std::to_string(far), "boss"), "#2."));
    refused(bot, "crisis resume 1 " + std::to_string(loose), "dana", "is not paused for crisis #1");

    before = bot.chat.sent.size();
    out = bot.run("crisis resolve 1 Calm", "boss");
    CHECK(contains(out, "2 ideas are still paused for this crisis:"));
    CHECK(button_of(bot, before) == "crisis resume 1");
    CHECK(contains(bot.run("crisis resume 1 2", "boss"), "Resumed after crisis #1 by @boss: #2."));
    CHECK(contains(bot.run("crisis resume 1", "boss"), "Resumed after crisis #1 by @boss: #1."));
    CHECK_FALSE(contains(bot.run("idea plan", "bob"), "PAUSED"));
    const std::string report = bot.run("crisis report 1", "bob");
    const std::string& md = std::get<bot::Post>(bot.last_reply().intent).attachment->content;
    CHECK(contains(md, "## Paused ideas"));
    CHECK(contains(md, "- #1 Cheerful product teaser — paused by @dana, 2026-11-18 12:06; "
                       "resumed by @boss, 2026-11-18 12:06"));
}

TEST_CASE("crisis freeze: drills never pause the plan, German") {
    CrisisBot bot({}, bot::Locale::de);
    const auto near = add_idea(bot, "Teaser");
    bot.ideas.set_schedule(near, "2026-11-19", "10:00", {}, bot::to_millis(bot.clock.now()));
    CHECK_FALSE(contains(bot.run("crisis drill Übung", "bob"), "Redaktionsplan anhalten"));
    refused(bot, "crisis pause 1", "boss", "Krise #1 ist eine Übung");
    const std::string out = bot.run("crisis declare Echt", "bob");
    CHECK(contains(out, "Redaktionsplan anhalten: 1 in den nächsten 48 Stunden geplant"));
    CHECK(contains(bot.run("crisis pause 2", "boss"), "Für Krise #2 pausiert von @boss: #1."));
    CHECK(contains(bot.run("idea plan", "bob"), "PAUSIERT (Krise #2)"));
}

TEST_SUITE_END();
