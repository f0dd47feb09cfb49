#include "bot/runtime/router.hpp"
#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace onevoice;
using onevoice::tests::TestBot;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("help: the overview lists every command with its summary") {
    TestBot bot;
    const std::string out = bot.run("help", "newbie");
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK(contains(out, "## OneVoice commands"));
    const auto specs = bot.router.specs();
    CHECK(specs.size() >= 3);
    for (const bot::CommandSpec* spec : specs) {
        CAPTURE(spec->name);
        CHECK(contains(out, "- " + spec->name + " — " + bot.catalog.text(spec->summary_key)));
    }
    CHECK(contains(out, "- team — who does what, and who covers whom"));
    CHECK(contains(out, "- experts — topics and their experts"));
    CHECK(contains(out, "- help — all commands, or the details of one"));
    CHECK(contains(out, "Type help <command> for usage and examples."));
}

TEST_CASE("help: every registered text exists in both languages") {
    for (const bot::Locale locale : {bot::Locale::en, bot::Locale::de}) {
        TestBot bot(locale);
        for (const bot::CommandSpec* spec : bot.router.specs()) {
            CAPTURE(spec->name);
            CHECK(bot.catalog.has(spec->summary_key));
            for (const bot::SubcommandSpec& sub : spec->subcommands) {
                CAPTURE(sub.usage);
                CHECK(bot.catalog.has(sub.summary_key));
            }
        }
    }
}

TEST_CASE("help team: every usage line and example") {
    TestBot bot;
    const std::string out = bot.run("help team", "newbie");
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK(contains(out, "## team — who does what, and who covers whom"));
    const bot::CommandSpec* spec = bot.router.find("team");
    REQUIRE(spec);
    for (const std::string& usage : bot::usage_lines(*spec)) {
        CAPTURE(usage);
        CHECK(contains(out, "- " + usage + " — "));
    }
    REQUIRE(!spec->examples.empty());
    CHECK(contains(out, "Examples:"));
    for (const std::string& example : spec->examples) {
        CAPTURE(example);
        CHECK(contains(out, "- " + example));
    }
    CHECK(contains(out, "- team add @user <role>[,<role>...] — give someone one or more roles "
                        "(lead roles only)"));
    CHECK(contains(out, "- team away [@user] <from> <until> [cover @deputy] [reason...] — mark an "
                        "absence (for someone else: lead roles only)\n"));
    CHECK(contains(out, "- team away 2030-07-01 2030-07-14 cover @bob vacation"));
}

TEST_CASE("help experts: usage lines, lead-only marks and examples") {
    TestBot bot;
    const std::string out = bot.run("help experts", "newbie");
    CHECK(contains(out, "- experts — every topic with its experts\n"));
    CHECK(contains(out, "- experts add @user <topic>[,<topic>...] — make someone the expert for "
                        "topics (lead roles only)"));
    CHECK(contains(out, "- experts remove @user [<topic>] — remove a topic, or all of them "
                        "(lead roles only)"));
    CHECK(contains(out, "- experts add @alice billing,shipping"));
}

TEST_CASE("help: the command may be written as typed on a platform") {
    TestBot bot;
    const std::string expected = "## team — who does what, and who covers whom";
    for (const char* line : {"help /team", "help !team", "help TEAM", "/help team"}) {
        CAPTURE(line);
        CHECK(contains(bot.run(line, "newbie"), expected));
    }
}

TEST_CASE("help: an unknown command is refused with the usage line") {
    TestBot bot;
    std::string out = bot.run("help nosuch", "newbie");
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK(contains(out, "Unknown command 'nosuch'."));
    CHECK(contains(out, "Usage: help [command]"));

    out = bot.run("help team add", "newbie");
    CHECK(contains(out, "Unexpected 'add'."));
    CHECK(contains(out, "Usage: help [command]"));
}

TEST_CASE("help (de): overview and details in German") {
    TestBot bot(bot::Locale::de);
    std::string out = bot.run("help", "newbie");
    CHECK(contains(out, "## OneVoice-Befehle"));
    CHECK(contains(out, "- team — wer was macht und wer wen vertritt"));
    CHECK(contains(out, "- experts — Themen und ihre Expert:innen"));
    CHECK(contains(out, "Mit help <Befehl> siehst du Aufruf und Beispiele."));

    out = bot.run("help team", "newbie");
    CHECK(contains(out, "## team — wer was macht und wer wen vertritt"));
    CHECK(contains(out, "- team add @user <role>[,<role>...] — jemandem eine oder mehrere Rollen "
                        "geben (nur Leitungsrollen)"));
    CHECK(contains(out, "Beispiele:"));
    CHECK(contains(out, "- team back"));

    out = bot.run("help nosuch", "newbie");
    CHECK(contains(out, "Unbekannter Befehl „nosuch“."));
    CHECK(contains(out, "Aufruf: help [command]"));
}

TEST_SUITE_END();
