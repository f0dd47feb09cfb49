#include "bot/text/truncate.hpp"
#include "commands/ideas/idea_export.hpp"
#include "commands/ideas/idea_text.hpp"
#include "tests/fakes/idea_bot.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

using namespace onevoice;
using onevoice::tests::IdeaBot;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

bot::TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm) {
    return bot::TimeZone::utc().at(bot::LocalDate{y, m, d}, bot::LocalTime{hh, mm});
}

// An independent RFC 4180 reader: records of fields, quoted fields may hold
// commas, CRLF and doubled quotes.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            record.push_back(field);
            records.push_back(record);
            record.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());
    return records;
}

struct IcsProperty {
    std::string name; // with parameters: "DTSTART;VALUE=DATE"
    std::string value;
};

// An independent RFC 5545 reader: unfolds CRLF + space, splits at the first
// ':' and unescapes TEXT values.
std::vector<IcsProperty> parse_ics(const std::string& text) {
    std::string unfolded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += text[i];
    }
    std::vector<IcsProperty> properties;
    std::size_t start = 0;
    while (start < unfolded.size()) {
        const std::size_t end = unfolded.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        const std::string line = unfolded.substr(start, end - start);
        const std::size_t colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        std::string value;
        const std::string raw = line.substr(colon + 1);
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '\\' && i + 1 < raw.size()) {
                ++i;
                value += raw[i] == 'n' || raw[i] == 'N' ? '\n' : raw[i];
            } else {
                value += raw[i];
            }
        }
        properties.push_back({line.substr(0, colon), value});
        start = end + 2;
    }
    return properties;
}

std::vector<std::string> values_of(const std::vector<IcsProperty>& properties,
                                   const std::string& name) {
    std::vector<std::string> out;
    for (const auto& property : properties) {
        if (property.name == name) {
            out.push_back(property.value);
        }
    }
    return out;
}

bool is_utf8_start(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

// Every physical line: at most 75 octets, never starting inside a UTF-8 sequence.
void check_folding(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        CHECK(end - start <= 75);
        if (end > start) {
            const std::size_t first = text[start] == ' ' ? start + 1 : start;
            CHECK((first >= end || is_utf8_start(text[first])));
        }
        CHECK((end + 2 >= text.size() || is_utf8_start(text[end + 2])));
        start = end + 2;
    }
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
    CHECK(records[0] == std::vector<std::string>{"id", "date", "time", "channels", "title", "text",
                                                 "Status", "owner", "Votes", "Tags", "links"});
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
    CHECK(contains(description, "channels: facebook"));
    CHECK(values_of(properties, "CATEGORIES") == std::vector<std::string>{"facebook"});
    CHECK(properties.back().value == "VCALENDAR");
}

TEST_CASE("idea export: --out on the console, formats and periods checked") {
    IdeaBot bot;
    bot.run("idea export csv --out plan.csv", "bob");
    const auto& attachment = std::get<bot::Post>(bot.last_reply().intent).attachment;
    REQUIRE(attachment);
    CHECK(attachment->save_to == "plan.csv");
    CHECK(contains(bot.run("idea export ics week", "bob"), "(0 entries)"));
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
