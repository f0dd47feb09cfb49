#include "bot/runtime/scheduler.hpp"
#include "commands/ideas/idea_nudge.hpp"
#include "storage/job_store.hpp"
#include "tests/fakes/idea_bot.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace onevoice;
using namespace std::chrono_literals;
using onevoice::tests::IdeaBot;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

bot::TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm) {
    return bot::TimeZone::utc().at(bot::LocalDate{y, m, d}, bot::LocalTime{hh, mm});
}

// An idea by bob, approved by alice; returns its id.
std::int64_t approved(IdeaBot& bot, const std::string& text) {
    const auto id = bot.add_idea(text, "bob");
    bot.run("idea status " + std::to_string(id) + " approved", "alice");
    return id;
}

std::string refused(IdeaBot& bot, const std::string& line, const std::string& problem) {
    INFO("command: ", line);
    const std::string before = bot.idea_state();
    const std::string out = bot.run(line, "alice");
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK_MESSAGE(contains(out, problem), out);
    CHECK_MESSAGE(contains(out, "Usage: idea "), out);
    CHECK(bot.idea_state() == before);
    return out;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("idea schedule: date, time and channels, the idea becomes scheduled") {
    IdeaBot bot; // Wednesday 2026-11-18, 12:06 in Berlin
    const auto id = approved(bot, "Fair photos");
    const std::string out = bot.run("idea schedule 1 friday 09:30 LinkedIn, blog", "alice");
    CHECK(contains(out, "#1 is planned for Friday, 2026-11-20 09:30 · blog, linkedin."));
    const auto idea = bot.ideas.find(id);
    CHECK(idea->status == "scheduled");
    CHECK(idea->scheduled_on == "2026-11-20");
    CHECK(idea->scheduled_time == "09:30");
    CHECK(idea->channels == std::vector<std::string>{"blog", "linkedin"});
    CHECK(contains(bot.run("idea show 1", "bob"), "planned it for 2026-11-20 09:30"));
    // Today without a time, and rescheduling, are fine.
    bot.run("idea schedule 1 today", "alice");
    CHECK(bot.ideas.find(id)->scheduled_on == "2026-11-18");
    CHECK_FALSE(bot.ideas.find(id)->scheduled_time);
}

TEST_CASE("idea schedule: impossible dates, the past, unknown channels and new ideas are refused") {
    IdeaBot bot;
    approved(bot, "Fair photos");
    refused(bot, "idea schedule 1 2024-02-30", "'2024-02-30' is not a date");
    refused(bot, "idea schedule 1 2026-11-17", "That is in the past");
    refused(bot, "idea schedule 1 today 12:00", "That is in the past");
    refused(bot, "idea schedule 1 tomorrow 25:00", "'25:00' is not a time");
    refused(bot, "idea schedule 1 tomorrow myspace",
            "Unknown channel 'myspace'. Channels: facebook, instagram, linkedin, x, xing, "
            "tiktok, youtube, blog, newsletter.");
    refused(bot, "idea schedule 1", "Which idea, and when?");
    bot.add_idea("Not yet approved", "bob");
    refused(bot, "idea schedule 2 tomorrow", "#2 is new; only approved ideas");
}

TEST_CASE("idea plan: the week grouped by day, empty days shown") {
    IdeaBot bot;
    approved(bot, "Fair photos");
    approved(bot, "Team portrait");
    approved(bot, "Next week");
    bot.run("idea assign 1 @alice", "bob");
    bot.run("idea schedule 1 friday 09:30 linkedin blog", "alice");
    bot.run("idea schedule 2 tomorrow", "alice");
    bot.run("idea schedule 3 2026-11-25 instagram", "alice");
    const std::string out = bot.run("idea plan", "bob");
    CHECK(contains(out, "## Editorial plan 2026-11-16 – 2026-11-22"));
    CHECK(contains(out,
                   "Monday 2026-11-16\nnothing planned\nTuesday 2026-11-17\nnothing planned\n"
                   "Wednesday 2026-11-18\nnothing planned\nThursday 2026-11-19\n"
                   "- all day · Team portrait #2 · @bob · scheduled\nFriday 2026-11-20\n"
                   "- 09:30 · blog, linkedin · Fair photos #1 · @alice · scheduled\n"
                   "Saturday 2026-11-21\nnothing planned\nSunday 2026-11-22\nnothing planned"));
    CHECK_FALSE(contains(out, "Next week"));
    CHECK(bot.run("idea plan week", "bob") == out);

    const std::string month = bot.run("idea plan month", "bob");
    CHECK(contains(month, "## Editorial plan 2026-11-01 – 2026-11-30"));
    CHECK(contains(month, "Wednesday 2026-11-25\n- all day · instagram · Next week #3"));
    CHECK_FALSE(contains(month, "nothing planned"));
    CHECK(contains(bot.run("idea plan 2026-12", "bob"), "Nothing is planned in this period yet."));
    refused(bot, "idea plan 2025-13", "'2025-13' is not a period");
    refused(bot, "idea plan fortnight", "'fortnight' is not a period");
}

TEST_CASE("idea plan: a week with the change from summer time keeps local times") {
    IdeaBot bot;
    bot.clock.set(utc(2026, 10, 21, 10, 0)); // Wednesday before the change on Sunday 25 October
    approved(bot, "Saturday post");
    approved(bot, "Sunday post");
    bot.run("idea schedule 1 saturday 09:00 facebook", "alice");
    bot.run("idea schedule 2 sunday 09:00 facebook", "alice");
    const std::string out = bot.run("idea plan", "bob");
    CHECK(contains(out, "Saturday 2026-10-24\n- 09:00 · facebook · Saturday post #1"));
    CHECK(contains(out, "Sunday 2026-10-25\n- 09:00 · facebook · Sunday post #2"));
    CHECK(contains(out, "Monday 2026-10-19\nnothing planned"));
}

TEST_CASE("idea plan: German dates and times") {
    IdeaBot bot(bot::Locale::de);
    approved(bot, "Messefotos");
    bot.run("idea schedule 1 freitag 09:30 linkedin", "alice");
    const std::string out = bot.run("idea plan", "bob");
    CHECK(contains(out, "## Redaktionsplan 16.11.2026 – 22.11.2026"));
    CHECK(contains(out, "Montag 16.11.2026\nnichts geplant"));
    CHECK(contains(out,
                   "Freitag 20.11.2026\n- 09:30 Uhr · linkedin · Messefotos #1 · @bob · geplant"));
}

TEST_CASE("idea nudge: fires weekly by the fake clock when the pipeline is short") {
    IdeaBot bot;
    storage::JobStore jobs{bot.db};
    bot::Scheduler scheduler{bot.db, jobs, bot.writer};
    commands::NudgeSettings settings; // 5 ideas, Mondays at 09:00
    settings.place = bot::Place{"console", "team", "", false};
    commands::IdeaNudge nudge{bot.ideas, bot.context, settings};
    scheduler.register_kind(
        commands::IdeaNudge::k_kind,
        [&](const storage::JobRow&, bot::TimePoint now) { return nudge.run(now); });
    bot.add_idea("Fair photos", "bob");
    bot.run("idea vote 1", "alice");
    approved(bot, "Team portrait");
    scheduler.ensure(commands::IdeaNudge::k_kind, commands::IdeaNudge::k_kind,
                     nudge.next_due(bot.clock.now()), nudge.payload());
    const auto due = scheduler.next_due();
    REQUIRE(due);
    CHECK(*due == utc(2026, 11, 23, 8, 0)); // Monday 09:00 in Berlin
    bot.clock.set(*due - 1ms);
    CHECK(scheduler.run_due(bot.clock.now()) == 0);
    bot.clock.set(*due);
    const std::size_t before = bot.chat.sent.size();
    CHECK(scheduler.run_due(bot.clock.now()) == 1);
    bot.sender.pump();
    REQUIRE(bot.chat.sent.size() == before + 1);
    const auto& sent = bot.chat.sent.back();
    CHECK(sent.reply.place.conversation == "team");
    CHECK(contains(sent.text, "## Ideas wanted"));
    CHECK(contains(sent.text, "Only 1 approved idea is waiting"));
    CHECK(contains(sent.text, "at least 5"));
    CHECK(sent.text.find("#1 Fair photos") < sent.text.find("#2 Team portrait"));
    CHECK(contains(sent.text, "[Vote #1] idea vote 1"));
    // A week later, with a full pipeline, it stays quiet but keeps its schedule.
    for (int i = 0; i < 4; ++i) {
        approved(bot, "More " + std::to_string(i));
    }
    CHECK(*scheduler.next_due() == utc(2026, 11, 30, 8, 0));
    bot.clock.set(*scheduler.next_due());
    CHECK(scheduler.run_due(bot.clock.now()) == 1);
    bot.sender.pump();
    CHECK(bot.chat.sent.size() == before + 1 + 4 * 2);
    CHECK(*scheduler.next_due() == utc(2026, 12, 7, 8, 0));
}

TEST_SUITE_END();
