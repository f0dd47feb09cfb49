// The plan's files and the times that go into it, end to end on the console
// (issue #20): the built binary writes `idea export csv|ics --out FILE`, which
// the test reads back with readers written from the RFCs; a local time the
// clocks skip or read twice is refused, in English and German.
#include "tests/fakes/calendar_files.hpp"
#include "tests/fakes/console_bot.hpp"
#include "tests/fakes/console_output.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

using onevoice::tests::check_folding;
using onevoice::tests::console_session;
using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::IcsProperty;
using onevoice::tests::in_order;
using onevoice::tests::parse_csv;
using onevoice::tests::parse_ics;
using onevoice::tests::read_file;
using onevoice::tests::TempDir;

namespace {

// Wednesday 2026-11-18, 12:06 in Berlin (UTC+1).
const std::string k_start = "2026-11-18T11:06:00Z";

// Idea `id` approved and planned for Friday 2026-11-20 at `time` on LinkedIn.
std::string approve_and_plan(int id, const std::string& time) {
    const std::string n = std::to_string(id);
    return "/idea status " + n + " approved\n/idea schedule " + n + " 2026-11-20 " + time +
           " linkedin\n";
}

// The records of an exported CSV file, which starts with a UTF-8 byte order mark.
std::vector<std::vector<std::string>> csv_records(const std::string& file) {
    const std::string content = read_file(file);
    REQUIRE(content.starts_with("\xEF\xBB\xBF"));
    return parse_csv(std::string_view(content).substr(3));
}

// How often each property (its name without parameters) occurs in each VEVENT.
std::vector<std::map<std::string, int>>
event_property_counts(const std::vector<IcsProperty>& properties) {
    std::vector<std::map<std::string, int>> events;
    bool inside = false;
    for (const IcsProperty& property : properties) {
        const std::string name = property.name.substr(0, property.name.find(';'));
        if (name == "BEGIN" && property.value == "VEVENT") {
            events.emplace_back();
            inside = true;
        } else if (name == "END" && property.value == "VEVENT") {
            inside = false;
        } else if (inside) {
            ++events.back()[name];
        }
    }
    return events;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("console exports e2e: idea export csv writes formula cells inert under a header in one "
          "style") {
    TempDir dir;
    const std::string out = console_session(
        dir, k_start, "@boss",
        "/idea add =HYPERLINK(\"http://evil.example/x\",\"Click me\")\n"
        "/idea add +1 for the fair photos\n"
        "/idea add -5% at the fair stand\n"
        "/idea add @SUM(1+1) in a title\n"
        "/idea add Plain post, no formula\n" +
            approve_and_plan(1, "09:00") + approve_and_plan(2, "09:30") +
            approve_and_plan(3, "10:00") + approve_and_plan(4, "10:30") +
            approve_and_plan(5, "11:00") + "/idea export csv --out " + dir.file("plan.csv") + "\n");
    INFO(out);
    CHECK(contains(out, "Saved editorial-plan.csv to " + dir.file("plan.csv")));
    const auto records = csv_records(dir.file("plan.csv"));
    REQUIRE(records.size() == 6);
    CHECK(records[0] == std::vector<std::string>{"ID", "Date", "Time", "Channels", "Title", "Text",
                                                 "Status", "Owner", "Votes", "Tags", "Links"});
    std::map<std::string, std::vector<std::string>> by_id;
    for (std::size_t i = 1; i < records.size(); ++i) {
        REQUIRE(records[i].size() == records[0].size());
        by_id[records[i][0]] = records[i];
        // No cell a spreadsheet would run as a formula (OWASP "CSV Injection").
        for (const std::string& cell : records[i]) {
            CHECK_MESSAGE((cell.empty() || std::string_view("=+-@\t\r").find(cell.front()) ==
                                               std::string_view::npos),
                          "cell: " << cell);
        }
    }
    CHECK(by_id["1"][4] == "'=HYPERLINK(\"http://evil.example/x\",\"Click me\")");
    CHECK(by_id["1"][5] == "'=HYPERLINK(\"http://evil.example/x\",\"Click me\")");
    CHECK(by_id["2"][4] == "'+1 for the fair photos");
    CHECK(by_id["3"][4] == "'-5% at the fair stand");
    CHECK(by_id["4"][5] == "'@SUM(1+1) in a title");
    // Text that is not a formula stays exactly as typed.
    CHECK(by_id["5"][4] == "Plain post, no formula");
    CHECK(by_id["5"][2] == "11:00");

    // German column names in the same style.
    const std::string de = console_session(
        dir, k_start, "@boss", "/idea export csv --out " + dir.file("plan-de.csv") + "\n", "",
        {"--locale", "de"});
    INFO(de);
    CHECK(csv_records(dir.file("plan-de.csv"))[0] ==
          std::vector<std::string>{"ID", "Datum", "Uhrzeit", "Kanäle", "Titel", "Text", "Status",
                                   "Zuständig", "Stimmen", "Tags", "Links"});
}

TEST_CASE("console exports e2e: idea export ics has the ORGANIZER RFC 5546 wants for PUBLISH, "
          "folded CRLF lines, and no empty calendar") {
    TempDir dir;
    const std::string config = "[ideas]\ncalendar_organizer = \"social@example.org\"\n";
    const std::string out =
        console_session(dir, k_start, "@boss",
                        "/idea add Fair recap; photos, quotes and a long line that needs folding: "
                        "Grüße aus Köln, München und Düsseldorf\n"
                        "/idea add Second post\n" +
                            approve_and_plan(1, "09:00") + "/idea status 2 approved\n" +
                            "/idea schedule 2 2026-11-21\n" + "/idea export ics --out " +
                            dir.file("plan.ics") + "\n/idea export ics 2030-01\n",
                        config);
    INFO(out);
    CHECK(contains(out, "Saved editorial-plan.ics to " + dir.file("plan.ics")));
    const std::string ics = read_file(dir.file("plan.ics"));
    // Every line ends in CRLF (RFC 5545 §3.1) and is at most 75 octets.
    CHECK(count_of(ics, "\n") == count_of(ics, "\r\n"));
    check_folding(ics);
    const auto properties = parse_ics(ics);
    CHECK(onevoice::tests::values_of(properties, "METHOD") == std::vector<std::string>{"PUBLISH"});
    CHECK(onevoice::tests::values_of(properties, "VERSION") == std::vector<std::string>{"2.0"});
    CHECK(onevoice::tests::values_of(properties, "PRODID").size() == 1);
    const auto events = event_property_counts(properties);
    REQUIRE(events.size() == 2);
    for (const auto& counts : events) {
        // RFC 5546 §3.2.1, PUBLISH: exactly one of each.
        for (const char* name : {"UID", "DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY"}) {
            CHECK_MESSAGE(counts.count(name) == 1, name);
            CHECK_MESSAGE((counts.count(name) == 0 || counts.at(name) == 1), name);
        }
    }
    CHECK(onevoice::tests::values_of(properties, "ORGANIZER;CN=\"Editorial plan\"") ==
          std::vector<std::string>(2, "mailto:social@example.org"));
    CHECK(onevoice::tests::values_of(properties, "SUMMARY").front() ==
          "Fair recap; photos, quotes and a long line that needs folding: Grüße aus Köln, M…");
    CHECK(contains(ics, "SUMMARY:Fair recap\\; photos\\, quotes"));
    // A month with nothing planned has no calendar: iCalendar needs at least one event.
    CHECK(contains(out, "Nothing is planned in this period, so there is no calendar to export"));
    CHECK(count_of(out, "BEGIN:VCALENDAR") == 0);
}

TEST_CASE("console exports e2e: a time the clocks skip or read twice is refused with the times "
          "around the change, in English and German") {
    TempDir dir;
    // Saturday 2027-03-20 in Berlin; the clocks go forward on 2027-03-28 and back on 2027-10-31.
    const std::string start = "2027-03-20T10:00:00Z";
    const std::string out = console_session(dir, start, "@boss",
                                            "/idea add Spring post\n/idea status 1 approved\n"
                                            "/idea schedule 1 2027-03-28 02:30 linkedin\n"
                                            "/idea schedule 1 2027-10-31 02:30 linkedin\n"
                                            "/idea show 1\n"
                                            "/idea schedule 1 2027-03-28 03:00 linkedin\n"
                                            "/idea export ics 2027-03\n");
    INFO(out);
    CHECK(in_order(
        out, {"02:30 does not exist on 2027-03-28 in Europe/Berlin: the clocks jump from 02:00 "
              "straight to 03:00. Nothing was changed; the nearest times are 01:59 and 03:00.",
              "02:30 happens twice on 2027-10-31 in Europe/Berlin: first in CEST (UTC+02:00), then "
              "again in CET (UTC+01:00) after the clocks go back. Nothing was changed; pick a time "
              "before 02:00 or from 03:00 on, which happens only once.",
              "Status: approved", "#1 is planned for Sunday, 2027-03-28 03:00",
              "DTSTART:20270328T010000Z"}));
    // Neither refused time was stored.
    CHECK(count_of(out, "is planned for") == 1);
    CHECK_FALSE(contains(out, "Planned: 2027-03-28 02:30"));

    const std::string de =
        console_session(dir, start, "@boss",
                        "/idea schedule 1 2027-03-28 02:30\n"
                        "/idea schedule 1 2027-10-31 02:30\n/idea plan 2027-03\n",
                        "", {"--locale", "de"});
    INFO(de);
    CHECK(in_order(de, {"02:30 Uhr gibt es am 28.03.2027 in Europe/Berlin nicht: Die Uhren "
                        "springen von 02:00 Uhr direkt auf 03:00 Uhr. Nichts wurde geändert; die "
                        "nächsten gültigen Zeiten sind 01:59 Uhr und 03:00 Uhr.",
                        "02:30 Uhr gibt es am 31.10.2027 in Europe/Berlin zweimal: zuerst in CEST "
                        "(UTC+02:00), dann noch einmal in CET (UTC+01:00), wenn die Uhren "
                        "zurückgestellt werden. Nichts wurde geändert; wähle eine Zeit vor 02:00 "
                        "Uhr oder ab 03:00 Uhr, die es nur einmal gibt.",
                        "03:00 Uhr · linkedin · Spring post"}));
}

TEST_SUITE_END();
