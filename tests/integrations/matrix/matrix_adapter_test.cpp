// The Matrix adapter against a scripted homeserver (ScriptedHttp, the /sync long-poll held
// until the test answers it): delivery (edits, pins, reactions, files, direct rooms), reactions
// that press buttons, logging in again, undecodable events and circles.
// matrix_backfill_test.cpp has limited timelines, their gaps and rooms joined later.
#include "tests/fakes/scripted_matrix.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace onevoice;
using namespace onevoice::tests::matrix_script;
using nlohmann::json;
using onevoice::integrations::net::HttpMethod;
using tests::ScriptedMatrix;

namespace {

const std::string k_fixture_batch = "s72595_4483_1934"; // next_batch of fixtures/matrix/sync.json

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("MatrixAdapter: a 👍 on a message with a Vote button presses it") {
    ScriptedMatrix h;
    const auto sync = h.start();
    CHECK(h.state.values.at(k_since) == k_fixture_batch);
    // The first sync asks for no history and returns at once; the next one long-polls.
    const auto syncs = h.requests_to("/sync");
    CHECK(ScriptedMatrix::query(syncs[0], "timeout") == "0");
    CHECK(ScriptedMatrix::query(syncs[0], "since").empty());
    CHECK(ScriptedMatrix::query(syncs[1], "timeout") == "30000");
    CHECK(ScriptedMatrix::query(syncs[1], "since") == k_fixture_batch);
    CHECK(syncs[1].timeout == std::chrono::seconds(60));

    h.http.expect(HttpMethod::put, send_path(k_team, "m.room.message", 7),
                  ok({{"event_id", "$card12"}}));
    bot::Reply reply = ScriptedMatrix::to_room(k_team, "Idea #12");
    reply.buttons({bot::Button{"Vote", "idea_vote", "idea vote 12", bot::ButtonStyle::primary}});
    const auto posted = h.deliver(7, reply);
    REQUIRE(posted.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(posted.posted_in == k_team);
    CHECK(posted.posted_message == "$card12");

    h.next_sync(
        sync, sync_answer("s3", {{k_team,
                                  {reaction_event("$r1", k_alice, "$card12", "🎉"),
                                   reaction_event("$r2", k_alice, "$other", "👍"),
                                   reaction_event("$r3", k_alice, "$card12", "👍\xEF\xB8\x8F")}}}));
    REQUIRE(h.sink.actions.size() == 1);
    const bot::Action& action = h.sink.actions[0];
    CHECK(action.value == "idea vote 12");
    CHECK(action.action_id == "idea_vote");
    CHECK(action.source_message == "$card12");
    CHECK(action.user.key() == "matrix:@alice:example.org");
    CHECK(action.checkpoint.key == k_since);
    CHECK(action.checkpoint.value == "s3");
    CHECK(h.sink.commands.empty()); // nor did the first sync's commands run
}

TEST_CASE("MatrixAdapter: edits, pins and reactions") {
    ScriptedMatrix h;
    h.start();
    const std::string pins = room_path(k_team, "/state/m.room.pinned_events");
    h.http.expect(HttpMethod::put, send_path(k_team, "m.room.message", 1),
                  ok({{"event_id", "$crisis1"}}));
    h.http.expect(HttpMethod::get, pins, error(404, "M_NOT_FOUND", "Event not found."));
    h.http.expect(HttpMethod::put, pins, ok({{"event_id", "$pins1"}}));
    h.http.expect(HttpMethod::put, send_path(k_team, "m.room.message", 2),
                  ok({{"event_id", "$crisis2"}}));
    h.http.expect(HttpMethod::get, pins, ok({{"pinned", {"$crisis1"}}}));
    h.http.expect(HttpMethod::put, pins, ok({{"event_id", "$pins2"}}));
    h.http.expect(HttpMethod::put, send_path(k_team, "m.room.message", 3),
                  ok({{"event_id", "$edit3"}}));
    h.http.expect(HttpMethod::put, send_path(k_team, "m.reaction", 4), ok({{"event_id", "$r4"}}));

    bot::Reply first = ScriptedMatrix::to_room(k_team, "Crisis #1");
    first.intent = bot::Post{.is_pinned = true};
    const auto pinned = h.deliver(1, first);
    REQUIRE(pinned.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(pinned.posted_message == "$crisis1");
    const auto written = [&] {
        return h.requests_to("/state/m.room.pinned_events");
    };
    CHECK(ScriptedMatrix::body(written().at(1)) == json{{"pinned", {"$crisis1"}}});
    bot::Reply second = first;
    CHECK(h.deliver(2, second).kind == bot::DeliveryResult::Kind::delivered);
    // Earlier pins are kept.
    CHECK(ScriptedMatrix::body(written().at(3)) == json{{"pinned", {"$crisis1", "$crisis2"}}});

    bot::Reply edit = ScriptedMatrix::to_room(k_team, "Crisis #1 (resolved)");
    edit.intent = bot::Edit{.message = pinned.posted_message};
    const auto edited = h.deliver(3, edit);
    CHECK(edited.posted_message == pinned.posted_message);
    const auto reaction_reply = bot::Reply::reaction_to(ScriptedMatrix::to_room(k_team).place,
                                                        pinned.posted_message, "white_check_mark");
    CHECK(h.deliver(4, reaction_reply).kind == bot::DeliveryResult::Kind::delivered);

    const json replaced = ScriptedMatrix::body(h.requests_to("/send/m.room.message/").at(2));
    CHECK(replaced["m.relates_to"]["rel_type"] == "m.replace");
    CHECK(replaced["m.relates_to"]["event_id"] == "$crisis1");
    CHECK(replaced["m.new_content"]["body"] == "Crisis #1 (resolved)");
    const json check = ScriptedMatrix::body(h.requests_to("/send/m.reaction/").at(0));
    CHECK(check["m.relates_to"] ==
          json{{"rel_type", "m.annotation"}, {"event_id", "$crisis1"}, {"key", "✅"}});
}

TEST_CASE("MatrixAdapter: an attachment is uploaded and sent as m.file") {
    ScriptedMatrix h;
    h.start();
    h.http.expect(HttpMethod::post, "/_matrix/media/v3/upload",
                  ok({{"content_uri", "mxc://example.org/PlanCsv01"}}));
    h.http.expect(HttpMethod::put, send_path(k_team, "m.room.message", 5, "file"),
                  ok({{"event_id", "$file5"}}));
    h.http.expect(HttpMethod::put, send_path(k_team, "m.room.message", 5),
                  ok({{"event_id", "$text5"}}));
    bot::Reply reply = ScriptedMatrix::to_room(k_team, "The plan");
    reply.intent = bot::Post{
        .attachment = bot::Attachment{"plan.csv", "text/csv; charset=utf-8", "a,b\n1,2\n", ""}};
    REQUIRE(h.deliver(5, reply).kind == bot::DeliveryResult::Kind::delivered);

    const auto uploads = h.requests_to("/_matrix/media/v3/upload");
    REQUIRE(uploads.size() == 1);
    CHECK(ScriptedMatrix::query(uploads[0], "filename") == "plan.csv");
    CHECK(uploads[0].headers.get("Content-Type") == "text/csv; charset=utf-8");
    CHECK(uploads[0].body == "a,b\n1,2\n");
    const auto messages = h.requests_to("/send/m.room.message/");
    REQUIRE(messages.size() == 2);
    const json file = ScriptedMatrix::body(messages[0]);
    CHECK(file["msgtype"] == "m.file");
    CHECK(file["filename"] == "plan.csv");
    CHECK(file["url"] == "mxc://example.org/PlanCsv01");
    CHECK(ScriptedMatrix::body(messages[1])["body"] == "The plan");
}

TEST_CASE("MatrixAdapter: a direct message opens one direct room") {
    // The first sync (the fixture) lists Alice's direct room in m.direct.
    ScriptedMatrix h;
    h.start();
    const std::string room = "!dm-bob:example.org";
    const std::string direct = client("/user/%40onevoice%3Aexample.org/account_data/m.direct");
    h.http.expect(HttpMethod::post, client("/createRoom"), ok({{"room_id", room}}));
    h.http.expect(HttpMethod::get, direct, ok({{k_alice, {"!dm-alice:example.org"}}}));
    h.http.expect(HttpMethod::put, send_path(room, "m.room.message", 1), ok({{"event_id", "$d1"}}));
    h.http.expect(HttpMethod::put, direct, ok(json::object()));
    h.http.expect(HttpMethod::put, send_path(room, "m.room.message", 2), ok({{"event_id", "$d2"}}));

    const bot::UserRef bob{"matrix", "@bob:example.org", "Bob", ""};
    bot::Reply reply = bot::Reply::direct_to(bob);
    reply.text("You have handover #3");
    REQUIRE(h.deliver(1, reply).kind == bot::DeliveryResult::Kind::delivered);
    REQUIRE(h.deliver(2, reply).kind == bot::DeliveryResult::Kind::delivered);
    const auto creates = h.requests_to("/createRoom");
    REQUIRE(creates.size() == 1);
    const json create = ScriptedMatrix::body(creates[0]);
    CHECK(create["is_direct"] == true);
    CHECK(create["invite"] == json::array({"@bob:example.org"}));
    CHECK(h.requests_to("/rooms/%21dm-bob%3Aexample.org/send/").size() == 2);
    // Marked in m.direct, next to what was there, so clients list it as a direct message.
    const auto marks = h.requests_to("/account_data/m.direct");
    REQUIRE(marks.size() == 2);
    CHECK(marks[1].method == HttpMethod::put);
    CHECK(ScriptedMatrix::body(marks[1]) ==
          json{{k_alice, {"!dm-alice:example.org"}}, {"@bob:example.org", {room}}});
}

TEST_CASE("MatrixAdapter: M_UNKNOWN_TOKEN with a password logs in and keeps the token") {
    ScriptedMatrix h("syt_revoked", "correct horse battery staple");
    const auto unknown = error(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.");
    const auto logged_in = [](const std::string& token) {
        return ok({{"user_id", k_bot}, {"access_token", token}, {"device_id", "OVDEVICE02"}});
    };
    h.http.expect(HttpMethod::get, client("/account/whoami"), unknown);
    h.http.expect(HttpMethod::post, client("/login"), logged_in("syt_login_1"));
    h.http.expect(HttpMethod::get, client("/sync"), ok(fixture("sync.json")));
    h.http.expect(HttpMethod::post, client("/join/%21invited%3Aexample.org"),
                  ok({{"room_id", "!invited:example.org"}}));
    const auto sync = h.expect_sync();
    h.adapter->start(h.sink);
    h.run();
    REQUIRE(h.http.is_waiting(sync));
    CHECK(h.sink.fatal == -1);
    const auto logins = h.requests_to("/login");
    REQUIRE(logins.size() == 1);
    CHECK(ScriptedMatrix::body(logins[0]) ==
          json{{"type", "m.login.password"},
               {"identifier", {{"type", "m.id.user"}, {"user", "onevoice"}}},
               {"password", "correct horse battery staple"},
               {"initial_device_display_name", "OneVoice"}});
    CHECK_FALSE(logins[0].headers.contains("Authorization"));
    const std::string token = h.state.values.at("matrix.access_token:onevoice");
    CHECK(token == "syt_login_1");
    CHECK(h.requests_to("/sync").at(0).headers.get("Authorization") == "Bearer syt_login_1");

    // Revoked while running: the waiting sync fails and the adapter logs in again.
    h.http.expect(HttpMethod::post, client("/login"), logged_in("syt_login_2"));
    h.http.expect(HttpMethod::get, client("/sync"),
                  ok(sync_answer("s3", {{k_team, {text_event("$help", k_alice, "!help")}}})));
    const auto next = h.expect_sync();
    h.http.release(sync, unknown);
    h.run();
    REQUIRE(h.http.is_waiting(next));
    REQUIRE(h.sink.commands.size() == 1);
    CHECK(h.sink.commands[0].text == "help");
    CHECK(h.requests_to("/login").size() == 2);
    CHECK(h.state.values.at("matrix.access_token:onevoice") == "syt_login_2");
    const auto again = h.requests_to("/sync").at(2);
    CHECK(again.headers.get("Authorization") == "Bearer syt_login_2");
    CHECK(ScriptedMatrix::query(again, "since") == k_fixture_batch);
    CHECK(h.sink.fatal == -1);
}

TEST_CASE("MatrixAdapter: M_UNKNOWN_TOKEN without a password stops the bot") {
    ScriptedMatrix h("syt_revoked");
    h.http.expect(HttpMethod::get, client("/account/whoami"),
                  error(401, "M_UNKNOWN_TOKEN", "Invalid access token passed."));
    h.adapter->start(h.sink);
    h.run();
    CHECK(h.sink.fatal == 3);
    CHECK(h.requests_to("/sync").empty());
}

TEST_CASE("MatrixAdapter: an undecodable event is logged, counted, skipped - the rest runs") {
    ScriptedMatrix h;
    bot::Metrics registry;
    h.adapter->set_metrics(registry);
    const auto sync = h.start();
    const auto& events = registry.counter("events_received_total", "", {"platform", "type"});
    CHECK(events.value({"matrix", "malformed"}) == 2); // the fixture's $broken and $broken2
    json wrong_type = text_event("$wrong", k_alice, "");
    wrong_type["content"]["body"] = 42;
    // nlohmann::json refuses a whole /sync body for one unpaired surrogate escape.
    std::string body =
        sync_answer("s3",
                    {{"!other:example.org", {text_event("$help-team", k_alice, "!help team")}},
                     {k_team, {"RAW", wrong_type, text_event("$team", k_alice, "!team")}}})
            .dump();
    body.replace(body.find(R"("RAW")"), 5,
                 R"({"type":"m.room.message","event_id":"$raw","sender":"@alice:example.org",)"
                 R"("origin_server_ts":1700000000999,)"
                 R"("content":{"msgtype":"m.text","body":"!help \ud800"}})");
    const auto next = h.expect_sync();
    h.http.release(sync, tests::http_answer(200, body));
    h.run();
    REQUIRE(h.http.is_waiting(next));

    REQUIRE(h.sink.commands.size() == 2);
    CHECK(h.sink.commands[0].text == "help team");
    CHECK(h.sink.commands[1].text == "team");
    CHECK(events.value({"matrix", "malformed"}) == 2 + 2);
    // The token moved past the bad events: they are not fetched again.
    CHECK(h.sink.commands[1].checkpoint.value == "s3");
    CHECK(h.state.values.at(k_since) == "s3");
    CHECK(ScriptedMatrix::query(h.requests_to("/sync").back(), "since") == "s3");
}

TEST_CASE("MatrixAdapter: circles - a user of an untrusted server is an outsider") {
    const std::string room = "!federated:example.org";
    SUBCASE("by default only the bot's own server is trusted") {
        ScriptedMatrix h;
        const auto sync = h.start();
        h.next_sync(sync, sync_answer("s3", {{room,
                                              {text_event("$a", k_alice, "!help"),
                                               text_event("$m", "@mallory:EVIL.example", "!help"),
                                               text_event("$b", "@bob:Example.ORG", "!help")}}}));
        REQUIRE(h.sink.commands.size() == 3);
        CHECK_FALSE(h.sink.commands[0].user.is_outsider);
        CHECK(h.sink.commands[1].user.is_outsider);
        CHECK_FALSE(h.sink.commands[2].user.is_outsider);
    }
    SUBCASE("trusted_servers replace the default, also for buttons") {
        ScriptedMatrix h;
        h.options.trusted_servers = {"partner.example"};
        h.restart();
        const auto sync = h.start();
        h.http.expect(HttpMethod::put, send_path(room, "m.room.message", 1),
                      ok({{"event_id", "$card1"}}));
        bot::Reply reply = ScriptedMatrix::to_room(room, "Idea #1");
        reply.buttons({bot::Button{"Vote", "idea_vote", "idea vote 1", bot::ButtonStyle::primary}});
        const std::string card = h.deliver(1, reply).posted_message;
        const std::string pat = "@pat:partner.example";
        h.next_sync(sync, sync_answer("s3", {{room,
                                              {text_event("$p", pat, "!help"),
                                               text_event("$a", k_alice, "!help"),
                                               reaction_event("$pr", pat, card, "👍"),
                                               reaction_event("$ar", k_alice, card, "👍")}}}));
        REQUIRE(h.sink.commands.size() == 2);
        REQUIRE(h.sink.actions.size() == 2);
        CHECK_FALSE(h.sink.commands[0].user.is_outsider);
        CHECK(h.sink.commands[1].user.is_outsider); // the bot's own server is not listed
        CHECK_FALSE(h.sink.actions[0].user.is_outsider);
        CHECK(h.sink.actions[1].user.is_outsider);
    }
}

TEST_SUITE_END();
