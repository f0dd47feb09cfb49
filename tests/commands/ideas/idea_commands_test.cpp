#include "commands/ideas/idea_text.hpp"
#include "tests/fakes/idea_bot.hpp"
#include "tests/fakes/refusal.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace onevoice;
using onevoice::tests::IdeaBot;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// A command that must fail and change nothing (tests/fakes/refusal.hpp).
std::string refused(IdeaBot& bot, const std::string& line, const std::string& as,
                    const std::string& problem) {
    return tests::check_refused(bot, line, as, problem, [&bot] { return bot.idea_state(); });
}

// Runs `idea vote <id>` as if its button had been pressed on message `source`.
std::string press_vote(IdeaBot& bot, std::int64_t id, const std::string& as,
                       const std::string& source) {
    bot::Command command;
    command.event_id = "press:" + std::to_string(++bot.events_sent);
    command.user = IdeaBot::console_user(as);
    command.place = bot::Place{"console", "console", "", true};
    command.text = "idea vote " + std::to_string(id);
    command.source_message = source;
    command.received_at = bot.clock.now();
    const std::size_t before = bot.chat.sent.size();
    bot.router.dispatch(std::move(command));
    bot.sender.pump();
    std::string out;
    for (std::size_t i = before; i < bot.chat.sent.size(); ++i) {
        out += bot.chat.sent[i].text + "\n\n";
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("idea add: tags, links, author and place, the card has a Vote button and an anchor") {
    IdeaBot bot;
    const std::string out = bot.run(
        "idea add Behind the scenes at the #Fair, see https://example.org/fair. #event", "bob");
    CHECK(contains(out, "## Idea #1"));
    CHECK(contains(out, "Behind the scenes at the #Fair, see https://example.org/fair. #event"));
    CHECK(contains(out, "Tags: #event, #fair"));
    CHECK(contains(out, "From: @bob"));
    CHECK(contains(out, "[Vote] idea vote 1"));
    CHECK(bot.last_reply().anchor() == "idea:1");
    const auto idea = bot.ideas.find(1);
    REQUIRE(idea);
    CHECK(idea->links == std::vector<std::string>{"https://example.org/fair"});
    CHECK(idea->author_key == "console:bob");
    CHECK(idea->conversation == "console");
    CHECK(bot.ideas.history(1).front().action == "created");

    SUBCASE("the bare form `idea <text>` and line breaks are kept") {
        bot.run("idea Line one\nline \"two\"", "alice");
        CHECK(bot.ideas.find(2)->text == "Line one\nline \"two\"");
    }
}

TEST_CASE("idea add: a tag is one tag whatever its case and however its umlauts are typed") {
    IdeaBot bot;
    bot.add_idea("Pricing page #LÖSUNGEN #lösungen #lo\u0308sungen", "bob");
    bot.add_idea("Case study #Lösungen", "alice");
    CHECK(bot.ideas.find(1)->tags == std::vector<std::string>{"lösungen"});
    const std::string out = bot.run("idea list #LO\u0308SUNGEN", "bob");
    CHECK(contains(out, "#1 Pricing page"));
    CHECK(contains(out, "#2 Case study"));
}

TEST_CASE("idea add: empty, at the limit, over the limit and over the router's limit") {
    IdeaBot bot;
    refused(bot, "idea add", "bob", "What is the idea?");
    refused(bot, "idea add    ", "bob", "What is the idea?");
    const std::string at_limit(commands::IdeaCommands::k_max_text, 'a');
    bot.run("idea add " + at_limit, "bob");
    CHECK(bot.ideas.find(1)->text == at_limit);
    refused(bot, "idea add " + at_limit + "b", "bob", "at most 2000");
    refused(bot, "idea add " + std::string(5000, 'x'), "bob", "too long");
}

TEST_CASE("idea: a typo of a subcommand is asked about, never captured as an idea") {
    IdeaBot bot;
    const std::int64_t id = bot.add_idea("Office dog portrait");
    CHECK(contains(refused(bot, "idea shwo 1", "bob", "Did you mean idea show 1?"),
                   "to capture an idea that starts with it, write idea add shwo …"));
    refused(bot, "idea Lsit approved", "bob", "Did you mean idea list approved?");
    refused(bot, "idea shedule 1 friday", "bob", "Did you mean idea schedule 1 friday?");
    refused(bot, "idea asign 1 @alice", "bob", "Did you mean idea assign 1 @alice?");
    CHECK(bot.newest() == id);
    // Typed with `add`, or not close to any subcommand, it is an idea.
    CHECK(contains(bot.run("idea add shwo the office", "bob"), "## Idea #2\nshwo the office"));
    CHECK(contains(bot.run("idea Showroom tour video", "bob"), "## Idea #3"));
    CHECK(contains(bot.run("idea Behind the scenes", "bob"), "## Idea #4"));
}

TEST_CASE("idea list: open by default, most votes first, filters by status, #tag and mine") {
    IdeaBot bot;
    bot.add_idea("Fair photos #event", "bob");
    bot.add_idea("Team portrait", "alice");
    bot.add_idea("Webinar recap #event", "bob");
    bot.run("idea vote 3", "alice");
    bot.run("idea status 2 rejected", "alice");
    std::string out = bot.run("idea list", "bob");
    CHECK(contains(out, "## Ideas: open"));
    CHECK(out.find("#3 Webinar recap") < out.find("#1 Fair photos"));
    CHECK_FALSE(contains(out, "#2 Team"));
    CHECK(contains(out, "1–2 of 2 (page 1 of 1)"));
    CHECK(contains(bot.run("idea list rejected", "bob"), "#2 Team portrait"));
    CHECK(contains(bot.run("idea list all", "bob"), "#2 Team portrait"));
    out = bot.run("idea list #EVENT mine", "bob");
    CHECK(contains(out, "#1 Fair"));
    CHECK(contains(out, "#3 Webinar"));
    CHECK(contains(bot.run("idea list mine", "boss"), "No ideas match"));
    refused(bot, "idea list bogus", "bob", "'bogus' is not a filter");
}

TEST_CASE("idea list: long lists are paged, never cut silently") {
    IdeaBot bot;
    for (int i = 1; i <= 23; ++i) {
        bot.add_idea("Idea number " + std::to_string(i), "bob");
    }
    std::string out = bot.run("idea list", "bob");
    CHECK(contains(out, "1–10 of 23 (page 1 of 3); next page: idea list open page 2"));
    CHECK(contains(out, "#23 Idea number 23"));
    out = bot.run("idea list page 3", "bob");
    CHECK(contains(out, "21–23 of 23 (page 3 of 3)"));
    CHECK(contains(out, "#1 Idea number 1"));
    CHECK_FALSE(contains(out, "next page"));
    refused(bot, "idea list page 4", "bob", "There is no page 4; there are 3");
}

TEST_CASE("idea vote: one vote per person, again takes it back, the posted card is edited") {
    IdeaBot bot;
    bot.chat.script.push_back(bot::DeliveryResult::posted("console", "card-1"));
    bot.add_idea("Fair photos", "bob");
    std::string out = bot.run("idea vote 1", "alice");
    CHECK(contains(out, "You voted for #1; it has 1 now."));
    CHECK(bot.ideas.find(1)->votes == 1);
    bool edited = false;
    for (const auto& sent : bot.chat.sent) {
        if (sent.edited() == "card-1" && contains(sent.text, "Votes: 1")) {
            edited = true;
        }
    }
    CHECK(edited);
    out = bot.run("idea vote #1", "alice");
    CHECK(contains(out, "You took back your vote for #1; it has 0 now."));
    CHECK(bot.ideas.find(1)->votes == 0);
    refused(bot, "idea vote 99", "alice", "There is no idea #99.");
    refused(bot, "idea vote one", "alice", "'one' is not an id");

    SUBCASE("a Vote button pressed elsewhere edits the card, not the message it sits on") {
        out = press_vote(bot, 1, "boss", "nudge-7");
        CHECK(contains(out, "Votes: 1"));
        bool is_card_edited = false;
        for (const auto& sent : bot.chat.sent) {
            CHECK(sent.edited() != "nudge-7");
            is_card_edited =
                is_card_edited || (sent.edited() == "card-1" && contains(sent.text, "Votes: 1"));
        }
        CHECK(is_card_edited);
    }
}

TEST_CASE("idea show: the card with the whole history") {
    IdeaBot bot;
    bot.add_idea("Fair photos", "bob");
    bot.run("idea vote 1", "alice");
    bot.run("idea assign 1 @alice", "boss");
    bot.run("idea status 1 approved looks good", "alice");
    const std::string out = bot.run("idea show 1", "bob");
    CHECK(contains(out, "Assigned to: @alice"));
    CHECK(contains(out, "Status: approved"));
    CHECK(contains(out, "History:"));
    CHECK(contains(out, "2026-11-18 12:06 @bob captured the idea"));
    CHECK(contains(out, "@alice voted"));
    CHECK(contains(out, "@boss assigned it to @alice"));
    CHECK(contains(out, "@alice set the status to approved"));
    CHECK(contains(out, "@alice noted: looks good"));
    refused(bot, "idea show", "bob", "Which idea?");
    refused(bot, "idea show 7", "bob", "There is no idea #7.");
}

TEST_CASE("idea assign: the assignee hears about it") {
    IdeaBot bot;
    bot.add_idea("Fair photos", "bob");
    const std::string out = bot.run("idea assign 1 @alice", "bob");
    CHECK(contains(out, "#1 is now with @alice."));
    CHECK(contains(out, "@bob assigned idea #1 to you: Fair photos"));
    CHECK(bot.ideas.find(1)->assignee_key == "console:alice");
    refused(bot, "idea assign 1", "bob", "Which idea, and for whom?");
    refused(bot, "idea assign 1 alice", "bob", "'alice' is not a user");
}

TEST_CASE("idea status: the workflow, lead-only decisions and illegal transitions") {
    IdeaBot bot;
    bot.add_idea("Fair photos", "bob");
    refused(bot, "idea status 1 approved", "bob",
            "Only a manager, deputy or community manager may approve or reject ideas.");
    refused(bot, "idea status 1 drafting", "alice",
            "#1 is new and cannot go to drafting. Allowed: approved, rejected.");
    refused(bot, "idea status 1 done", "alice", "'done' is not a status.");
    CHECK(contains(bot.run("idea status 1 approved", "alice"), "#1 is now approved."));
    CHECK(contains(bot.run("idea status 1 drafting", "bob"), "#1 is now drafting."));
    refused(bot, "idea status 1 scheduled", "bob", "idea schedule 1 <date>");
    refused(bot, "idea status 1 published", "bob", "Allowed: scheduled, rejected.");
    refused(bot, "idea status 1 rejected", "bob", "Only a manager");
    bot.run("idea status 1 rejected", "boss");
    refused(bot, "idea status 1 new", "boss", "#1 is rejected; its status cannot change any more.");
}

TEST_CASE("idea status and list: German status names in either locale, typos asked about") {
    for (const bot::Locale locale : {bot::Locale::en, bot::Locale::de}) {
        CAPTURE(static_cast<int>(locale));
        IdeaBot bot(locale);
        bot.add_idea("Fair photos", "bob");
        // A near miss is asked about with the corrected command; nothing changes.
        refused(bot, "idea status 1 genehmigtt Passt", "alice", "idea status 1 genehmigt Passt");
        refused(bot, "idea status 1 aproved", "alice", "idea status 1 approved");
        refused(bot, "idea list aproved", "alice", "idea list approved");
        bot.run("idea status 1 Genehmigt Passt", "alice");
        CHECK(bot.ideas.find(1)->status == "approved");
        bot.run("idea status 1 in Arbeit jetzt", "bob");
        CHECK(bot.ideas.find(1)->status == "drafting");
        CHECK(contains(bot.run("idea show 1", "bob"), "jetzt"));
        CHECK(contains(bot.run("idea list in Arbeit", "bob"), "#1 Fair photos"));
        CHECK(contains(bot.run("idea list \"in arbeit\"", "bob"), "#1 Fair photos"));
        CHECK_FALSE(contains(bot.run("idea list neu", "bob"), "#1 Fair photos"));
        bot.run("idea status 1 abgelehnt", "boss");
        CHECK(bot.ideas.find(1)->status == "rejected");
    }
}

TEST_CASE("status_at and status_typo: every German name, and near misses only") {
    using Words = std::vector<std::string>;
    const std::pair<const char*, const char*> names[] = {{"neu", "new"},
                                                         {"genehmigt", "approved"},
                                                         {"freigegeben", "approved"},
                                                         {"geplant", "scheduled"},
                                                         {"veröffentlicht", "published"},
                                                         {"VERÖFFENTLICHT", "published"},
                                                         {"abgelehnt", "rejected"},
                                                         {"Approved", "approved"}};
    for (const auto& [name, status] : names) {
        CAPTURE(name);
        const auto found = commands::status_at(Words{name, "note"});
        REQUIRE(found);
        CHECK(found->status == status);
        CHECK(found->length == 1);
        CHECK(commands::status_typo(name).empty());
    }
    CHECK(commands::status_at(Words{"In", "Arbeit", "x"})->length == 2);
    CHECK_FALSE(commands::status_at(Words{"in"}));
    CHECK_FALSE(commands::status_at(Words{}));
    CHECK(commands::status_typo("aproved") == "approved");
    CHECK(commands::status_typo("genehmigtt") == "genehmigt");
    // One slip from the spelling without umlaut, which is accepted too.
    CHECK(commands::status_typo("veroffentlicht") == "veroeffentlicht");
    CHECK(commands::status_typo("veröffentlich") == "veröffentlicht");
    CHECK(commands::status_typo("done").empty());
}

TEST_CASE("idea: German replies use the glossary's words") {
    IdeaBot bot(bot::Locale::de);
    std::string out = bot.run("idea Fotos von der Messe #messe", "bob");
    CHECK(contains(out, "## Idee #1"));
    CHECK(contains(out, "Status: neu"));
    CHECK(contains(out, "[Abstimmen] idea vote 1"));
    out = bot.run("idea vote 1", "alice");
    CHECK(contains(out, "Du hast für #1 abgestimmt; Stimmen jetzt: 1."));
    CHECK(contains(bot.run("idea status 1 approved", "alice"), "#1 ist jetzt freigegeben."));
    refused(bot, "idea status 1 published", "alice", "Möglich: drafting, rejected.");
    out = bot.run("idea list all", "bob");
    CHECK(contains(out, "#1 Fotos von der Messe #messe — 1 Stimme · freigegeben · #messe"));
    CHECK(contains(out, "1–1 von 1 (Seite 1 von 1)"));
}

TEST_SUITE_END();
