// `idea` through the built binary on Matrix (issue #5, "Done when"): the card,
// a status change and a plan date, and the CSV export as an uploaded file.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/matrix_bot.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

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
const std::string k_alice = MatrixBot::k_admin;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The first message the bot sent to the team room whose body contains `part`
// and whose msgtype is `msgtype`.
std::optional<MatrixEvent> find_message(const FakeMatrix& fake, const std::string& part,
                                        const std::string& msgtype = "m.notice") {
    for (const MatrixEvent& event : fake.bot_messages(k_team)) {
        if (event.content.value("msgtype", "") == msgtype &&
            contains(event.content.value("body", ""), part)) {
            return event;
        }
    }
    return std::nullopt;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Matrix idea e2e: card, status, schedule, and the CSV export as an uploaded file") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    // Wednesday 2026-11-18, 12:06 in Berlin, so that "tomorrow" is a known day.
    const std::string clock = dir.write("clock", "2026-11-18T11:06:00Z");
    MatrixBotOptions options;
    options.settings = "time_zone = \"Europe/Berlin\"\n";
    options.env["ONEVOICE_TEST_CLOCK_FILE"] = clock;
    MatrixBot bot(fake, dir, options);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());

    fake.send_text(k_team, k_alice, "!idea add \"Messe, Tag 1\" mit Grüßen #event");
    REQUIRE(bot.wait([&] { return find_message(fake, "Messe, Tag 1").has_value(); }));
    const MatrixEvent card = *find_message(fake, "Messe, Tag 1");
    CHECK(contains(card.content["body"], "!idea vote 1"));
    CHECK_FALSE(card.content.contains("m.relates_to"));

    fake.send_text(k_team, k_alice, "!idea status 1 approved");
    REQUIRE(bot.wait([&] { return find_message(fake, "#1 is now approved.").has_value(); }));
    fake.send_text(k_team, k_alice, "!idea schedule 1 tomorrow 09:30 linkedin");
    REQUIRE(bot.wait([&] { return find_message(fake, "#1 is planned for").has_value(); }));
    const std::string planned = find_message(fake, "#1 is planned for")->content["body"];
    CHECK(contains(planned, "2026-11-19"));
    CHECK(contains(planned, "09:30"));
    CHECK(contains(planned, "linkedin"));

    fake.send_text(k_team, k_alice, "!idea export csv");
    REQUIRE(bot.wait([&] { return find_message(fake, ".csv", "m.file").has_value(); }));
    const MatrixEvent file = *find_message(fake, ".csv", "m.file");
    const std::string uri = file.content.value("url", "");
    CHECK(uri.starts_with("mxc://example.org/"));
    CHECK(file.content["info"].value("mimetype", "").starts_with("text/csv"));
    int uploads = 0;
    for (const MatrixRequest& request : fake.requests()) {
        if (request.method == "POST" && request.path == "/_matrix/media/v3/upload") {
            ++uploads;
            CHECK(request.status == 200);
            CHECK(contains(request.query, "filename="));
            CHECK(request.response.value("content_uri", "") == uri);
        }
    }
    CHECK(uploads == 1);
    const std::string content = fake.media(uri);
    CHECK(file.content["info"].value("size", std::size_t{0}) == content.size());
    CHECK(contains(content, "\"\"\"Messe, Tag 1\"\" mit Grüßen"));
    CHECK(contains(content, "2026-11-19"));
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Matrix idea e2e: a command in a thread is answered in it - the uploaded file and a "
          "reply meant for the requester") {
    FakeMatrix fake;
    fake.create_room(k_team, {k_alice}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());
    fake.send_text(k_team, k_alice, "!idea add Messe #event");
    REQUIRE(bot.wait([&] { return find_message(fake, "Messe #event").has_value(); }));
    const std::string root = fake.send_text(k_team, k_alice, "Plans for the fair?");
    const json relation = {{"rel_type", "m.thread"},
                           {"event_id", root},
                           {"is_falling_back", true},
                           {"m.in_reply_to", {{"event_id", root}}}};
    for (const char* text : {"!idea vote 99", "!idea export csv"}) {
        fake.send_event(k_team, k_alice, "m.room.message",
                        {{"msgtype", "m.text"}, {"body", text}, {"m.relates_to", relation}});
    }
    REQUIRE(bot.wait([&] { return find_message(fake, ".csv", "m.file").has_value(); }));
    const MatrixEvent file = *find_message(fake, ".csv", "m.file");
    CHECK(file.content.value("m.relates_to", json::object()).value("rel_type", "") == "m.thread");
    CHECK(file.content.value("m.relates_to", json::object()).value("event_id", "") == root);
    CHECK_FALSE(fake.media(file.content.value("url", "")).empty());
    CHECK(fake.count("POST", "/_matrix/media/v3/upload") == 1);
    // Matrix has no message one member alone sees: the thread the command came from.
    REQUIRE(bot.wait([&] { return find_message(fake, "There is no idea #99.").has_value(); }));
    const MatrixEvent refusal = *find_message(fake, "There is no idea #99.");
    CHECK(refusal.content.value("m.relates_to", json::object()).value("rel_type", "") ==
          "m.thread");
    CHECK(refusal.content.value("m.relates_to", json::object()).value("event_id", "") == root);
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Matrix idea e2e: the weekly nudge shows one vote command per idea - a 👍 on it, which "
          "could not say for which, votes for none") {
    onevoice::tests::FakeMatrixOptions homeserver;
    // The clock stands still between steps, and the bot measures a homeserver's wait on it.
    homeserver.send_burst = 0;
    FakeMatrix fake(homeserver);
    const std::string bob = "@bob:example.org";
    fake.create_room(k_team, {k_alice, bob}, true);
    TempDir dir;
    MatrixBotOptions options;
    options.clock_start = "2026-11-23T07:59:00Z"; // Monday, 08:59 in Berlin
    options.settings = "time_zone = \"Europe/Berlin\"\n";
    options.config = "team_room = \"" + k_team + "\"\n";
    MatrixBot bot(fake, dir, options);
    INFO(bot.log());
    REQUIRE(bot.wait_ready());
    fake.send_text(k_team, k_alice, "!idea add Office dog portrait");
    fake.send_text(k_team, k_alice, "!idea add Team photo");
    REQUIRE(bot.wait([&] { return find_message(fake, "Team photo").has_value(); }));

    // Monday 09:00 in Berlin: the nudge, with a Vote button per idea shown as its command.
    bot.set_clock("2026-11-23T08:00:00Z");
    REQUIRE(bot.wait([&] { return find_message(fake, "Ideas wanted").has_value(); }));
    const MatrixEvent nudge = *find_message(fake, "Ideas wanted");
    CHECK(shown_command(nudge, "Vote #1") == "!idea vote 1");
    CHECK(shown_command(nudge, "Vote #2") == "!idea vote 2");
    CHECK_FALSE(contains(nudge.content.value("body", ""), "👍"));
    CHECK_FALSE(contains(nudge.content.value("formatted_body", ""), "👍"));

    // bob's 👍 on the nudge names no idea: nothing. The command he copies votes for #2.
    fake.send_event(k_team, bob, "m.reaction",
                    {{"m.relates_to",
                      {{"rel_type", "m.annotation"}, {"event_id", nudge.event_id}, {"key", "👍"}}}});
    fake.send_text(k_team, bob, shown_command(nudge, "Vote #2"));
    fake.send_text(k_team, bob, "!idea vote 99"); // its answer comes after the others
    REQUIRE(bot.wait([&] { return find_message(fake, "There is no idea #99.").has_value(); }));
    // Had the 👍 voted, the typed vote would have taken it back.
    const auto votes = onevoice::tests::bot_messages_with(fake, {k_team}, "; it has");
    REQUIRE(votes.size() == 1);
    CHECK(contains(votes.front().content["body"], "You voted for #2; it has 1 now."));
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
