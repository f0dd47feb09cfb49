#include "bot/text/truncate.hpp"
#include "commands/ideas/idea_export.hpp"
#include "commands/ideas/idea_text.hpp"
#include "tests/fakes/calendar_files.hpp"
#include "tests/fakes/idea_bot.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

using namespace onevoice;
using onevoice::tests::check_folding;
using onevoice::tests::IdeaBot;
using onevoice::tests::parse_csv;
using onevoice::tests::parse_ics;
using onevoice::tests::values_of;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

bot::TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm) {
    return bot::TimeZone::utc().at(bot::LocalDate{y, m, d}, bot::LocalTime{hh, mm});
}

const std::string k_tricky = "Say \"hi\", friends; back\\slash\nGrüße aus Köln, naïve 😀 Ümlaut";

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("csv_field and ics_escape quote what their RFCs demand") {
    CHECK(commands::csv_field("plain") == "plain");
    CHECK(commands::csv_field("a,b") == "\"a,b\"");
    CHECK(commands::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(commands::csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(commands::csv_field("Grüße") == "Grüße");
    CHECK(commands::ics_escape("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf");
    // TEXT holds no control characters but tab (RFC 5545 §3.3.11, TSAFE-CHAR).
    CHECK(commands::ics_escape(std::string("a\tb\x01") + "c\x7f" + "\x1b" + "d") == "a\tbcd");
}

TEST_CASE("csv_field exports formula cells inert (OWASP CSV injection)") {
    CHECK(commands::csv_field("=1+2") == "'=1+2");
    CHECK(commands::csv_field("+49 30 1234") == "'+49 30 1234");
    CHECK(commands::csv_field("-5% today") == "'-5% today");
    CHECK(commands::csv_field("@SUM(A1:A2)") == "'@SUM(A1:A2)");
    CHECK(commands::csv_field("\tcmd") == "'\tcmd");
    // A leading CR: inert, and quoted because of the CR (RFC 4180).
    CHECK(commands::csv_field("\rcmd") == "\"'\rcmd\"");
    CHECK(commands::csv_field("=HYPERLINK(\"http://x.example\",\"go\")") ==
          "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"go\"\")\"");
    // Only the first character counts.
    CHECK(commands::csv_field("a=b") == "a=b");
    CHECK(commands::csv_field("#tag") == "#tag");
    CHECK(commands::csv_field("") == "");
}

TEST_CASE("ics_fold: at most 75 octets per line, never inside a UTF-8 character") {
    CHECK(commands::ics_fold("SHORT:x") == "SHORT:x\r\n");
    const std::string exact = "SUMMARY:" + std::string(67, 'a'); // 75 octets
    CHECK(commands::ics_fold(exact) == exact + "\r\n");
    std::string umlauts = "SUMMARY:";
    for (int i = 0; i < 100; ++i) {
        umlauts += i % 3 == 0 ? "ä" : i % 3 == 1 ? "€" : "😀";
    }
    const std::string folded = commands::ics_fold(umlauts);
    check_folding(folded);
    CHECK(parse_ics(folded).front().value == umlauts.substr(8));
    // "SUMMARY:" + 66 'a' + "ä": the 'ä' would straddle octet 75, so it moves to the next line.
    const std::string straddle = "SUMMARY:" + std::string(66, 'a') + "ä";
    CHECK(commands::ics_fold(straddle) == "SUMMARY:" + std::string(66, 'a') + "\r\n ä\r\n");
}

TEST_CASE("idea export csv: quotes, commas, newlines and umlauts survive a round trip") {
    IdeaBot bot;
    bot.run("idea add " + k_tricky + " #köln", "bob");
    bot.run("idea status 1 approved", "alice");
    bot.run("idea schedule 1 friday 09:30 linkedin blog", "alice");
    const std::string out = bot.run("idea export csv", "bob");
    CHECK(contains(out, "The editorial plan as CSV (1 entry)."));
    const auto& attachment = std::get<bot::Post>(bot.last_reply().intent).attachment;
    REQUIRE(attachment);
    CHECK(attachment->filename == "editorial-plan.csv");
    CHECK(attachment->media_type == "text/csv; charset=utf-8");
    CHECK(attachment->save_to.empty());
    REQUIRE(attachment->content.starts_with("\xEF\xBB\xBF"));
    const auto records = parse_csv(std::string_view(attachment->content).substr(3));
    REQUIRE(records.size() == 2);
    CHECK(records[0] == std::vector<std::string>{"ID", "Date", "Time", "Channels", "Title", "Text",
                                                 "Status", "Owner", "Votes", "Tags", "Links"});
    CHECK(records[1][0] == "1");
    CHECK(records[1][1] == "2026-11-20");
    CHECK(records[1][2] == "09:30");
    CHECK(records[1][3] == "blog linkedin");
    CHECK(records[1][4] == "Say \"hi\", friends; back\\slash");
    CHECK(records[1][5] == bot.ideas.find(1)->text);
    CHECK(records[1][5] == k_tricky + " #köln");
    CHECK(records[1][6] == "scheduled");
    CHECK(records[1][7] == "bob");
    CHECK(records[1][9] == "#köln");
}

TEST_CASE("idea export ics: UID, DTSTAMP, DTSTART in UTC, escaped and folded text") {
    IdeaBot bot;
    bot.clock.set(utc(2026, 10, 21, 10, 0)); // the week the clocks go back
    const std::string long_title =
        "Ein sehr langer Titel über die Messe in München, mit Umlauten äöü und Emoji 😀 am Ende";
    bot.run("idea add " + long_title + "\n" + k_tricky, "bob");
    bot.run("idea add Sunday post", "bob");
    bot.run("idea add All day post", "bob");
    for (const char* id : {"1", "2", "3"}) {
        bot.run(std::string("idea status ") + id + " approved", "alice");
    }
    bot.run("idea schedule 1 saturday 09:00 facebook", "alice");
    bot.run("idea schedule 2 sunday 09:00", "alice");
    bot.run("idea schedule 3 2026-10-30", "alice");
    bot.run("idea export ics", "bob");
    const auto& attachment = std::get<bot::Post>(bot.last_reply().intent).attachment;
    REQUIRE(attachment);
    CHECK(attachment->filename == "editorial-plan.ics");
    const std::string& ics = attachment->content;
    check_folding(ics);
    const auto properties = parse_ics(ics);
    CHECK(properties.front().name == "BEGIN");
    CHECK(properties.front().value == "VCALENDAR");
    CHECK(values_of(properties, "VERSION") == std::vector<std::string>{"2.0"});
    CHECK(values_of(properties, "UID") == std::vector<std::string>{"onevoice-idea-1@onevoice",
                                                                   "onevoice-idea-2@onevoice",
                                                                   "onevoice-idea-3@onevoice"});
    CHECK(values_of(properties, "DTSTAMP").front() == "20261021T100000Z");
    // 09:00 in Berlin is 07:00 UTC in summer time and 08:00 UTC after the change.
    CHECK(values_of(properties, "DTSTART") ==
          std::vector<std::string>{"20261024T070000Z", "20261025T080000Z"});
    CHECK(values_of(properties, "DTSTART;VALUE=DATE") == std::vector<std::string>{"20261030"});
    // Titles stop at 80 characters; the whole text is in DESCRIPTION.
    CHECK(values_of(properties, "SUMMARY").front() == bot::title_line(long_title));
    CHECK(values_of(properties, "SUMMARY").front().ends_with("😀 am…"));
    const std::string description = values_of(properties, "DESCRIPTION").front();
    CHECK(description.starts_with(long_title + "\n" + k_tricky + "\n\nStatus: scheduled"));
    CHECK(contains(description, "Channels: facebook"));
    CHECK(values_of(properties, "ORGANIZER;CN=\"Editorial plan\"") ==
          std::vector<std::string>(3, "mailto:noreply@onevoice.invalid"));
    CHECK(values_of(properties, "CATEGORIES") == std::vector<std::string>{"facebook"});
    CHECK(properties.back().value == "VCALENDAR");
}

TEST_CASE("idea export: --out on the console, formats and periods checked") {
    IdeaBot bot;
    bot.run("idea export csv --out plan.csv", "bob");
    const auto& attachment = std::get<bot::Post>(bot.last_reply().intent).attachment;
    REQUIRE(attachment);
    CHECK(attachment->save_to == "plan.csv");
    CHECK(contains(bot.run("idea export csv week", "bob"), "(0 entries)"));
    CHECK(contains(bot.run("idea export ics week", "bob"),
                   "Nothing is planned in this period, so there is no calendar to export"));
    CHECK(contains(bot.run("idea export pdf", "bob"), "Which format? csv or ics."));
    CHECK(contains(bot.run("idea export csv 2025-13", "bob"), "'2025-13' is not a period"));
    CHECK(contains(bot.run("idea export csv --out", "bob"), "Where to?"));

    bot::Command command;
    command.event_id = "slack-1";
    command.user = bot::UserRef{"slack", "U1", "carol", ""};
    command.place = bot::Place{"slack", "C1", "", false};
    command.text = "idea export csv --out /tmp/x.csv";
    bot.users.remember(command.user); // exports are for team members
    bot.team.add_role(command.user.key(), "helper", 0, "test");
    bot.router.dispatch(std::move(command));
    bot.sender.pump();
    CHECK(contains(bot.chat.sent.back().text, "--out works only on the console"));
}

TEST_SUITE_END();
