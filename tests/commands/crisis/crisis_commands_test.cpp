#include "integrations/slack/block_kit.hpp"
#include "tests/fakes/crisis_bot.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

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

const tests::RecordingChat::Sent* notice_of(CrisisBot& bot, std::size_t from) {
    for (std::size_t i = from; i < bot.chat.sent.size(); ++i) {
        if (bot.chat.sent[i].reply.anchor().rfind("crisis:", 0) == 0) {
            return &bot.chat.sent[i];
        }
    }
    return nullptr;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("crisis declare: a pinned notice with the playbook, the team called, the lead set") {
    CrisisBot bot;
    const std::size_t before = bot.chat.sent.size();
    bot.run("crisis declare sev1 Outrage about the new ad", "bob");
    const auto* notice = notice_of(bot, before);
    REQUIRE(notice != nullptr);
    CHECK(notice->reply.anchor() == "crisis:1");
    CHECK(std::get<bot::Post>(notice->reply.intent).is_pinned);
    CHECK(notice->reply.audience == bot::Audience::place);
    const std::string& text = notice->text;
    CHECK(contains(text, "Crisis #1 · sev1"));
    CHECK(contains(text, "Outrage about the new ad"));
    CHECK(contains(text, "Lead: @boss"));
    CHECK(contains(text, "Declared by: @bob at 2026-11-18 12:06"));
    CHECK(contains(text, "Playbook: 0 of 7 steps done"));
    CHECK(contains(text, "1. [ ] Assess the facts (community manager)"));
    CHECK(contains(text, "2. [ ] Inform management (manager)"));
    CHECK(contains(text, "7. [ ] Debrief"));
    CHECK(contains(text, "Crisis team: @boss @dina @carl @dana"));
    // Everyone on the crisis team gets a direct message.
    CHECK(recipients(bot, before) == "@boss @dina @carl @dana ");
    CHECK(contains(bot.chat.sent.back().text, "Crisis #1 (sev1): Outrage about the new ad"));
    CHECK(bot.crises.find(1)->lead_key == "console:boss");

    SUBCASE("without a severity it is sev2, and the declarer gets no alert of their own") {
        const std::size_t from = bot.chat.sent.size();
        bot.run("crisis declare Printer on fire", "dana");
        CHECK(bot.crises.find(2)->severity == 2);
        CHECK(bot.crises.find(2)->title == "Printer on fire");
        CHECK(recipients(bot, from) == "@boss @dina @carl ");
    }
    SUBCASE("a title may start with a word like a severity") {
        bot.run("crisis declare several angry posts", "dana");
        CHECK(bot.crises.find(2)->title == "several angry posts");
        CHECK(bot.crises.find(2)->severity == 2);
    }
}

TEST_CASE("crisis declare: an absent member is replaced by their cover, an absent manager too") {
    CrisisBot bot;
    bot.run("team away @dana 2026-11-16 2026-11-20 cover @bob");
    bot.run("team away @boss 2026-11-17 2026-11-19 cover @dina");
    const std::size_t before = bot.chat.sent.size();
    bot.run("crisis declare Outrage", "carl");
    const auto* notice = notice_of(bot, before);
    REQUIRE(notice != nullptr);
    // The manager's cover leads; nobody is called twice.
    CHECK(contains(notice->text, "Lead: @dina"));
    CHECK(contains(notice->text,
                   "Crisis team: @dina (cover for @boss) @carl @bob (cover for @dana)"));
    CHECK(recipients(bot, before) == "@dina @bob ");
    CHECK(
        contains(bot.chat.sent.back().text, "You are on the crisis team as the cover for @dana."));
}

TEST_CASE("crisis declare: the notice goes to the configured crisis place") {
    commands::CrisisSettings settings;
    settings.conversation = "crisis-room";
    CrisisBot bot(settings);
    const std::size_t before = bot.chat.sent.size();
    const std::string out = bot.run("crisis declare Outrage", "bob");
    const auto* notice = notice_of(bot, before);
    REQUIRE(notice != nullptr);
    CHECK(notice->reply.place.conversation == "crisis-room");
    CHECK(contains(out, "Crisis #1 declared; the notice is in crisis-room."));
    // Updates go there too.
    bot.run("crisis update 1 Statement in the works", "dana");
    CHECK(bot.last_reply().place.conversation == "crisis-room");
    CHECK(contains(bot.chat.sent.back().text, "Update on crisis #1 (Outrage) from @dana:"));
}

TEST_CASE("crisis check: ticks and unticks a step and edits the posted notice") {
    CrisisBot bot;
    bot.chat.script.push_back(bot::DeliveryResult::posted("console", "notice-1"));
    bot.run("crisis declare Outrage", "bob");
    std::size_t before = bot.chat.sent.size();
    std::string out = bot.run("crisis check 1 2", "boss");
    CHECK(contains(out, "Step 2 of crisis #1 ticked: Inform management."));
    bool edited = false;
    for (std::size_t i = before; i < bot.chat.sent.size(); ++i) {
        const auto& sent = bot.chat.sent[i];
        edited = edited || (sent.edited() == "notice-1" &&
                            contains(sent.text, "2. [x] Inform management (manager) — @boss, "
                                                "2026-11-18 12:06") &&
                            contains(sent.text, "1 of 7 steps done"));
    }
    CHECK(edited);
    before = bot.chat.sent.size();
    out = bot.run("crisis check 1 #2", "dana");
    CHECK(contains(out, "Step 2 of crisis #1 is open again"));
    CHECK_FALSE(bot.crises.steps(1)[1].is_ticked());
    CHECK(contains(bot.chat.sent[before].text, "0 of 7 steps done"));
}

TEST_CASE("crisis resolve: the posted notice is edited and unpinned") {
    CrisisBot bot;
    bot.chat.script.push_back(bot::DeliveryResult::posted("console", "notice-1"));
    bot.run("crisis declare Outrage", "bob");
    const std::size_t before = bot.chat.sent.size();
    bot.run("crisis resolve 1 Calm again", "boss");
    bool is_edited = false;
    bool is_unpinned = false;
    for (std::size_t i = before; i < bot.chat.sent.size(); ++i) {
        const bot::Reply& reply = bot.chat.sent[i].reply;
        is_edited = is_edited || (bot.chat.sent[i].edited() == "notice-1" &&
                                  contains(bot.chat.sent[i].text, "Summary: Calm again"));
        // Unpinned after the edit, in the conversation the notice was posted in.
        const auto* unpin = reply.as<bot::Unpin>();
        is_unpinned =
            is_unpinned || (is_edited && unpin != nullptr && unpin->message == "notice-1" &&
                            reply.place.conversation == "console");
    }
    CHECK(is_edited);
    CHECK(is_unpinned);
}

TEST_CASE("crisis declare with open_channel: the team's own conversation, updates there too") {
    commands::CrisisSettings settings;
    settings.opens_conversation = true;
    CrisisBot bot(settings);
    // Everything of the declaration counts as posted in "room-1" (alerts go in parallel).
    bot.chat.script.assign(12, bot::DeliveryResult::posted("room-1", "copy-1"));
    bot.run("crisis declare sev1 Outrage", "bob");
    bot.chat.script.clear();
    const bot::Reply* room = nullptr;
    for (const auto& sent : bot.chat.sent) {
        room = sent.reply.as<bot::OpenConversation>() ? &sent.reply : room;
    }
    REQUIRE(room != nullptr);
    const auto& opens = std::get<bot::OpenConversation>(room->intent);
    CHECK(opens.name == "crisis 1 Outrage");
    CHECK(room->anchor() == "crisis:1:room");
    std::string members;
    for (const auto& member : opens.members) {
        members += member.id + " ";
    }
    CHECK(members == "bob boss dina carl dana ");
    const std::size_t before = bot.chat.sent.size();
    bot.run("crisis update 1 Statement drafted", "dana");
    std::string places;
    for (std::size_t i = before; i < bot.chat.sent.size(); ++i) {
        places += bot.chat.sent[i].reply.place.conversation + " ";
    }
    CHECK(places == "console room-1 ");

    SUBCASE("a drill opens none") {
        const std::size_t from = bot.chat.sent.size();
        bot.run("crisis drill Practice", "boss");
        for (std::size_t i = from; i < bot.chat.sent.size(); ++i) {
            CHECK_FALSE(bot.chat.sent[i].reply.as<bot::OpenConversation>());
        }
    }
}

TEST_CASE("crisis: stufe1..stufe3 are sev1..sev3, near misses are asked about") {
    CrisisBot bot;
    // Before issue #20 "stufe1" was the first word of a sev2 crisis's title.
    bot.run("crisis declare stufe1 Test", "bob");
    REQUIRE(bot.crises.find(1));
    CHECK(bot.crises.find(1)->severity == 1);
    CHECK(bot.crises.find(1)->title == "Test");
    refused(bot, "crisis declare sevv1 Test", "bob",
            "Did you mean crisis declare sev1 Test? 'sevv1' is close to a severity, so nothing "
            "was declared");
    refused(bot, "crisis declare Stufe Zwei", "bob", "Did you mean crisis declare stufe1 Zwei?");
    refused(bot, "crisis drill stufee2 Übung", "bob", "Did you mean crisis drill stufe2 Übung?");
    refused(bot, "crisis declare stufe4 Test", "bob", "'stufe4' is no severity");
    refused(bot, "crisis severity 1 sevv2", "boss",
            "Did you mean crisis severity 1 sev2? 'sevv2' is no severity, so nothing was changed.");
    bot.run("crisis severity 1 STUFE3", "boss");
    CHECK(bot.crises.find(1)->severity == 3);
    // A title word far from every severity stays a title.
    bot.run("crisis declare Several outages", "bob");
    CHECK(bot.crises.find(2)->title == "Several outages");
}

TEST_CASE("crisis: bad input is refused with the usage line and changes nothing") {
    CrisisBot bot;
    refused(bot, "crisis declare", "bob", "What is the crisis? Give a title.");
    refused(bot, "crisis declare sev1", "bob", "What is the crisis? Give a title.");
    refused(bot, "crisis declare sev4 Outrage", "bob", "'sev4' is no severity");
    bot.run("crisis declare Outrage", "bob");
    refused(bot, "crisis severity 1 sev9", "boss", "'sev9' is no severity");
    refused(bot, "crisis severity 1 high", "boss", "'high' is no severity");
    refused(bot, "crisis check 1 0", "dana", "'0' is no step of crisis #1; it has steps 1 to 7.");
    refused(bot, "crisis check 1 99", "dana", "'99' is no step of crisis #1");
    refused(bot, "crisis check 1", "dana", "Which step?");
    refused(bot, "crisis check 7 1", "dana", "There is no crisis #7.");
    refused(bot, "crisis update 1", "dana", "What is new?");
    refused(bot, "crisis approve 1", "boss", "Crisis #1 has no statement to approve yet");
    bot.run("crisis statement 1 We are looking into it.", "dana");
    refused(bot, "crisis approve 1", "bob",
            "Only the manager, a deputy or the lead of crisis #1, if they hold a lead role, may "
            "approve.");
    refused(bot, "crisis approve 1", "dana", "may approve");
    refused(bot, "crisis approve 1 5", "boss", "'5' is no statement of crisis #1");
    refused(bot, "crisis lead 1 @dana", "bob", "Only a lead role or the lead of crisis #1");
    refused(bot, "crisis resolve 1 Calm", "bob", "Only a lead role or the lead of crisis #1");
    refused(bot, "crisis resolve 1", "boss", "Give a short summary.");
    refused(bot, "crisis explode 1", "boss", "explode");
    bot.run("crisis resolve 1 Calm again", "boss");
    refused(bot, "crisis resolve 1 Again", "boss", "Crisis #1 is already resolved.");
    refused(bot, "crisis update 1 More news", "dana", "Crisis #1 is resolved");
    refused(bot, "crisis check 1 1", "dana", "Crisis #1 is resolved");
}

TEST_CASE("crisis declare: a title with markup is shown literally, never as a mention") {
    CrisisBot bot;
    const std::size_t before = bot.chat.sent.size();
    bot.run("crisis declare <!channel> @room look at this", "bob");
    const auto* notice = notice_of(bot, before);
    REQUIRE(notice != nullptr);
    CHECK(contains(notice->text, "<!channel> @room look at this"));
    for (const bot::Block& block : notice->reply.blocks) {
        if (const auto* text = std::get_if<bot::TextBlock>(&block)) {
            for (const bot::Span& span : text->content) {
                if (span.kind == bot::Span::Kind::mention) {
                    CHECK(span.target != "console:room");
                }
            }
        }
    }
    // On Slack the title is escaped, so it cannot ping the channel.
    const std::string slack = integrations::slack::render(notice->reply).dump();
    CHECK_FALSE(contains(slack, "<!channel>"));
    CHECK(contains(slack, "&lt;!channel&gt;"));
}

TEST_CASE("crisis statement and approve: one voice, a newer approval replaces the old") {
    CrisisBot bot;
    bot.run("crisis declare Outrage", "bob");
    std::string out = bot.run("crisis statement 1 We are looking into it.", "dana");
    CHECK(contains(out, "Statement #1 for crisis #1 proposed by @dana:"));
    CHECK(contains(out, "crisis approve 1 1"));
    bot.run("crisis statement 1 We apologise.", "carl");
    out = bot.run("crisis approve 1 1", "boss");
    CHECK(contains(out, "Statement #1, approved by @boss."));
    CHECK(contains(out, "We are looking into it."));
    CHECK(bot.crises.approved_statement(1)->number == 1);
    // The deputy approves the newest by default.
    bot.run("crisis approve 1", "dina");
    CHECK(bot.crises.approved_statement(1)->number == 2);
    // A lead without a lead role steers but never speaks for the company.
    bot.run("crisis lead 1 @bob", "boss");
    refused(bot, "crisis approve 1 1", "bob", "may approve");
    // A community manager approves once they lead.
    bot.run("crisis lead 1 @carl", "boss");
    bot.run("crisis approve 1 1", "carl");
    CHECK(bot.crises.approved_statement(1)->approved_by == "console:carl");
    out = bot.run("crisis show 1", "carl");
    CHECK(contains(out, "Approved statement (#1)"));
    CHECK(contains(out, "#1 We are looking into it. — @dana · approved by @carl"));
    CHECK(contains(out, "#2 We apologise. — @carl · approved by @dina"));
    CHECK(contains(out, "@boss handed the lead to: @carl"));
}

TEST_CASE("crisis list, show, lead, severity and resolve") {
    CrisisBot bot;
    CHECK(contains(bot.run("crisis", "bob"), "No active crisis."));
    bot.run("crisis declare sev3 Minor thing", "bob");
    bot.run("crisis declare sev1 Big thing", "bob");
    std::string out = bot.run("crisis list", "bob");
    CHECK(contains(out, "Active crises: 2"));
    // Worst first.
    CHECK(out.find("#2 sev1 Big thing") < out.find("#1 sev3 Minor thing"));
    CHECK(contains(out, "lead @boss · since 2026-11-18 12:06 · 0/7 steps"));

    out = bot.run("crisis lead 2 @dana", "boss");
    CHECK(contains(out, "@dana now leads crisis #2 (Big thing)."));
    CHECK(contains(out, "You now lead crisis #2 (Big thing), handed over by @boss."));
    refused(bot, "crisis lead 2 @stranger", "boss", "is not on the team");
    // The lead steers without a lead role... and dana has one anyway; bob leads #1 below.
    out = bot.run("crisis severity 2 sev2", "dana");
    CHECK(contains(out, "Crisis #2 is now sev2 (was sev1), set by @dana."));
    bot.clock.advance(hours(2) + minutes(5));
    out = bot.run("crisis resolve 2 The ad was withdrawn.", "dana");
    CHECK(contains(out, "All-clear: crisis #2"));
    CHECK(contains(out, "Crisis #2 (Big thing) is resolved, given by @dana after 2 h 5 min."));
    CHECK(contains(out, "The ad was withdrawn."));
    out = bot.run("crisis show 2", "bob");
    CHECK(contains(out, "Crisis #2 · sev2 · resolved"));
    CHECK(contains(out, "Summary: The ad was withdrawn."));
    CHECK(contains(out, "@bob declared: sev1 Big thing"));
    CHECK(contains(out, "@dana changed the severity: sev1 -> sev2"));
    CHECK(contains(out, "@dana gave the all-clear: The ad was withdrawn."));
    out = bot.run("crisis", "bob");
    CHECK(contains(out, "Active crises: 1"));
    CHECK_FALSE(contains(out, "Big thing"));
}

TEST_CASE(
    "crisis reminders: by severity, reset by an update, moved by severity, stopped at resolve") {
    CrisisBot bot;
    bot.run("crisis declare sev1 Outrage", "bob");
    CHECK(bot.advance(minutes(29)).empty());
    std::string out = bot.advance(minutes(1));
    CHECK(contains(out, "Reminder: no update on crisis #1 (Outrage) since 2026-11-18 12:06."));
    CHECK(bot.last_reply().recipient->id == "boss");
    // It keeps reminding every 30 minutes.
    CHECK(contains(bot.advance(minutes(30)), "Reminder: no update on crisis #1"));
    // An update restarts the count.
    bot.advance(minutes(10));
    bot.run("crisis update 1 Press office informed", "dana");
    CHECK(bot.advance(minutes(29)).empty());
    CHECK(contains(bot.advance(minutes(1)), "since 2026-11-18 13:16"));
    // sev3: daily, counted from the last update.
    bot.run("crisis update 1 Calmer now", "dana");
    bot.run("crisis severity 1 sev3", "boss");
    CHECK(bot.advance(hours(23)).empty());
    CHECK(contains(bot.advance(hours(1)), "Reminder: no update on crisis #1"));
    bot.run("crisis resolve 1 Over", "boss");
    CHECK(bot.job_store.all().empty());
    CHECK(bot.advance(hours(48)).empty());
}

TEST_CASE("crisis: German notice and replies") {
    CrisisBot bot({}, bot::Locale::de);
    const std::size_t before = bot.chat.sent.size();
    bot.run("crisis declare sev1 Shitstorm wegen Werbung", "bob");
    const auto* notice = notice_of(bot, before);
    REQUIRE(notice != nullptr);
    CHECK(contains(notice->text, "Krise #1 · sev1"));
    CHECK(contains(notice->text, "Leitung: @boss"));
    CHECK(contains(notice->text, "Ausgerufen von: @bob am 18.11.2026, 12:06 Uhr"));
    CHECK(contains(notice->text, "Notfallplan: 0 von 7 Schritten erledigt"));
    CHECK(contains(notice->text, "1. [ ] Fakten prüfen"));
    CHECK(contains(notice->text, "Krisenteam: @boss"));
    CHECK(contains(bot.run("crisis check 1 1", "dana"), "Schritt 1 von Krise #1 abgehakt"));
    CHECK(contains(bot.run("crisis check 1 0", "dana"), "'0' ist kein Schritt von Krise #1"));
    CHECK(contains(bot.run("crisis resolve 1 Vorbei", "boss"), "Entwarnung: Krise #1"));
}

TEST_SUITE_END();
