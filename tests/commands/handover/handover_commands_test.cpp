#include "tests/fakes/handover_bot.hpp"
#include "tests/fakes/refusal.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace onevoice;
using onevoice::tests::HandoverBot;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// A command that must fail and change nothing (tests/fakes/refusal.hpp).
std::string refused(HandoverBot& bot, const std::string& line, const std::string& as,
                    const std::string& problem) {
    return tests::check_refused(bot, line, as, problem, [&bot] { return bot.handover_state(); });
}

const bot::Reply* direct_to(HandoverBot& bot, std::size_t from, const std::string& name) {
    for (std::size_t i = from; i < bot.chat.sent.size(); ++i) {
        const bot::Reply& reply = bot.chat.sent[i].reply;
        if (reply.audience == bot::Audience::direct && reply.recipient->id == name) {
            return &reply;
        }
    }
    return nullptr;
}

// The names of the direct-message recipients of the replies from `from` on.
std::string recipients(HandoverBot& bot, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < bot.chat.sent.size(); ++i) {
        const bot::Reply& reply = bot.chat.sent[i].reply;
        if (reply.audience == bot::Audience::direct) {
            out += "@" + reply.recipient->id + " ";
        }
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("handover: a topic goes to the expert with the fewest open, ties to the longest idle") {
    HandoverBot bot;
    // Neither was ever assigned: the expert added first wins the tie.
    CHECK(contains(bot.run("handover billing Can I pay by invoice?", "dana"),
                   "Handover #1 is with @alice"));
    CHECK(contains(bot.run("handover billing Second question", "dana"), "#2 is with @carol"));
    bot.clock.advance(minutes(5));
    bot.run("handover accept 1", "alice");
    bot.run("handover answer 1 Yes", "alice");
    // #1 is answered, so alice has none open and carol one.
    CHECK(contains(bot.run("handover billing Third", "dana"), "#3 is with @alice"));
    bot.run("handover close 2", "carol");
    // None open for either: carol was assigned longest ago.
    bot.run("handover close 3", "alice");
    CHECK(contains(bot.run("handover billing Fourth", "dana"), "#4 is with @carol"));
}

TEST_CASE("handover: a topic matches whatever its case and however its umlauts are typed") {
    HandoverBot bot;
    bot.run("experts add @erik Lösungen", "boss");
    CHECK(contains(bot.run("handover LÖSUNGEN Which plan?", "dana"), "#1 is with @erik"));
    CHECK(contains(bot.run("handover lo\u0308sungen Which price?", "dana"), "#2 is with @erik"));
    CHECK(bot.newest().topic == "lösungen");
}

TEST_CASE(
    "handover: the assignee gets a card with Accept, Decline and Answer - the place sees who") {
    HandoverBot bot;
    const std::size_t before = bot.chat.sent.size();
    const std::string out = bot.run("handover billing Can I pay by invoice?", "dana");
    CHECK(contains(out, "Handover #1 is with @alice, first response due 2026-11-18 16:06."));
    const bot::Reply* card = direct_to(bot, before, "alice");
    REQUIRE(card != nullptr);
    const std::string text = bot::render_plain(*card);
    CHECK(contains(text, "Handover #1 · billing"));
    CHECK(contains(text, "Can I pay by invoice?"));
    CHECK(contains(text, "Asked by: @dana"));
    CHECK(contains(text, "First response due: 2026-11-18 16:06"));
    CHECK(contains(text, "[Accept] handover accept 1"));
    CHECK(contains(text, "[Decline] handover decline 1"));
    CHECK(contains(text, "[Answer] handover answer 1"));
    CHECK(bot.newest().due_at == bot::to_millis(bot.clock.now() + hours(4)));
}

TEST_CASE("handover: routing around absences: cover, manager, and the requester with a warning") {
    HandoverBot bot;
    SUBCASE("an absent expert's topic goes to their cover") {
        bot.run("team away @erik 2026-11-16 2026-11-20 cover @bob");
        CHECK(contains(bot.run("handover legal Is this claim ok?", "dana"),
                       "#1 is with @bob (cover for @erik)"));
        CHECK(bot.newest().instead_of_key == "console:erik");
    }
    SUBCASE("a named absent person's work goes to their cover") {
        bot.run("team away @alice 2026-11-16 2026-11-20 cover @carol");
        CHECK(contains(bot.run("handover @alice Quick one", "dana"),
                       "#1 is with @carol (cover for @alice)"));
    }
    SUBCASE("without a cover, the manager") {
        bot.run("team away @erik 2026-11-16 2026-11-20");
        CHECK(contains(bot.run("handover legal Is this claim ok?", "dana"), "#1 is with @boss"));
    }
    SUBCASE("a cover who has left the team: the manager, for a topic or a named person") {
        bot.run("team away @erik 2026-11-16 2026-11-20 cover @bob");
        bot.run("team remove @bob");
        CHECK(contains(bot.run("handover legal Is this claim ok?", "dana"), "#1 is with @boss"));
        CHECK(contains(bot.run("handover @erik Quick one", "dana"), "#2 is with @boss"));
        CHECK(bot.newest().instead_of_key == "console:erik");
    }
    SUBCASE("nobody at all: the requester keeps it, with a warning") {
        bot.run("team away @erik 2026-11-16 2026-11-20");
        bot.run("team away @boss 2026-11-16 2026-11-20");
        const std::string out = bot.run("handover legal Is this claim ok?", "dana");
        CHECK(contains(out, "#1 is with @dana"));
        CHECK(contains(out, "Warning: no expert, cover or manager is available"));
    }
}

TEST_CASE("handover: accept, decline to the next expert and never back, then the manager") {
    HandoverBot bot;
    bot.run("handover billing Refund?", "dana");
    refused(bot, "handover accept 1", "carol", "not assigned to you");
    CHECK(contains(bot.run("handover decline 1 on a training", "alice"),
                   "You declined handover #1; it went to @carol"));
    CHECK(contains(bot.run("handover decline 1", "carol"), "it went to @boss"));
    refused(bot, "handover decline 1", "boss", "Nobody else is available for handover #1");
    CHECK(contains(bot.run("handover accept 1", "boss"), "You accepted handover #1"));
    CHECK(bot.newest().status == "accepted");
    CHECK(bot.newest().first_response_at.has_value());
    refused(bot, "handover accept 1", "boss", "only an open handover can be accepted");
}

TEST_CASE("handover: the answer goes back to the thread it came from, replied closes the loop") {
    HandoverBot bot;
    const bot::Place thread{"console", "C-social", "1700000000.000100", false};
    bot.run_in(thread, "handover billing Can I pay by invoice?", "dana");
    const std::size_t before = bot.chat.sent.size();
    bot.clock.advance(minutes(30));
    const std::string out = bot.run("handover answer 1 Yes, invoices are fine.", "alice");
    CHECK(contains(out, "Answer to handover #1"));
    CHECK(contains(out, "@alice answered the question of @dana:"));
    const bot::Reply& back = bot.chat.sent[before].reply;
    CHECK(back.audience == bot::Audience::place);
    CHECK(back.place.conversation == "C-social");
    CHECK(back.place.thread == "1700000000.000100");
    CHECK(bot.newest().status == "answered");

    // Answered but not replied: the requester hears about it every 2 hours.
    CHECK(bot.advance(minutes(119)).empty());
    CHECK(contains(bot.advance(minutes(1)), "no public reply yet"));
    CHECK(contains(bot.advance(hours(2)), "no public reply yet"));
    CHECK(contains(bot.run("handover replied 1 https://example.com/reply/1", "dana"),
                   "Handover #1 is done"));
    CHECK(bot.advance(hours(4)).empty());
    refused(bot, "handover answer 1 more", "alice", "Handover #1 is already replied");
}

TEST_CASE("handover: half-time reminder, then overdue and escalated to the manager or the cover") {
    HandoverBot bot;
    bot.run("handover billing Refund?", "dana");
    CHECK(bot.advance(minutes(119)).empty());
    std::size_t before = bot.chat.sent.size();
    const std::string half = bot.advance(minutes(1));
    CHECK(recipients(bot, before) == "@alice ");
    CHECK(contains(half, "half the time for handover #1 is gone; it is due 2026-11-18 16:06"));
    SUBCASE("present assignee: the manager") {
        before = bot.chat.sent.size();
        const std::string due = bot.advance(hours(2));
        CHECK(recipients(bot, before) == "@boss @alice ");
        CHECK(contains(due,
                       "Handover #1 is overdue since 2026-11-18 16:06: @alice has not responded"));
        CHECK(contains(due,
                       "Handover #1 is overdue since 2026-11-18 16:06 and was escalated to @boss"));
        CHECK(bot.newest().overdue_at.has_value());
        CHECK(contains(bot.run("handover list overdue", "dana"), "#1 billing — @alice · open"));
        CHECK(contains(bot.run("handover show 1", "dana"),
                       "marked it overdue and escalated it to: @boss"));
    }
    SUBCASE("assignee away since: their cover") {
        bot.run("team away @alice 2026-11-18 2026-11-20 cover @bob");
        before = bot.chat.sent.size();
        CHECK(contains(bot.advance(hours(2)), "Escalated to you"));
        CHECK(recipients(bot, before) == "@bob @alice ");
    }
    SUBCASE("accepted in time: no escalation") {
        bot.run("handover accept 1", "alice");
        CHECK(bot.advance(hours(2)).empty());
    }
}

TEST_CASE("handover: per-topic targets and business hours move the deadline") {
    commands::HandoverSettings settings;
    settings.topic_targets["legal"] = hours(24);
    settings.business_hours = commands::BusinessHours{};
    HandoverBot bot(settings);
    // Wednesday 12:06 + 24 working hours of 8 a day = Monday 12:06 (weekend skipped).
    CHECK(contains(bot.run("handover legal Claim?", "dana"), "due 2026-11-23 12:06"));
    CHECK(contains(bot.run("handover billing Refund?", "dana"), "due 2026-11-18 16:06"));
}

TEST_CASE("handover: reassign, close, permissions, list and show with the history") {
    HandoverBot bot;
    bot.run("handover billing Refund?", "dana");
    refused(bot, "handover reassign 1 @nobody", "dana", "nobody is not on the team");
    refused(bot, "handover close 1", "bob", "Only the assignee, the requester or a lead role");
    CHECK(contains(bot.run("handover reassign 1 @erik", "alice"), "Handover #1 is now with @erik"));
    CHECK(contains(bot.run("handover list mine", "erik"), "#1 billing — @erik · open"));
    CHECK(contains(bot.run("handover list", "bob"), "#1 billing"));
    CHECK(contains(bot.run("handover close 1", "boss"), "Handover #1 is closed"));
    CHECK(contains(bot.run("handover list", "bob"), "None."));
    CHECK(contains(bot.run("handover list all", "bob"), "#1 billing — @erik · closed"));
    const std::string show = bot.run("handover show 1", "bob");
    CHECK(contains(show, "@dana created it: billing"));
    CHECK(contains(show, "@dana assigned it to: @alice"));
    CHECK(contains(show, "@alice assigned it to: @erik"));
    CHECK(contains(show, "@boss closed it"));
    refused(bot, "handover answer 1 Too late", "erik", "Handover #1 is already closed");
}

TEST_CASE("handover: bad input gets a private reply with the usage line and changes nothing") {
    HandoverBot bot;
    CHECK(contains(bot.run("handover", "dana"), "Usage:"));
    refused(bot, "handover shipping Where is my parcel?", "dana",
            "Unknown topic 'shipping'. Topics: billing, legal.");
    refused(bot, "handover billing", "dana", "What is the question?");
    refused(bot, "handover billing " + std::string(3500, 'x'), "dana", "3500");
    CHECK(contains(bot.run("handover billing " + std::string(10000, 'x'), "dana"), "Usage:"));
    CHECK(bot.handover_state().empty());
    refused(bot, "handover show 7", "dana", "There is no handover #7");
    refused(bot, "handover list soon", "dana", "Unknown list 'soon'");
    refused(bot, "handover stats 2d", "dana", "Unknown period '2d'");
    bot.run("handover billing Refund?", "dana");
    refused(bot, "handover answer 1", "alice", "Type the answer");
    refused(bot, "handover replied 1", "dana", "only an answered handover can be replied");
}

TEST_CASE("handover: back from an absence, a recap of what the cover handled and what is open") {
    HandoverBot bot;
    bot.run("team away @erik 2026-11-16 2026-11-20 cover @bob");
    bot.run("handover legal Claim one?", "dana");
    bot.run("handover legal Claim two?", "dana");
    bot.run("handover answer 1 Fine.", "bob");
    const std::size_t before = bot.chat.sent.size();
    const std::string out = bot.run("team back", "erik");
    CHECK(contains(out, "Welcome back"));
    const bot::Reply* recap = direct_to(bot, before, "erik");
    REQUIRE(recap != nullptr);
    const std::string text = bot::render_plain(*recap);
    CHECK(contains(text, "While you were away"));
    CHECK(contains(text, "2 handovers went to your cover"));
    CHECK(contains(text, "#1 legal — @bob · answered"));
    CHECK(contains(text, "Nothing is open for you."));

    SUBCASE("an absence that ended by date gets the recap from the daily job") {
        bot.run("team away @alice 2026-11-18 2026-11-18 cover @bob");
        bot.run("handover @alice Pay later?", "dana");
        bot.clock.set(bot.zone.at(bot::LocalDate{2026, 11, 19}, bot::LocalTime{8, 0}));
        const bot::JobOutcome job = bot.recap.run(bot.clock.now(), bot.clock.now());
        REQUIRE(job.replies.size() == 1);
        CHECK(job.replies[0].recipient->id == "alice");
        CHECK(contains(bot::render_plain(job.replies[0]), "1 handover went to your cover"));
    }
    SUBCASE("a run that comes late recaps the days it missed, a week back at most") {
        bot.run("team away @alice 2026-11-18 2026-11-18 cover @bob");
        bot.run("handover @alice Pay later?", "dana");
        const bot::TimePoint due = bot.zone.at(bot::LocalDate{2026, 11, 19}, bot::LocalTime{8, 0});
        const auto at = [&](unsigned day) {
            return bot.zone.at(bot::LocalDate{2026, 11, day}, bot::LocalTime{10, 0});
        };
        const bot::JobOutcome late = bot.recap.run(due, at(21));
        REQUIRE(late.replies.size() == 1);
        CHECK(late.replies[0].recipient->id == "alice");
        CHECK(bot.recap.run(due, at(25)).replies.size() == 1);
        CHECK(bot.recap.run(due, at(26)).replies.empty());
    }
}

TEST_CASE("handover: every key of the module exists in German too") {
    HandoverBot bot({}, bot::Locale::de);
    const std::string out = bot.run("handover billing Rechnung möglich?", "dana");
    CHECK(contains(out, "Übergabe #1 liegt bei @alice, Antwortfrist 18.11.2026, 16:06 Uhr."));
}

TEST_SUITE_END();
