// Crisis notices end to end through Matrix, in German (issue #7, "Done when"):
// the built binary against FakeMatrix on a test clock (ONEVOICE_TEST_CLOCK_FILE),
// with a crisis room and crisis.open_channel. Declared by a helper, the team is
// alerted in direct rooms (the cover in place of an absent member), the notice
// is pinned and copied into a room of the crisis's own, the lead is reminded
// until an update, a statement is approved into the notice, the all-clear
// unpins it, and the report is uploaded with every step and its durations.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using nlohmann::json;
using onevoice::tests::FakeMatrix;
using onevoice::tests::MatrixBot;
using onevoice::tests::MatrixBotOptions;
using onevoice::tests::MatrixEvent;
using onevoice::tests::MatrixRequest;
using onevoice::tests::shown_command;
using onevoice::tests::TempDir;

namespace {

const std::string k_team = MatrixBot::k_team_room;
const std::string k_alice = MatrixBot::k_admin; // manager, so the crisis lead
const std::string k_dina = "@dina:example.org"; // deputy
const std::string k_carl = "@carl:example.org"; // community manager, away
const std::string k_bob = "@bob:example.org";   // carl's cover
const std::string k_erik = "@erik:example.org"; // a helper, who declares
const std::string k_crisis = "!crisis:example.org";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// What the bot asked POST /createRoom for, answered with a room: direct rooms and others.
std::vector<MatrixRequest> created(const FakeMatrix& fake, bool is_direct) {
    std::vector<MatrixRequest> out;
    for (const MatrixRequest& request : fake.requests()) {
        if (request.method == "POST" && request.path.ends_with("/createRoom") &&
            request.status == 200 && request.body.value("is_direct", false) == is_direct) {
            out.push_back(request);
        }
    }
    return out;
}

// The direct room the bot made for `user`; "" if none.
std::string direct_room(const FakeMatrix& fake, const std::string& user) {
    for (const MatrixRequest& request : created(fake, true)) {
        if (request.body.value("invite", json::array()) == json::array({user})) {
            return request.response.value("room_id", "");
        }
    }
    return "";
}

// The bot's messages in `room` whose body contains `part`.
std::vector<MatrixEvent> messages(const FakeMatrix& fake, const std::string& room,
                                  const std::string& part) {
    std::vector<MatrixEvent> out;
    for (const MatrixEvent& event : fake.bot_messages(room)) {
        if (contains(event.content.value("body", ""), part)) {
            out.push_back(event);
        }
    }
    return out;
}

// A rename, so the bot never reads half a time.
void set_clock(const TempDir& dir, const std::string& time) {
    dir.write("clock.new", time);
    std::rename(dir.file("clock.new").c_str(), dir.file("clock").c_str());
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Matrix crisis e2e (German): alerts, pinned notice, own room, reminders, approval, "
          "all-clear, report") {
    onevoice::tests::FakeMatrixOptions homeserver;
    // This test's clock stands still between its steps, and the bot measures a wait the
    // homeserver asks for on it: a paced send would wait until the next step.
    homeserver.send_burst = 0;
    FakeMatrix fake(homeserver);
    fake.create_room(k_team, {k_alice, k_dina, k_carl, k_bob, k_erik}, true);
    fake.create_room(k_crisis, {k_alice, k_dina, k_carl, k_bob, k_erik}, true);
    TempDir dir;
    dir.write("clock", "2026-11-18T11:06:00Z"); // Wednesday, 12:06 in Berlin
    MatrixBotOptions options;
    options.settings = "time_zone = \"Europe/Berlin\"\nlocale = \"de\"\n[crisis]\nchannel = \"" +
                       k_crisis + "\"\nopen_channel = true\n";
    options.env["ONEVOICE_TEST_CLOCK_FILE"] = dir.file("clock");
    MatrixBot bot(fake, dir, options);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());
    const auto say = [&](const std::string& user, const std::string& text) {
        fake.send_text(k_team, user, text);
    };
    say(k_alice, "!team add " + k_dina + " deputy");
    say(k_alice, "!team add " + k_carl + " community");
    say(k_alice, "!team add " + k_bob + " helper");
    say(k_alice, "!team add " + k_erik + " helper");
    say(k_alice, "!team away " + k_carl + " 2026-11-16 2026-11-20 cover " + k_bob);
    REQUIRE(bot.wait([&] { return !direct_room(fake, k_bob).empty(); }));

    // Declare: the notice in the crisis room, pinned.
    say(k_erik, "!crisis declare sev1 Empörung über die Werbung");
    REQUIRE(bot.wait([&] { return !messages(fake, k_crisis, "Krisenteam").empty(); }));
    const MatrixEvent notice = messages(fake, k_crisis, "Krisenteam").at(0);
    CHECK(contains(notice.content["body"], "Krise #1 · sev1"));
    CHECK(contains(notice.content["body"], "Empörung über die Werbung"));
    CHECK(contains(notice.content["body"], "(Vertretung für"));
    REQUIRE(bot.wait(
        [&] { return fake.pinned(k_crisis) == std::vector<std::string>{notice.event_id}; }));

    // The team is alerted in direct rooms: carl's cover instead of carl, not erik himself.
    REQUIRE(bot.wait([&] {
        return messages(fake, direct_room(fake, k_bob), "als Vertretung für").size() == 1;
    }));
    for (const std::string& member : {k_alice, k_dina}) {
        REQUIRE(bot.wait([&] {
            return messages(fake, direct_room(fake, member), "Krise #1 (sev1)").size() == 1;
        }));
    }
    CHECK(direct_room(fake, k_carl).empty());
    CHECK(direct_room(fake, k_erik).empty());

    // The crisis's own private room, with the team invited and the notice copied in.
    REQUIRE(bot.wait([&] { return created(fake, false).size() == 1; }));
    const MatrixRequest opened = created(fake, false).at(0);
    CHECK(opened.body["name"] == "krise 1 Empörung über die Werbung");
    CHECK(opened.body["preset"] == "private_chat");
    const std::string invited = opened.body["invite"].dump();
    for (const std::string& member : {k_erik, k_alice, k_dina, k_bob}) {
        CHECK(contains(invited, member));
    }
    CHECK_FALSE(contains(invited, k_carl));
    const std::string own = opened.response.value("room_id", "");
    REQUIRE(bot.wait([&] { return messages(fake, own, "Empörung über die Werbung").size() == 1; }));

    // No update for 30 minutes: the lead is reminded, in a direct room.
    set_clock(dir, "2026-11-18T11:37:00Z");
    const std::string alice_room = direct_room(fake, k_alice);
    REQUIRE(bot.wait([&] {
        return messages(fake, alice_room, "Erinnerung: kein Update zu Krise #1").size() == 1;
    }));

    // An update goes to the crisis room and the crisis's own room.
    set_clock(dir, "2026-11-18T11:41:00Z");
    say(k_dina, "!crisis update 1 Fakten geprüft, die Werbung ist gestoppt");
    REQUIRE(bot.wait([&] { return messages(fake, own, "Fakten geprüft").size() == 1; }));
    CHECK(messages(fake, k_crisis, "Fakten geprüft").size() == 1);

    // Mit einer Stimme: proposed, approved by the manager, shown in the notice (an edit).
    set_clock(dir, "2026-11-18T11:46:00Z");
    say(k_dina, "!crisis statement 1 Wir haben verstanden und die Werbung gestoppt.");
    REQUIRE(bot.wait(
        [&] { return !messages(fake, k_crisis, "Stellungnahme #1 zu Krise #1").empty(); }));
    set_clock(dir, "2026-11-18T11:51:00Z");
    say(k_alice, "!crisis approve 1");
    REQUIRE(bot.wait([&] {
        for (const MatrixEvent& event : messages(fake, k_crisis, "die Werbung gestoppt.")) {
            const json relation = event.content.value("m.relates_to", json::object());
            if (relation.value("rel_type", "") == "m.replace" &&
                relation.value("event_id", "") == notice.event_id) {
                return true;
            }
        }
        return false;
    }));

    // Past two reminder rhythms since the declaration, but not 30 minutes since the
    // update: the reminders started over, none more yet. Then the all-clear unpins.
    set_clock(dir, "2026-11-18T12:08:00Z");
    say(k_alice, "!crisis resolve 1 Die Werbung ist zurückgezogen, es ist ruhig.");
    REQUIRE(
        bot.wait([&] { return !messages(fake, k_crisis, "ist beendet, Entwarnung von").empty(); }));
    REQUIRE(bot.wait([&] { return fake.pinned(k_crisis).empty(); }));

    // Hours later: no reminder for a resolved crisis. The report is uploaded.
    set_clock(dir, "2026-11-18T16:00:00Z");
    say(k_alice, "!crisis report 1");
    std::optional<MatrixEvent> file;
    REQUIRE(bot.wait([&] {
        for (const MatrixEvent& event : fake.bot_messages(k_team)) {
            if (event.content.value("msgtype", "") == "m.file") {
                file = event;
            }
        }
        return file.has_value();
    }));
    CHECK(messages(fake, alice_room, "Erinnerung").size() == 1);
    CHECK(file->content["filename"] == "crisis-1-report.md");
    const std::string report = fake.media(file->content.value("url", ""));
    INFO(report);
    CHECK(contains(report, "# Krisenbericht #1: Empörung über die Werbung"));
    CHECK(contains(report, "**Ausgerufen bis erstes Update:** 35 min"));
    CHECK(contains(report, "**Erstes Update bis freigegebene Stellungnahme:** 10 min"));
    CHECK(contains(report, "**Ausgerufen bis freigegebene Stellungnahme:** 45 min"));
    CHECK(contains(report, "**Freigegebene Stellungnahme bis Entwarnung:** 17 min"));
    CHECK(contains(report, "**Ausgerufen bis Entwarnung:** 1 h 2 min"));
    CHECK(contains(report, "hat ausgerufen: sev1 Empörung über die Werbung"));
    CHECK(contains(report, "hat ein Update gepostet: Fakten geprüft, die Werbung ist gestoppt"));
    CHECK(contains(report, "hat eine Stellungnahme vorgeschlagen"));
    CHECK(contains(report, "hat freigegeben: Stellungnahme"));
    CHECK(contains(report, "hat Entwarnung gegeben: Die Werbung ist zurückgezogen, es ist ruhig."));
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Matrix crisis e2e: under [crisis] confirm = true the notice is pinned when the shown "
          "command confirms it - Pause all and Resume as shown") {
    onevoice::tests::FakeMatrixOptions homeserver;
    homeserver.send_burst = 0; // the clock stands still between steps (see above)
    FakeMatrix fake(homeserver);
    fake.create_room(k_team, {k_alice, k_dina, k_erik}, true);
    TempDir dir;
    MatrixBotOptions options;
    options.clock_start = "2026-11-18T11:06:00Z"; // Wednesday, 12:06 in Berlin
    options.settings = "time_zone = \"Europe/Berlin\"\n[crisis]\nconfirm = true\n";
    MatrixBot bot(fake, dir, options);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());
    const auto say = [&](const std::string& user, const std::string& text) {
        fake.send_text(k_team, user, text);
    };
    // The one message in the team room with `part`, once it is there.
    const auto one = [&](const std::string& part) {
        REQUIRE(bot.wait([&] { return !messages(fake, k_team, part).empty(); }));
        CHECK(messages(fake, k_team, part).size() == 1);
        return messages(fake, k_team, part).front();
    };
    say(k_alice, "!team add " + k_dina + " deputy");
    say(k_alice, "!team add " + k_erik + " helper");
    say(k_alice, "!idea add Black Friday teaser");
    say(k_alice, "!idea status 1 approved");
    say(k_alice, "!idea schedule 1 2026-11-19 10:00 instagram");
    one("#1 is planned for");

    // Declared: the request shows the command to confirm; nothing pinned, nobody alerted.
    say(k_erik, "!crisis declare sev1 Outrage about the ad");
    const MatrixEvent request = one("Crisis #1 awaits confirmation");
    const std::string confirm = shown_command(request, "Confirm");
    CHECK(confirm == "!crisis confirm 1");
    CHECK(fake.pinned(k_team).empty());
    CHECK(direct_room(fake, k_dina).empty());

    // Typed as shown by alice: the notice, pinned; dina alerted; the freeze offered.
    say(k_alice, confirm);
    const MatrixEvent notice = one("Crisis team");
    REQUIRE(
        bot.wait([&] { return fake.pinned(k_team) == std::vector<std::string>{notice.event_id}; }));
    REQUIRE(bot.wait(
        [&] { return !messages(fake, direct_room(fake, k_dina), "Crisis #1 (sev1)").empty(); }));
    const MatrixEvent offer = one("Calendar freeze: 1 scheduled in the next 48 hours");
    const std::string pause = shown_command(offer, "Pause all");
    CHECK(pause == "!crisis pause 1");
    say(k_dina, pause);
    one("Paused for crisis #1 by");

    // The all-clear waits for a second person; the pin stays until then.
    say(k_dina, "!crisis resolve 1 Calm again");
    const MatrixEvent all_clear = one("All-clear for crisis #1 awaits confirmation");
    CHECK(fake.pinned(k_team) == std::vector<std::string>{notice.event_id});
    say(k_alice, shown_command(all_clear, "Confirm"));
    REQUIRE(bot.wait([&] { return fake.pinned(k_team).empty(); }));
    const MatrixEvent resume = one("1 idea is still paused for this crisis");
    CHECK(shown_command(resume, "Resume") == "!crisis resume 1");
    say(k_alice, shown_command(resume, "Resume"));
    one("Resumed after crisis #1 by");
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
