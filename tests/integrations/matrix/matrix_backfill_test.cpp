// The Matrix adapter's limited /sync timelines against a scripted homeserver (ScriptedHttp):
// the gap fetched with /messages before anything runs, and the history of rooms joined later,
// which never runs.
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

std::vector<std::string> ran(const tests::RecordingSink& sink) {
    std::vector<std::string> out;
    for (const bot::Command& command : sink.commands) {
        out.push_back(command.message);
    }
    return out;
}

// What happened in a room while the bot was down: `count` commands, and every 20 some chat,
// another bot's notice and an edit, which run nothing (oldest first).
struct Outage {
    std::vector<json> events;
    std::vector<std::string> commands;

    explicit Outage(int count) {
        for (int i = 1; i <= count; ++i) {
            commands.push_back("$cmd" + std::to_string(i));
            events.push_back(
                text_event(commands.back(), k_alice, "!idea add Idea " + std::to_string(i)));
            if (i % 20 == 0) {
                const std::string n = std::to_string(i);
                events.push_back(
                    text_event("$chat" + n, "@bob:example.org", "no prefix, only chat"));
                events.push_back(
                    text_event("$notice" + n, "@otherbot:example.org", "!help", "m.notice"));
                json edit = text_event("$edit" + n, k_alice, "* !idea add edited");
                edit["content"]["m.new_content"] = {{"msgtype", "m.text"}, {"body", "!idea add x"}};
                edit["content"]["m.relates_to"] = {{"rel_type", "m.replace"},
                                                   {"event_id", commands.back()}};
                events.push_back(edit);
            }
        }
    }
    // The last `count` events: what a limited timeline shows.
    std::vector<json> last(std::size_t count) const {
        return {events.end() - static_cast<long>(count), events.end()};
    }
    // The events before the last `skip`, newest first from `from` on, at most `limit`: a
    // /messages page with dir=b.
    std::vector<json> page(std::size_t skip, std::size_t from, std::size_t limit) const {
        std::vector<json> out;
        for (std::size_t i = events.size() - skip - from; i > 0 && out.size() < limit; --i) {
            out.push_back(events[i - 1]);
        }
        return out;
    }
};

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("MatrixAdapter: a limited sync fetches its gap, every command runs once, in order") {
    ScriptedMatrix h;
    h.start();
    const std::string since = h.state.values.at(k_since);
    const auto syncs = h.requests_to("/sync").size();
    h.restart();
    // 148 new events, 5 in the timeline: a page of 100 with an `end`, then the rest without.
    const Outage outage(130);
    h.expect_whoami();
    h.http.expect(HttpMethod::get, client("/sync"),
                  ok(sync_answer("s-after", {{k_team, outage.last(5), true, "t-timeline"}})));
    h.http.expect(HttpMethod::get, room_path(k_team, "/messages"),
                  ok(messages_answer(outage.page(5, 0, 100), "t-page2")));
    h.http.expect(HttpMethod::get, room_path(k_team, "/messages"),
                  ok(messages_answer(outage.page(5, 100, 100), "")));
    const auto next = h.expect_sync();
    h.adapter->start(h.sink);
    h.run();
    REQUIRE(h.http.is_waiting(next));

    CHECK(ran(h.sink) == outage.commands);
    CHECK(h.sink.commands.front().text == "idea add Idea 1");
    CHECK(h.sink.commands.front().checkpoint.key.empty());
    CHECK(h.sink.commands.back().checkpoint.key == k_since);
    CHECK(h.sink.commands.back().checkpoint.value == "s-after");
    CHECK(h.state.values.at(k_since) == "s-after");

    CHECK(ScriptedMatrix::query(h.requests_to("/sync").at(syncs), "since") == since);
    const auto pages = h.requests_to("/messages");
    REQUIRE(pages.size() == 2);
    CHECK(ScriptedMatrix::query(pages[0], "dir") == "b");
    CHECK(ScriptedMatrix::query(pages[0], "from") == "t-timeline");
    CHECK(ScriptedMatrix::query(pages[0], "to") == since);
    CHECK(ScriptedMatrix::query(pages[0], "limit") == "100");
    CHECK(json::parse(ScriptedMatrix::query(pages[0], "filter"))["types"] ==
          json::array({"m.room.message", "m.reaction", "m.room.member"}));
    CHECK(ScriptedMatrix::query(pages[1], "from") == "t-page2");
    CHECK(ScriptedMatrix::query(pages[1], "to") == since);
}

TEST_CASE("MatrixAdapter: a failed /messages keeps the token, the repeated sync loses nothing") {
    ScriptedMatrix h;
    h.start();
    const std::string since = h.state.values.at(k_since);
    const auto syncs = h.requests_to("/sync").size();
    h.restart();
    const Outage outage(30);
    const json limited = sync_answer("s-after", {{k_team, outage.last(5), true, "t-timeline"}});
    h.expect_whoami();
    h.http.expect(HttpMethod::get, client("/sync"), ok(limited));
    h.http.expect(HttpMethod::get, room_path(k_team, "/messages"),
                  error(500, "M_UNKNOWN", "Internal server error"));
    // After a backoff the same sync again, from the same token.
    h.http.expect(HttpMethod::get, client("/sync"), ok(limited));
    h.http.expect(HttpMethod::get, room_path(k_team, "/messages"),
                  ok(messages_answer(outage.page(5, 0, 100), "")));
    const auto next = h.expect_sync();
    h.adapter->start(h.sink);
    h.run();
    REQUIRE(h.http.is_waiting(next));

    CHECK(h.requests_to("/messages").size() == 2);
    const auto sync_requests = h.requests_to("/sync");
    CHECK(ScriptedMatrix::query(sync_requests.at(syncs), "since") == since);
    CHECK(ScriptedMatrix::query(sync_requests.at(syncs + 1), "since") == since); // not advanced
    CHECK(ScriptedMatrix::query(sync_requests.at(syncs + 2), "since") == "s-after");
    CHECK(h.state.values.at(k_since) == "s-after");
    CHECK(ran(h.sink) == outage.commands); // each once: nothing ran before the gap was fetched
}

TEST_CASE("MatrixAdapter: a room joined later runs none of its history, fetches no gap of it") {
    ScriptedMatrix h;
    const auto sync = h.start();
    const std::string room = "!marketing:example.org";
    json invite;
    invite[room]["invite_state"]["events"] =
        json::array({json{{"type", "m.room.name"},
                          {"sender", k_alice},
                          {"state_key", ""},
                          {"content", {{"name", "Marketing"}}}},
                     json{{"type", "m.room.member"},
                          {"sender", k_alice},
                          {"state_key", k_bot},
                          {"content", {{"membership", "invite"}}}}});
    h.http.expect(HttpMethod::post, client("/join/%21marketing%3Aexample.org"),
                  ok({{"room_id", room}}));
    // A new member sees the room's last events (limited): its history, up to the bot's join.
    h.http.expect(
        HttpMethod::get, client("/sync"),
        ok(sync_answer("s4", {{room,
                               {text_event("$old-crisis", k_alice,
                                           "!crisis declare sev1 old joke from last year"),
                                text_event("$old-idea", k_alice, "!idea add old idea"),
                                member_event("$bot-join", k_bot, "join", "invite")},
                               true,
                               "t-history"}})));
    h.http.expect(
        HttpMethod::get, client("/sync"),
        ok(sync_answer("s5", {{room, {text_event("$fresh", k_alice, "!idea add fresh")}}})));
    h.next_sync(sync, sync_answer("s3", {}, invite));
    CHECK(ran(h.sink) == std::vector<std::string>{"$fresh"});
    CHECK(h.requests_to("/messages").empty());
    CHECK(h.state.values.at(k_since) == "s5");
}

TEST_CASE("MatrixAdapter: joined while down - after the restart only what followed the join runs") {
    ScriptedMatrix h;
    h.start();
    h.restart();
    const std::string room = "!later:example.org";
    // The join went through, but the bot stopped before a sync showed it; more happened
    // after it than a timeline shows, so the join lies in the gap.
    std::vector<std::string> after_join;
    std::vector<json> in_room;
    for (int i = 1; i <= 8; ++i) {
        after_join.push_back("$after" + std::to_string(i));
        in_room.push_back(text_event(after_join.back(), k_alice, "!idea add " + std::to_string(i)));
    }
    std::vector<json> gap; // newest first
    for (int i = 2; i >= 0; --i) {
        gap.push_back(in_room[i]);
    }
    gap.push_back(member_event("$bot-join", k_bot, "join"));
    gap.push_back(text_event("$old-idea", k_alice, "!idea add old idea"));
    gap.push_back(
        text_event("$old-crisis", k_alice, "!crisis declare sev1 old joke from last year"));
    gap.push_back(member_event("$alice-join", k_alice, "join"));
    h.expect_whoami();
    h.http.expect(
        HttpMethod::get, client("/sync"),
        ok(sync_answer("s-after", {{k_team, {text_event("$down", k_alice, "!help")}},
                                   {room, std::vector<json>(in_room.begin() + 3, in_room.end()),
                                    true, "t-later"}})));
    h.http.expect(HttpMethod::get, room_path(room, "/messages"), ok(messages_answer(gap, "")));
    const auto next = h.expect_sync();
    h.adapter->start(h.sink);
    h.run();
    REQUIRE(h.http.is_waiting(next));

    std::vector<std::string> ran_in_room;
    std::vector<std::string> ran_in_team;
    for (const bot::Command& command : h.sink.commands) {
        (command.place.conversation == room ? ran_in_room : ran_in_team).push_back(command.message);
    }
    CHECK(ran_in_room == after_join);
    CHECK(ran_in_team == std::vector<std::string>{"$down"});
    CHECK(h.requests_to("/messages").size() == 1); // the join was found in the gap
}

TEST_SUITE_END();
