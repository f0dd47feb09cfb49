// The Matrix adapter in process against FakeMatrix: delivery (edits, pins, reactions,
// files, direct rooms), reactions that press buttons, and logging in again.
#include "integrations/matrix/matrix_adapter.hpp"
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/loopback_server.hpp"
#include "tests/fakes/memory_state.hpp"
#include "tests/fakes/recording_sink.hpp"

#include <doctest/doctest.h>

#include <map>
#include <optional>

using namespace onevoice;
using namespace onevoice::integrations;
using nlohmann::json;
using tests::FakeMatrix;
using tests::MatrixEvent;
using tests::RecordingSink;

namespace {

const std::string k_team = "!team:example.org";
const std::string k_alice = "@alice:example.org";

struct Harness {
    explicit Harness(std::string token_ = "", std::string password_ = "")
        : token(token_.empty() ? fake.options().access_token : std::move(token_))
        , password(std::move(password_)) {
        fake.create_room(k_team, {k_alice}, true);
        options.homeserver = *net::Url::parse(fake.homeserver());
        options.user = "onevoice";
        options.sync_timeout = std::chrono::seconds(5);
        options.backoff_base = std::chrono::milliseconds(20);
        options.backoff_cap = std::chrono::milliseconds(100);
        restart();
    }
    // A new adapter on the same state, as after the bot was restarted (started
    // by the caller). The old one's calls still under way are left unanswered.
    void restart() {
        adapter = std::make_unique<matrix::MatrixAdapter>(io, http, state, bot::Secret(token),
                                                          bot::Secret(password), options,
                                                          [] { return 0.5; });
    }
    bool start() {
        adapter->start(sink);
        // The first sync is done and the second one waits.
        return tests::run_until(io, [&] { return fake.count("GET", "/sync") >= 2; });
    }
    bot::DeliveryResult deliver(std::int64_t id, const bot::Reply& reply) {
        std::optional<bot::DeliveryResult> result;
        adapter->deliver(id, reply, [&](bot::DeliveryResult r) { result = std::move(r); });
        REQUIRE(tests::run_until(io, [&] { return result.has_value(); }));
        return *result;
    }
    bot::Reply to_team() const {
        bot::Reply reply;
        reply.place = bot::Place{"matrix", k_team, "", false};
        return reply;
    }

    FakeMatrix fake;
    std::string token;
    std::string password;
    matrix::MatrixOptions options;
    boost::asio::io_context io;
    boost::asio::ssl::context tls = net::make_client_tls_context();
    net::HttpClient http{io, tls};
    tests::MemoryState state;
    RecordingSink sink;
    std::unique_ptr<matrix::MatrixAdapter> adapter;
};

const std::string k_since = "matrix.since:@onevoice:example.org";

// The value of `name` in a recorded request's query (tokens need no decoding).
std::string query_param(const tests::MatrixRequest& request, const std::string& name) {
    const std::string query = "&" + request.query;
    const auto start = query.find("&" + name + "=");
    if (start == std::string::npos) {
        return {};
    }
    const auto value = start + name.size() + 2;
    return query.substr(value, query.find('&', value) - value);
}

std::vector<tests::MatrixRequest> requests_to(const FakeMatrix& fake, const std::string& part) {
    std::vector<tests::MatrixRequest> out;
    for (tests::MatrixRequest& request : fake.requests()) {
        if (request.path.find(part) != std::string::npos) {
            out.push_back(std::move(request));
        }
    }
    return out;
}

// The bot was down while `count` commands (and some chat) arrived; on the
// restart the sync shows only the last 5 events. Returns the commands' ids.
std::vector<std::string> outage(Harness& h, int count) {
    h.restart();
    h.fake.limit_timelines(5);
    std::vector<std::string> commands;
    for (int i = 1; i <= count; ++i) {
        commands.push_back(
            h.fake.send_text(k_team, k_alice, "!idea add Idea " + std::to_string(i)));
        if (i % 20 == 0) {
            // Chat, another bot's notice and an edit run nothing, also in a gap.
            h.fake.send_text(k_team, "@bob:example.org", "no prefix, only chat");
            h.fake.send_text(k_team, "@otherbot:example.org", "!help", "m.notice");
            h.fake.send_event(
                k_team, k_alice, "m.room.message",
                {{"msgtype", "m.text"},
                 {"body", "* !idea add edited"},
                 {"m.new_content", {{"msgtype", "m.text"}, {"body", "!idea add x"}}},
                 {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", commands.back()}}}});
        }
    }
    return commands;
}

std::vector<std::string> ran(const RecordingSink& sink) {
    std::vector<std::string> out;
    for (const bot::Command& command : sink.commands) {
        out.push_back(command.message);
    }
    return out;
}

json reaction(const std::string& target, const std::string& key) {
    return {{"m.relates_to", {{"rel_type", "m.annotation"}, {"event_id", target}, {"key", key}}}};
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("MatrixAdapter: a 👍 on a message with a Vote button presses it") {
    Harness h;
    REQUIRE(h.start());
    CHECK(h.state.values.at("matrix.since:@onevoice:example.org").starts_with("s"));
    bot::Reply reply = h.to_team();
    reply.text("Idea #12");
    reply.buttons({bot::Button{"Vote", "idea_vote", "idea vote 12", bot::ButtonStyle::primary}});
    const auto posted = h.deliver(7, reply);
    REQUIRE(posted.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(posted.posted_in == k_team);
    const std::string message = posted.posted_message;
    REQUIRE(!message.empty());

    h.fake.send_event(k_team, k_alice, "m.reaction", reaction(message, "🎉"));
    h.fake.send_event(k_team, k_alice, "m.reaction", reaction("$other", "👍"));
    h.fake.send_event(k_team, k_alice, "m.reaction", reaction(message, "👍\xEF\xB8\x8F"));
    REQUIRE(tests::run_until(h.io, [&] { return !h.sink.actions.empty(); }));
    REQUIRE(h.sink.actions.size() == 1);
    const bot::Action& action = h.sink.actions[0];
    CHECK(action.value == "idea vote 12");
    CHECK(action.action_id == "idea_vote");
    CHECK(action.source_message == message);
    CHECK(action.user.key() == "matrix:@alice:example.org");
    CHECK(action.checkpoint.key == "matrix.since:@onevoice:example.org");
    CHECK(h.sink.commands.empty());
}

TEST_CASE("MatrixAdapter: edits, pins and reactions") {
    Harness h;
    REQUIRE(h.start());
    bot::Reply first = h.to_team();
    first.text("Crisis #1");
    first.intent = bot::Post{.is_pinned = true};
    const auto pinned = h.deliver(1, first);
    REQUIRE(pinned.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(h.fake.pinned(k_team) == std::vector<std::string>{pinned.posted_message});
    bot::Reply second = first;
    CHECK(h.deliver(2, second).kind == bot::DeliveryResult::Kind::delivered);
    CHECK(h.fake.pinned(k_team).size() == 2); // earlier pins are kept

    bot::Reply edit = h.to_team();
    edit.text("Crisis #1 (resolved)");
    edit.intent = bot::Edit{.message = pinned.posted_message};
    const auto edited = h.deliver(3, edit);
    CHECK(edited.posted_message == pinned.posted_message);
    const auto reaction_reply =
        bot::Reply::reaction_to(h.to_team().place, pinned.posted_message, "white_check_mark");
    CHECK(h.deliver(4, reaction_reply).kind == bot::DeliveryResult::Kind::delivered);

    const auto events = h.fake.events(k_team);
    const auto find = [&](const std::string& type, const std::string& body) {
        for (const MatrixEvent& event : events) {
            if (event.type == type && event.content.dump().find(body) != std::string::npos) {
                return event;
            }
        }
        FAIL("no such event: " << type << " " << body);
        return MatrixEvent{};
    };
    const MatrixEvent replaced = find("m.room.message", "resolved");
    CHECK(replaced.content["m.relates_to"]["rel_type"] == "m.replace");
    CHECK(replaced.content["m.relates_to"]["event_id"] == pinned.posted_message);
    CHECK(replaced.content["m.new_content"]["body"] == "Crisis #1 (resolved)");
    const MatrixEvent check = find("m.reaction", "✅");
    CHECK(check.content["m.relates_to"]["event_id"] == pinned.posted_message);
}

TEST_CASE("MatrixAdapter: an attachment is uploaded and sent as m.file") {
    Harness h;
    REQUIRE(h.start());
    bot::Reply reply = h.to_team();
    reply.text("The plan");
    reply.intent = bot::Post{
        .attachment = bot::Attachment{"plan.csv", "text/csv; charset=utf-8", "a,b\n1,2\n", ""}};
    REQUIRE(h.deliver(5, reply).kind == bot::DeliveryResult::Kind::delivered);
    CHECK(h.fake.count("POST", "/_matrix/media/v3/upload") == 1);
    const auto messages = h.fake.bot_messages(k_team);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0].content["msgtype"] == "m.file");
    CHECK(messages[0].content["filename"] == "plan.csv");
    CHECK(messages[0].content["url"].get<std::string>().starts_with("mxc://"));
    CHECK(messages[1].content["body"] == "The plan");
}

TEST_CASE("MatrixAdapter: a direct message opens one direct room") {
    Harness h;
    h.fake.create_room("!dm-carol:example.org", {"@carol:example.org"}, true);
    h.fake.set_direct("@carol:example.org", "!dm-carol:example.org");
    REQUIRE(h.start());
    const bot::UserRef bob{"matrix", "@bob:example.org", "Bob", ""};
    bot::Reply reply = bot::Reply::direct_to(bob);
    reply.text("You have handover #3");
    REQUIRE(h.deliver(1, reply).kind == bot::DeliveryResult::Kind::delivered);
    REQUIRE(h.deliver(2, reply).kind == bot::DeliveryResult::Kind::delivered);
    REQUIRE(h.fake.created_rooms().size() == 1);
    const std::string room = h.fake.created_rooms()[0];
    CHECK(h.fake.bot_messages(room).size() == 2);
    const auto creates = h.fake.requests();
    const auto create = std::find_if(creates.begin(), creates.end(),
                                     [](const auto& r) { return r.path.ends_with("/createRoom"); });
    CHECK(create->body["is_direct"] == true);
    CHECK(create->body["invite"] == json::array({"@bob:example.org"}));
    // Marked in m.direct, next to what was there, so clients list it as a direct message.
    REQUIRE(tests::run_until(h.io, [&] { return h.fake.direct_rooms().contains(room); }));
    CHECK(h.fake.direct_rooms().at(room) == "@bob:example.org");
    CHECK(h.fake.direct_rooms().at("!dm-carol:example.org") == "@carol:example.org");
    CHECK(h.fake.count("PUT", "/account_data/m.direct") == 1);
}

TEST_CASE("MatrixAdapter: M_UNKNOWN_TOKEN with a password logs in and keeps the token") {
    Harness h("syt_revoked", "correct horse battery staple");
    REQUIRE(h.start());
    CHECK(h.sink.fatal == -1);
    CHECK(h.fake.count("POST", "/login") == 1);
    const std::string token = h.state.values.at("matrix.access_token:onevoice");
    CHECK(token.starts_with("syt_login_"));

    // Revoked while running: the waiting sync fails and the adapter logs in again.
    h.fake.revoke_tokens();
    h.fake.send_text(k_team, k_alice, "!help");
    REQUIRE(tests::run_until(h.io, [&] {
        return !h.sink.commands.empty() && h.fake.count("POST", "/login") == 2 &&
               h.state.values.at("matrix.access_token:onevoice") != token;
    }));
    CHECK(h.state.values.at("matrix.access_token:onevoice") != token);
    CHECK(h.sink.commands[0].text == "help");
    CHECK(h.sink.fatal == -1);
}

TEST_CASE("MatrixAdapter: M_UNKNOWN_TOKEN without a password stops the bot") {
    Harness h("syt_revoked");
    h.adapter->start(h.sink);
    REQUIRE(tests::run_until(h.io, [&] { return h.sink.fatal != -1; }));
    CHECK(h.sink.fatal == 3);
    CHECK(h.fake.count("GET", "/sync") == 0);
}

TEST_CASE("MatrixAdapter: a limited sync fetches its gap, every command runs once, in order") {
    Harness h;
    REQUIRE(h.start());
    const std::string since = h.state.values.at(k_since);
    const std::vector<std::string> commands = outage(h, 130);
    const auto syncs = requests_to(h.fake, "/sync").size();
    h.adapter->start(h.sink);
    REQUIRE(tests::run_until(h.io, [&] {
        return requests_to(h.fake, "/sync").size() >= syncs + 2 &&
               h.state.values.at(k_since) != since;
    }));
    CHECK(ran(h.sink) == commands);
    CHECK(h.sink.commands.front().text == "idea add Idea 1");
    CHECK(h.sink.commands.front().checkpoint.key.empty());
    CHECK(h.sink.commands.back().checkpoint.key == k_since);
    CHECK(h.sink.commands.back().checkpoint.value == h.state.values.at(k_since));

    const tests::MatrixRequest sync = requests_to(h.fake, "/sync")[syncs];
    CHECK(query_param(sync, "since") == since);
    const json timeline = sync.response["rooms"]["join"][k_team]["timeline"];
    CHECK(timeline["limited"] == true);
    CHECK(timeline["events"].size() == 5);
    // 139 new events, 5 in the timeline: a page of 100 with an `end`, then the rest without.
    const auto pages = requests_to(h.fake, "/messages");
    REQUIRE(pages.size() == 2);
    CHECK(query_param(pages[0], "dir") == "b");
    CHECK(query_param(pages[0], "from") == timeline["prev_batch"]);
    CHECK(query_param(pages[0], "to") == since);
    CHECK(query_param(pages[1], "from") == pages[0].response["end"]);
    CHECK(query_param(pages[1], "to") == since);
    CHECK(pages[0].response["chunk"].size() == 100);
    CHECK_FALSE(pages[1].response.contains("end"));
}

TEST_CASE("MatrixAdapter: a failed /messages keeps the token, the repeated sync loses nothing") {
    Harness h;
    REQUIRE(h.start());
    const std::string since = h.state.values.at(k_since);
    const std::vector<std::string> commands = outage(h, 30);
    h.fake.fail_messages(1);
    const auto syncs = requests_to(h.fake, "/sync").size();
    h.adapter->start(h.sink);
    REQUIRE(tests::run_until(h.io, [&] {
        return requests_to(h.fake, "/sync").size() >= syncs + 3 &&
               h.state.values.at(k_since) != since;
    }));
    const auto pages = requests_to(h.fake, "/messages");
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].status == 500);
    CHECK(pages[1].status == 200);
    const auto sync_requests = requests_to(h.fake, "/sync");
    CHECK(query_param(sync_requests[syncs], "since") == since);
    CHECK(query_param(sync_requests[syncs + 1], "since") == since); // not advanced
    CHECK(query_param(sync_requests[syncs + 2], "since") == h.state.values.at(k_since));
    CHECK(ran(h.sink) == commands); // each once: nothing ran before the gap was fetched
}

TEST_CASE("MatrixAdapter: an undecodable event is logged, counted, skipped - the rest runs") {
    Harness h;
    bot::Metrics registry;
    h.adapter->set_metrics(registry);
    h.fake.create_room("!other:example.org", {k_alice}, true);
    REQUIRE(h.start());
    // nlohmann::json refuses the whole /sync body for this one escape.
    h.fake.send_raw_event(k_team, k_alice, "m.room.message",
                          R"({"msgtype": "m.text", "body": "!help \ud800"})");
    h.fake.send_event(k_team, k_alice, "m.room.message",
                      {{"msgtype", "m.text"}, {"body", 42}}); // a wrong type
    h.fake.send_text("!other:example.org", k_alice, "!help team");
    h.fake.send_text(k_team, k_alice, "!team");
    REQUIRE(tests::run_until(h.io, [&] { return h.sink.commands.size() >= 2; }));
    CHECK(h.sink.commands[0].text == "help team");
    CHECK(h.sink.commands[1].text == "team");
    const auto& events = registry.counter("events_received_total", "", {"platform", "type"});
    CHECK(events.value({"matrix", "malformed"}) == 2);
    // The token moved past the bad events: they are not fetched again.
    const std::string since = h.sink.commands[1].checkpoint.value;
    REQUIRE(tests::run_until(h.io, [&] { return h.state.values.at(k_since) == since; }));
}

TEST_CASE("MatrixAdapter: circles - a user of an untrusted server is an outsider") {
    const std::string room = "!federated:example.org";
    SUBCASE("by default only the bot's own server is trusted") {
        Harness h;
        h.fake.create_room(room, {k_alice, "@mallory:evil.example"}, true);
        REQUIRE(h.start());
        h.fake.send_text(room, k_alice, "!help");
        h.fake.send_text(room, "@mallory:EVIL.example", "!help");
        h.fake.send_text(room, "@bob:Example.ORG", "!help");
        REQUIRE(tests::run_until(h.io, [&] { return h.sink.commands.size() >= 3; }));
        CHECK_FALSE(h.sink.commands[0].user.is_outsider);
        CHECK(h.sink.commands[1].user.is_outsider);
        CHECK_FALSE(h.sink.commands[2].user.is_outsider);
    }
    SUBCASE("trusted_servers replace the default, also for buttons") {
        Harness h;
        h.options.trusted_servers = {"partner.example"};
        h.restart();
        h.fake.create_room(room, {k_alice, "@pat:partner.example"}, true);
        REQUIRE(h.start());
        bot::Reply reply = h.to_team();
        reply.place.conversation = room;
        reply.text("Idea #1");
        reply.buttons({bot::Button{"Vote", "idea_vote", "idea vote 1", bot::ButtonStyle::primary}});
        const std::string card = h.deliver(1, reply).posted_message;
        h.fake.send_text(room, "@pat:partner.example", "!help");
        h.fake.send_text(room, k_alice, "!help");
        h.fake.send_event(room, "@pat:partner.example", "m.reaction", reaction(card, "👍"));
        h.fake.send_event(room, k_alice, "m.reaction", reaction(card, "👍"));
        REQUIRE(tests::run_until(
            h.io, [&] { return h.sink.commands.size() >= 2 && h.sink.actions.size() >= 2; }));
        CHECK_FALSE(h.sink.commands[0].user.is_outsider);
        CHECK(h.sink.commands[1].user.is_outsider); // the bot's own server is not listed
        CHECK_FALSE(h.sink.actions[0].user.is_outsider);
        CHECK(h.sink.actions[1].user.is_outsider);
    }
}

TEST_CASE("MatrixAdapter: a room joined later runs none of its history, fetches no gap of it") {
    Harness h;
    REQUIRE(h.start());
    const std::string room = "!marketing:example.org";
    h.fake.create_room(room, {k_alice});
    h.fake.send_text(room, k_alice, "!crisis declare sev1 old joke from last year");
    h.fake.send_text(room, k_alice, "!idea add old idea");
    // The new member sees the last events only (limited): the gap is history too.
    h.fake.limit_timelines(2);
    h.fake.invite_bot(room, k_alice, false);
    REQUIRE(tests::run_until(h.io, [&] { return h.fake.is_bot_joined(room); }));
    const std::string fresh = h.fake.send_text(room, k_alice, "!idea add fresh");
    REQUIRE(tests::run_until(h.io, [&] { return !h.sink.commands.empty(); }));
    CHECK(ran(h.sink) == std::vector<std::string>{fresh});
    CHECK(requests_to(h.fake, "/messages").empty());
    const auto syncs = requests_to(h.fake, "/sync");
    const json::json_pointer limited("/rooms/join/" + room + "/timeline/limited");
    const bool has_shown_history = std::any_of(syncs.begin(), syncs.end(), [&](const auto& sync) {
        return sync.response.is_object() && sync.response.value(limited, false);
    });
    CHECK(has_shown_history); // the fake did show it, as a real server does
}

TEST_CASE("MatrixAdapter: joined while down - after the restart only what followed the join runs") {
    Harness h;
    REQUIRE(h.start());
    h.restart();
    const std::string room = "!later:example.org";
    h.fake.create_room(room, {k_alice});
    h.fake.send_text(room, k_alice, "!crisis declare sev1 old joke from last year");
    h.fake.send_text(room, k_alice, "!idea add old idea");
    // The join went through, but the bot stopped before a sync showed it; more
    // happened after it than a timeline shows, so the join lies in the gap.
    h.fake.limit_timelines(5);
    h.fake.create_room(room, {}, true);
    std::vector<std::string> after_join;
    for (int i = 1; i <= 8; ++i) {
        after_join.push_back(h.fake.send_text(room, k_alice, "!idea add " + std::to_string(i)));
    }
    const std::string while_down = h.fake.send_text(k_team, k_alice, "!help");
    h.adapter->start(h.sink);
    REQUIRE(tests::run_until(h.io, [&] { return h.sink.commands.size() >= 9; }));
    std::vector<std::string> in_room;
    std::vector<std::string> in_team;
    for (const bot::Command& command : h.sink.commands) {
        (command.place.conversation == room ? in_room : in_team).push_back(command.message);
    }
    CHECK(in_room == after_join);
    CHECK(in_team == std::vector<std::string>{while_down});
    CHECK_FALSE(requests_to(h.fake, "/messages").empty()); // the join was found in the gap
}

TEST_SUITE_END();
