#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace onevoice;
using onevoice::tests::TestBot;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// The line of `text` that contains `part`, without its newline; "" if none.
std::string line_with(const std::string& text, std::string_view part) {
    const std::size_t at = text.find(part);
    if (at == std::string::npos) {
        return {};
    }
    const std::size_t begin = text.rfind('\n', at);
    const std::size_t start = begin == std::string::npos ? 0 : begin + 1;
    return text.substr(start, text.find('\n', at) - start);
}

// Everything `team` can change, as one comparable string: members with their
// roles, open absences and expert topics.
std::string team_state(TestBot& bot) {
    std::string out;
    for (const storage::UserRow& member : bot.team.members()) {
        out += member.user_key + ":";
        for (const std::string& role : bot.team.roles_of(member.user_key)) {
            out += " " + role;
        }
        out += "\n";
    }
    for (const storage::AbsenceRow& absence : bot.team.all_absences_from("1970-01-01")) {
        out += absence.user_key + " " + absence.starts_on + ".." + absence.ends_on +
               " cover=" + absence.cover_key.value_or("-") + " " + absence.reason + "\n";
    }
    for (const storage::ExpertRow& expert : bot.team.all_experts()) {
        out += expert.topic + "=" + expert.user_key + "\n";
    }
    return out;
}

// A team of three: boss (manager), alice (community manager), bob (helper).
struct TeamFixture {
    explicit TeamFixture(bot::Locale locale = bot::Locale::en)
        : bot(locale) {
        bot.make_manager("boss");
        bot.run("team add @alice community", "boss");
        bot.run("team add @bob helper", "boss");
    }

    std::vector<std::string> roles(const std::string& name) {
        return bot.team.roles_of("console:" + name);
    }
    std::vector<storage::AbsenceRow> absences(const std::string& name) {
        return bot.team.absences_from("console:" + name, "2026-11-18");
    }

    // Runs a command that must fail: one private reply naming the problem and
    // the usage, and no change to the team.
    std::string refused(const std::string& line, const std::string& as,
                        const std::string& problem) {
        INFO("command: ", line, " (as ", as, ")");
        const std::string before = team_state(bot);
        const std::size_t sent = bot.chat.sent.size();
        std::string out = bot.run(line, as);
        const std::string usage = bot.catalog.locale() == bot::Locale::de ? "Aufruf:" : "Usage:";
        CHECK(bot.chat.sent.size() == sent + 1);
        CHECK(bot.last_reply().audience == bot::Audience::requester);
        CHECK_MESSAGE(contains(out, problem), out);
        CHECK_MESSAGE(contains(out, usage), out);
        CHECK(team_state(bot) == before);
        return out;
    }

    TestBot bot;
};

struct GermanTeamFixture : TeamFixture {
    GermanTeamFixture()
        : TeamFixture(bot::Locale::de) {}
};

} // namespace

TEST_SUITE_BEGIN("commands");

// --- the roster ---

TEST_CASE("team: an empty roster says so and how to add someone") {
    TestBot bot;
    const std::string out = bot.run("team", "newbie");
    CHECK(contains(out, "## Team"));
    CHECK(contains(out, "Nobody is on the team yet"));
    CHECK(contains(out, "team add @user <role>"));
}

TEST_CASE_FIXTURE(TeamFixture, "team: the roster lists every member with their roles, by name") {
    bot.run("team add @alice deputy", "boss");
    bot.run("team add @carol expert,helper", "boss");
    const std::string out = bot.run("team", "bob");
    CHECK(bot.last_reply().audience == bot::Audience::place);
    CHECK(contains(out, "- @alice — deputy, community manager"));
    CHECK(contains(out, "- @bob — helper"));
    CHECK(contains(out, "- @boss — manager"));
    CHECK(contains(out, "- @carol — expert, helper"));
    CHECK(out.find("@alice") < out.find("@bob —"));
    CHECK(out.find("@bob —") < out.find("@boss —"));
    CHECK(out.find("@boss —") < out.find("@carol —"));
}

TEST_CASE_FIXTURE(TeamFixture, "team: the roster shows current and upcoming absences and covers") {
    bot.run("team away @bob today friday cover @alice sick", "boss");
    bot.run("team away 2026-12-01 2026-12-05", "alice");
    // A finished absence is history, not roster material.
    storage::AbsenceRow old;
    old.user_key = "console:boss";
    old.starts_on = "2026-11-01";
    old.ends_on = "2026-11-17";
    old.created_by = "console:boss";
    bot.team.add_absence(old, 0);

    const std::string out = bot.run("team", "bob");
    CHECK(contains(out, "- @bob — helper · away until 2026-11-20, cover @alice\n"));
    // The reason only for the absent person and lead roles, privately.
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK(contains(out, "Why they are away (only you see this):\n- @bob: sick"));
    CHECK_FALSE(contains(bot.run("team", "zed"), "sick"));
    CHECK(contains(bot.run("team", "alice"), "@bob: sick"));
    CHECK(contains(out, "- @alice — community manager · away from 2026-12-01 to 2026-12-05"));
    CHECK(line_with(out, "@boss —") == "- @boss — manager");
    CHECK_FALSE(contains(out, "2026-11-17"));
}

TEST_CASE_FIXTURE(TeamFixture,
                  "team: a member with two planned absences shows both, soonest first") {
    bot.run("team away 2027-01-10 2027-01-12", "bob");
    bot.run("team away 2026-12-24 2026-12-26", "bob");
    const std::string out = bot.run("team", "bob");
    CHECK(contains(out, "away from 2026-12-24 to 2026-12-26 · away from 2027-01-10 to 2027-01-12"));
}

// --- team add ---

TEST_CASE_FIXTURE(TeamFixture, "team add: one role makes someone a member") {
    const std::string out = bot.run("team add @carol expert", "alice");
    CHECK(bot.last_reply().audience == bot::Audience::place);
    CHECK(contains(out, "@carol is now expert."));
    CHECK(roles("carol") == std::vector<std::string>{"expert"});
}

TEST_CASE_FIXTURE(TeamFixture, "team add: a comma list gives each role once") {
    SUBCASE("one word") {
        const std::string out = bot.run("team add @carol expert,helper,expert", "boss");
        CHECK(contains(out, "@carol is now expert, helper."));
    }
    SUBCASE("spaces after the commas") {
        const std::string out = bot.run("team add @carol Expert, HELPER", "boss");
        CHECK(contains(out, "@carol is now expert, helper."));
    }
    CHECK(roles("carol") == std::vector<std::string>{"expert", "helper"});
}

TEST_CASE_FIXTURE(TeamFixture, "team add: a role someone already has is reported, not doubled") {
    CHECK(contains(bot.run("team add @alice community", "boss"), "@alice already has that role."));
    CHECK(roles("alice") == std::vector<std::string>{"community"});

    const std::string out = bot.run("team add @alice community,expert", "boss");
    CHECK(contains(out, "@alice is now expert."));
    CHECK(roles("alice") == std::vector<std::string>{"community", "expert"});
}

TEST_CASE_FIXTURE(TeamFixture, "team add: a manager may make someone a manager") {
    CHECK(contains(bot.run("team add @alice manager", "boss"), "@alice is now manager."));
    CHECK(roles("alice") == std::vector<std::string>{"manager", "community"});
}

TEST_CASE_FIXTURE(TeamFixture, "team add: bad arguments are refused and nothing changes") {
    const std::string usage = "Usage: team add @user <role>[,<role>...]";
    SUBCASE("without a role") {
        CHECK(contains(refused("team add @carol", "boss", "Which role?"), usage));
        CHECK_FALSE(bot.team.find_user("console:carol"));
    }
    SUBCASE("an unknown role") {
        CHECK(contains(refused("team add @carol wizard", "boss", "Unknown role 'wizard'"), usage));
    }
    SUBCASE("an unknown role in a list adds none of them") {
        refused("team add @carol expert,wizard", "boss", "Unknown role 'wizard'");
        CHECK(roles("carol").empty());
    }
    SUBCASE("without anyone") {
        CHECK(contains(refused("team add", "boss", "Whom do you mean?"), usage));
    }
    SUBCASE("a name without @") {
        refused("team add carol expert", "boss", "'carol' is not a user");
    }
}

TEST_CASE_FIXTURE(TeamFixture, "team add: a helper is refused and nothing changes") {
    const std::string out = refused("team add @carol expert", "bob",
                                    "Only a manager, deputy or community manager may do that.");
    CHECK(contains(out, "Usage: team add @user <role>[,<role>...]"));
    CHECK(roles("carol").empty());
    CHECK(roles("bob") == std::vector<std::string>{"helper"});
}

TEST_CASE_FIXTURE(TeamFixture, "team add: a helper cannot promote themselves") {
    refused("team add @bob community", "bob", "Only a manager, deputy or community manager");
    refused("team add @bob manager", "stranger", "Only a manager, deputy or community manager");
    CHECK(roles("bob") == std::vector<std::string>{"helper"});
}

TEST_CASE_FIXTURE(TeamFixture, "team add: only a manager may grant the manager role") {
    SUBCASE("to someone else") {
        refused("team add @carol manager", "alice", "Only a manager may give or take the manager");
        CHECK(roles("carol").empty());
    }
    SUBCASE("to themselves") {
        refused("team add @alice manager", "alice", "Only a manager may give or take the manager");
    }
    SUBCASE("inside a list, nothing of the list is granted") {
        refused("team add @carol expert,manager", "alice", "Only a manager may give");
        CHECK(roles("carol").empty());
    }
}

// --- team remove ---

TEST_CASE_FIXTURE(TeamFixture, "team remove: a member leaves the roster with their topics") {
    bot.run("experts add @bob billing", "boss");
    const std::string out = bot.run("team remove @bob", "alice");
    CHECK(contains(out, "@bob is no longer on the team."));
    CHECK(roles("bob").empty());
    CHECK(bot.team.experts_for("billing").empty());
    CHECK_FALSE(contains(bot.run("team", "boss"), "@bob"));
}

TEST_CASE_FIXTURE(TeamFixture, "team remove: bad arguments are refused and nothing changes") {
    const std::string usage = "Usage: team remove @user";
    SUBCASE("someone not on the team") {
        CHECK(contains(refused("team remove @carol", "boss", "carol is not on the team."), usage));
        CHECK_FALSE(bot.team.find_user("console:carol"));
    }
    SUBCASE("without anyone") {
        CHECK(contains(refused("team remove", "boss", "Whom do you mean?"), usage));
    }
    SUBCASE("two people") {
        CHECK(contains(refused("team remove @bob @alice", "boss", "Unexpected '@alice'"), usage));
    }
    SUBCASE("by a helper") {
        refused("team remove @alice", "bob", "Only a manager, deputy or community manager");
    }
}

TEST_CASE_FIXTURE(TeamFixture, "team remove: the last manager stays") {
    const std::string out = refused("team remove @boss", "boss", "the team's last manager");
    CHECK(contains(out, "Usage: team remove @user"));
    CHECK(roles("boss") == std::vector<std::string>{"manager"});
}

TEST_CASE_FIXTURE(TeamFixture, "team remove: a community manager cannot remove a manager") {
    bot.run("team add @dana manager", "boss");
    refused("team remove @dana", "alice", "Only a manager may give or take the manager role.");
    refused("team remove @boss", "alice", "Only a manager may give or take the manager role.");
    CHECK(roles("dana") == std::vector<std::string>{"manager"});
}

TEST_CASE_FIXTURE(TeamFixture, "team remove: a manager may remove another manager, not the last") {
    bot.run("team add @dana manager", "boss");
    CHECK(contains(bot.run("team remove @boss", "dana"), "@boss is no longer on the team."));
    refused("team remove @dana", "dana", "the team's last manager");
}

// --- team away ---

TEST_CASE_FIXTURE(TeamFixture, "team away: anyone may mark themselves away") {
    const std::string out = bot.run("team away 2026-12-01 2026-12-05 conference in Berlin", "bob");
    CHECK(contains(out, "@bob is away from 2026-12-01 to 2026-12-05\n"));
    // The reason is private: said back only to whoever typed it.
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK(contains(out, "The reason (conference in Berlin) is shown only to lead roles"));
    const auto rows = absences("bob");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].starts_on == "2026-12-01");
    CHECK(rows[0].ends_on == "2026-12-05");
    CHECK_FALSE(rows[0].cover_key);
    CHECK(rows[0].reason == "conference in Berlin");
    CHECK(rows[0].created_by == "console:bob");
}

TEST_CASE_FIXTURE(TeamFixture, "team away: naming oneself needs no lead role") {
    CHECK(contains(bot.run("team away @bob today today", "bob"), "@bob is away until 2026-11-18"));
    CHECK(absences("bob").size() == 1);
}

TEST_CASE_FIXTURE(TeamFixture, "team away: a lead may mark someone else away") {
    const std::string out = bot.run("team away @bob today friday", "alice");
    CHECK(contains(out, "@bob is away until 2026-11-20"));
    const auto rows = absences("bob");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].created_by == "console:alice");
    CHECK(absences("alice").empty());
}

TEST_CASE_FIXTURE(TeamFixture, "team away: a helper cannot mark someone else away") {
    const std::string out =
        refused("team away @alice today friday", "bob",
                "Only a manager, deputy or community manager may do that for someone else.");
    CHECK(contains(out, "Usage: team away [@user] <from> <until> [cover @deputy] [reason...]"));
    CHECK(absences("alice").empty());
}

TEST_CASE_FIXTURE(TeamFixture, "team away: bad dates are refused and nothing changes") {
    SUBCASE("the last day before the first") {
        refused("team away 2026-12-05 2026-12-01", "bob",
                "The last day (2026-12-01) is before the first day (2026-12-05).");
    }
    SUBCASE("a day that does not exist") {
        refused("team away 2026-02-30 2026-03-02", "bob", "'2026-02-30' is not a date");
    }
    SUBCASE("not a date at all") {
        refused("team away today someday", "bob", "'someday' is not a date");
    }
    SUBCASE("an absence that is over") {
        refused("team away 2026-11-01 2026-11-17", "bob", "That absence is already over.");
    }
    SUBCASE("no dates") {
        refused("team away", "bob", "When? Give a first and a last day");
    }
    SUBCASE("one date") {
        refused("team away friday", "bob", "When? Give a first and a last day");
    }
    SUBCASE("someone, but no dates") {
        refused("team away @bob", "alice", "When? Give a first and a last day");
    }
    SUBCASE("a German word that is no date") {
        // German dates are accepted in an English team since issue #20; this one is none.
        refused("team away morgen bald", "bob", "'bald' is not a date");
    }
    CHECK(absences("bob").empty());
}

TEST_CASE_FIXTURE(TeamFixture, "team away: an absence that began in the past but goes on is fine") {
    CHECK(contains(bot.run("team away 2026-11-10 friday", "bob"), "@bob is away until 2026-11-20"));
}

TEST_CASE_FIXTURE(TeamFixture, "team away: German dates, and nächste Woche as a whole week") {
    // The clock says Wednesday, 2026-11-18; next week is 2026-11-23 to 2026-11-29.
    bot.run("team add @dana helper", "boss");
    bot.run("team add @erik helper", "boss");
    CHECK(contains(bot.run("team away nächste Woche cover @alice Urlaub", "bob"),
                   "@bob is away from 2026-11-23 to 2026-11-29, cover @alice"));
    const auto rows = absences("bob");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].reason == "Urlaub");
    CHECK(contains(bot.run("team away \"next week\"", "alice"),
                   "@alice is away from 2026-11-23 to 2026-11-29"));
    CHECK(contains(bot.run("team away @dana übermorgen 30.11.", "boss"),
                   "@dana is away from 2026-11-20 to 2026-11-30"));
    // Where a date is expected, nächste Woche is its Monday.
    CHECK(contains(bot.run("team away @erik Mo nächste Woche", "boss"), "2026-11-23"));
    CHECK(bot.team.absences_from("console:erik", "2026-11-18").at(0).ends_on == "2026-11-23");
}

TEST_CASE_FIXTURE(TeamFixture, "team away: today, tomorrow and weekday names") {
    // The clock says Wednesday, 2026-11-18.
    struct Case {
        const char* from;
        const char* until;
        const char* starts_on;
        const char* ends_on;
    };
    const Case cases[] = {
        {"today", "tomorrow", "2026-11-18", "2026-11-19"},
        {"Tomorrow", "friday", "2026-11-19", "2026-11-20"},
        {"friday", "monday", "2026-11-20", "2026-11-23"},
        {"wednesday", "wed", "2026-11-18", "2026-11-18"},
        {"thu", "Sunday", "2026-11-19", "2026-11-22"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.from);
        CAPTURE(c.until);
        TestBot fresh;
        fresh.run(std::string("team away ") + c.from + " " + c.until, "bob");
        const auto rows = fresh.team.absences_from("console:bob", "2026-11-18");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].starts_on == c.starts_on);
        CHECK(rows[0].ends_on == c.ends_on);
    }
}

TEST_CASE_FIXTURE(GermanTeamFixture, "team away: German date words with the German locale") {
    const std::string out = bot.run("team away morgen Freitag", "bob");
    CHECK(contains(out, "@bob ist abwesend von 19.11.2026 bis 20.11.2026"));
    const auto rows = absences("bob");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].starts_on == "2026-11-19");
    CHECK(rows[0].ends_on == "2026-11-20");

    CHECK(
        contains(bot.run("team away heute montag", "alice"), "@alice ist abwesend bis 23.11.2026"));
}

TEST_CASE_FIXTURE(TeamFixture, "team away: a cover is stored and told by direct message") {
    const std::size_t before = bot.chat.sent.size();
    const std::string out = bot.run("team away today friday cover @alice vacation", "bob");
    CHECK(contains(out, "@bob is away until 2026-11-20, cover @alice\n"));
    const auto rows = absences("bob");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].cover_key == "console:alice");
    CHECK(rows[0].reason == "vacation");

    REQUIRE(bot.chat.sent.size() == before + 3); // the post, the cover's DM, the private reason
    const auto& dm = bot.chat.sent[before + 1];
    CHECK(dm.reply.audience == bot::Audience::direct);
    REQUIRE(dm.reply.recipient);
    CHECK(dm.reply.recipient->key() == "console:alice");
    CHECK(contains(dm.text, "You cover for @bob from 2026-11-18 to 2026-11-20."));
}

TEST_CASE_FIXTURE(TeamFixture, "team away: no direct message when the requester is the cover") {
    const std::size_t before = bot.chat.sent.size();
    const std::string out = bot.run("team away @bob 2026-12-01 2026-12-05 COVER @boss", "boss");
    CHECK(contains(out, "@bob is away from 2026-12-01 to 2026-12-05, cover @boss"));
    CHECK(bot.chat.sent.size() == before + 1);
    CHECK(absences("bob").at(0).cover_key == "console:boss");
}

TEST_CASE_FIXTURE(TeamFixture, "team away: bad covers are refused and nothing changes") {
    SUBCASE("covering for oneself") {
        refused("team away today friday cover @bob", "bob", "Nobody can cover for themselves.");
    }
    SUBCASE("a lead names the absent person as their own cover") {
        refused("team away @bob today friday cover @bob", "alice",
                "Nobody can cover for themselves.");
    }
    SUBCASE("cover without a name") {
        refused("team away today friday cover", "bob", "Who covers? Write cover @name.");
    }
    SUBCASE("cover with something that is not a user") {
        refused("team away today friday cover alice", "bob", "'alice' is not a user");
    }
    CHECK(absences("bob").empty());
}

TEST_CASE_FIXTURE(TeamFixture, "team away: a reason of 500 characters is kept whole") {
    const std::string reason(500, 'r');
    bot.run("team away today friday " + reason, "bob");
    const auto rows = absences("bob");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].reason == reason);
}

TEST_CASE_FIXTURE(TeamFixture,
                  "team away: a reason of 501 characters is refused with the lengths") {
    const std::string out = refused("team away today friday " + std::string(501, 'r'), "bob",
                                    "That text is too long (501 characters; at most 500).");
    CHECK(contains(out, "Usage: team away [@user]"));
}

TEST_CASE_FIXTURE(TeamFixture,
                  "team away: a reason of 10 000 characters is refused with the lengths") {
    const std::string line = "team away today friday " + std::string(10'000, 'r');
    const std::string before = team_state(bot);
    const std::string out = bot.run(line, "bob");
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK(contains(out, "too long (10023 characters; at most 4000)"));
    CHECK(out.size() < 200);
    CHECK(team_state(bot) == before);
}

TEST_CASE_FIXTURE(TeamFixture,
                  "team away: a reason of 10 000 characters is refused with the usage line") {
    const std::string out = bot.run("team away today friday " + std::string(10'000, 'r'), "bob");
    CHECK(contains(out, "Usage:"));
}

// --- team back ---

TEST_CASE_FIXTURE(TeamFixture, "team back: someone who is not away is told so") {
    const std::string out = refused("team back", "bob", "bob is not marked as away.");
    CHECK(contains(out, "Usage: team back [@user]"));
}

TEST_CASE_FIXTURE(TeamFixture, "team back: a finished absence does not count") {
    storage::AbsenceRow old;
    old.user_key = "console:bob";
    old.starts_on = "2026-11-01";
    old.ends_on = "2026-11-17";
    old.created_by = "console:bob";
    bot.team.add_absence(old, 0);
    refused("team back", "bob", "bob is not marked as away.");
}

TEST_CASE_FIXTURE(TeamFixture, "team back: ends a current absence") {
    SUBCASE("begun days ago") {
        bot.run("team away 2026-11-16 friday cover @alice", "bob");
    }
    SUBCASE("begun today") {
        bot.run("team away today friday cover @alice", "bob");
    }
    CHECK(contains(bot.run("team", "bob"), "@bob — helper · away until 2026-11-20"));

    const std::string out = bot.run("team back", "bob");
    CHECK(bot.last_reply().audience == bot::Audience::place);
    CHECK(contains(out, "Welcome back, @bob!"));
    CHECK(absences("bob").empty());
    CHECK_FALSE(bot.availability.is_away("console:bob", bot::LocalDate{2026, 11, 18}));
    const std::string roster = bot.run("team", "bob");
    CHECK(line_with(roster, "@bob —") == "- @bob — helper");
    CHECK_FALSE(contains(roster, "away"));
}

TEST_CASE_FIXTURE(TeamFixture, "team back: ends an upcoming absence") {
    bot.run("team away 2026-12-01 2026-12-05", "bob");
    CHECK(contains(bot.run("team back", "bob"), "Welcome back, @bob!"));
    CHECK(absences("bob").empty());
    CHECK_FALSE(contains(bot.run("team", "bob"), "2026-12-01"));
}

TEST_CASE_FIXTURE(TeamFixture, "team back: a lead may end someone else's absence") {
    bot.run("team away today friday", "bob");
    CHECK(contains(bot.run("team back @bob", "alice"), "Welcome back, @bob!"));
    CHECK(absences("bob").empty());
}

TEST_CASE_FIXTURE(TeamFixture, "team back: bad requests are refused and nothing changes") {
    bot.run("team away today friday", "alice");
    bot.run("team away today friday", "bob");
    SUBCASE("a helper for someone else") {
        refused("team back @alice", "bob", "Only a manager, deputy or community manager");
    }
    SUBCASE("an extra word") {
        refused("team back @bob now", "bob", "Unexpected 'now'");
    }
    CHECK(absences("alice").size() == 1);
    CHECK(absences("bob").size() == 1);
}

// --- German replies ---

TEST_CASE_FIXTURE(GermanTeamFixture, "team (de): roles and dates read German") {
    CHECK(contains(bot.run("team add @carol community,expert", "boss"),
                   "@carol ist jetzt Community-Manager:in, Expert:in."));
    const std::size_t before = bot.chat.sent.size();
    const std::string out = bot.run("team away @alice 2030-01-01 2030-01-05 cover @carol", "boss");
    CHECK(contains(out, "@alice ist abwesend von 01.01.2030 bis 05.01.2030, Vertretung @carol"));
    REQUIRE(bot.chat.sent.size() == before + 2);
    CHECK(
        contains(bot.chat.sent.back().text, "Du vertrittst @alice von 01.01.2030 bis 05.01.2030."));

    const std::string roster = bot.run("team", "bob");
    CHECK(contains(roster, "- @boss — Social-Media-Manager:in"));
    CHECK(contains(roster, "- @bob — Helfer:in"));
    CHECK(contains(roster, "- @alice — Community-Manager:in · abwesend von 01.01.2030 bis "
                           "05.01.2030, Vertretung @carol"));
}

TEST_CASE_FIXTURE(GermanTeamFixture, "team (de): errors in German with the Aufruf line") {
    CHECK(
        contains(refused("team add @carol expert", "bob", "Das dürfen nur Social-Media-Manager:in"),
                 "Aufruf: team add @user <role>[,<role>...]"));
    refused("team add @carol zauberer", "boss", "Unbekannte Rolle „zauberer“");
    refused("team away 2030-01-05 2030-01-01", "bob",
            "Der letzte Tag (01.01.2030) liegt vor dem ersten Tag (05.01.2030).");
    refused("team back", "bob", "bob ist nicht als abwesend eingetragen.");
    refused("team remove @boss", "boss", "letzte Social-Media-Manager:in");
}

TEST_CASE_FIXTURE(TeamFixture, "team away: an absence overlapping another one is refused") {
    bot.run("team away 2030-01-01 2030-01-10", "bob");
    refused("team away 2030-01-10 2030-01-12", "bob", "bob is already away for part of that time");
    refused("team away 2029-12-20 2030-02-01", "bob", "use team back first");
    CHECK(contains(bot.run("team away 2030-01-11 2030-01-12", "bob"), "@bob is away from"));
}

TEST_CASE_FIXTURE(TeamFixture, "team: the roster has a Refresh button that replaces it in place") {
    bot.run("team", "bob");
    const bot::Reply& posted = bot.last_reply();
    CHECK(posted.as<bot::Post>());
    CHECK(contains(bot.chat.sent.back().text, "[Refresh] team"));

    bot::Action press;
    press.event_id = "press-1";
    press.action_id = "team.refresh";
    press.value = "team";
    press.user = TestBot::console_user("bob");
    press.place = bot::Place{"console", "console", "", true};
    press.source_message = "1700000000.000100";
    CHECK(bot.router.dispatch(press).kind == bot::RouteOutcome::Kind::done);
    bot.sender.pump();
    CHECK(bot.chat.sent.back().edited() == "1700000000.000100");
    CHECK(contains(bot.chat.sent.back().text, "## Team"));
}

TEST_SUITE_END();
