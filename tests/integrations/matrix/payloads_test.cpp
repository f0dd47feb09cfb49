// Matrix payloads: /sync parsing, events to commands, error classification and rendering.
#include "integrations/matrix/client_api.hpp"
#include "integrations/matrix/events.hpp"
#include "integrations/matrix/render.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

using namespace onevoice;
using namespace onevoice::integrations;
using namespace onevoice::integrations::matrix;
using nlohmann::json;

namespace {

json fixture(const std::string& name) {
    return json::parse(tests::read_file(std::string(onevoice::tests::source_dir()) +
                                        "/tests/fixtures/matrix/" + name));
}

const InboundRules k_rules{"@onevoice:example.org", "!"};

SyncBatch sample() {
    std::string error;
    auto batch = parse_sync(fixture("sync.json"), error, "@onevoice:example.org");
    REQUIRE(batch);
    return *batch;
}

const RoomEvent& event(const SyncBatch& batch, const std::string& id) {
    const auto it = std::find_if(batch.events.begin(), batch.events.end(),
                                 [&](const RoomEvent& e) { return e.event_id == id; });
    REQUIRE(it != batch.events.end());
    return *it;
}

net::HttpResult http_result(int status, std::string body) {
    net::HttpResult result;
    result.status = status;
    result.body = std::move(body);
    return result;
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("Matrix sync: the documented response is read, malformed events are skipped") {
    const SyncBatch batch = sample();
    CHECK(batch.next_batch == "s72595_4483_1934");
    CHECK(batch.events.size() == 7);
    CHECK(batch.skipped.size() == 2);
    CHECK(batch.direct_rooms.at("!dm-alice:example.org") == "@alice:example.org");
    CHECK(batch.display_names.at("@alice:example.org") == "Alice Example");
    REQUIRE(batch.invites.size() == 1);
    CHECK(batch.invites[0].room_id == "!invited:example.org");
    CHECK(batch.invites[0].inviter == "@alice:example.org");
    CHECK(batch.invites[0].is_direct);
}

TEST_CASE("Matrix sync: an answer without next_batch or not an object is refused") {
    std::string error;
    CHECK_FALSE(parse_sync(json::array(), error, "@onevoice:example.org"));
    CHECK_FALSE(parse_sync(json{{"rooms", json::object()}}, error, "@onevoice:example.org"));
    CHECK(error.find("next_batch") != std::string::npos);
    // Wrong types inside are skipped, not fatal.
    const auto odd = parse_sync(json{{"next_batch", "s1"}, {"rooms", {{"join", {{"!r:x", 5}}}}}},
                                error, "@onevoice:example.org");
    REQUIRE(odd);
    CHECK(odd->events.empty());
}

TEST_CASE("Matrix inbound: which messages are commands") {
    const SyncBatch batch = sample();
    const bot::TimePoint at{};

    SUBCASE("a prefixed message in a room") {
        const auto command =
            to_command(event(batch, "$143273582443PhrSn:example.org-1"), k_rules, false, at);
        REQUIRE(command);
        CHECK(command->text == "team");
        CHECK(command->event_id == "matrix:$143273582443PhrSn:example.org-1");
        CHECK(command->message == "$143273582443PhrSn:example.org-1");
        CHECK(command->user.key() == "matrix:@alice:example.org");
        CHECK(command->place.conversation == "!team:example.org");
        CHECK_FALSE(command->place.is_direct);
    }
    SUBCASE("chat without the prefix, notices of other bots and edits are not") {
        CHECK_FALSE(to_command(event(batch, "$chat"), k_rules, false, at));
        CHECK_FALSE(to_command(event(batch, "$notice"), k_rules, false, at));
        CHECK_FALSE(to_command(event(batch, "$edit"), k_rules, false, at));
        CHECK_FALSE(to_command(event(batch, "$reaction"), k_rules, false, at));
    }
    SUBCASE("the bot's own messages are not") {
        RoomEvent own = event(batch, "$143273582443PhrSn:example.org-1");
        own.sender = "@onevoice:example.org";
        CHECK_FALSE(to_command(own, k_rules, false, at));
    }
    SUBCASE("a thread sets the place's thread") {
        const auto command = to_command(event(batch, "$threaded"), k_rules, false, at);
        REQUIRE(command);
        CHECK(command->text == "help team");
        CHECK(command->place.thread == "$root");
    }
    SUBCASE("in a direct room any text is a command, without the reply fallback") {
        const auto command = to_command(event(batch, "$direct"), k_rules, true, at);
        REQUIRE(command);
        CHECK(command->text == "help");
        CHECK(command->place.is_direct);
        RoomEvent prefixed = event(batch, "$direct");
        prefixed.content = {{"msgtype", "m.text"}, {"body", "!help"}};
        CHECK(to_command(prefixed, k_rules, true, at)->text == "help");
    }
    SUBCASE("a configured prefix") {
        const InboundRules rules{"@onevoice:example.org", "ov:"};
        RoomEvent message = event(batch, "$chat");
        message.content["body"] = "ov: help";
        CHECK(to_command(message, rules, false, at)->text == "help");
    }
}

TEST_CASE("Matrix inbound: a reaction names its target and key") {
    const auto reaction = reaction_of(event(sample(), "$reaction"));
    REQUIRE(reaction);
    CHECK(reaction->target == "$botmsg");
    CHECK(reaction->key == "👍");
    CHECK_FALSE(reaction_of(event(sample(), "$chat")));
}

TEST_CASE("Matrix errors: classified once") {
    SUBCASE("429 M_LIMIT_EXCEEDED waits retry_after_ms") {
        const auto response = to_response(http_result(
            429, R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many","retry_after_ms":2500})"));
        const auto result = classify(response);
        CHECK(result.kind == bot::DeliveryResult::Kind::rate_limited);
        CHECK(result.retry_after == std::chrono::milliseconds(2500));
    }
    SUBCASE("M_LIMIT_EXCEEDED without a wait: a second, or Retry-After") {
        CHECK(classify(to_response(http_result(429, R"({"errcode":"M_LIMIT_EXCEEDED"})")))
                  .retry_after == std::chrono::seconds(1));
        auto with_header = http_result(429, "{}");
        with_header.headers.set("Retry-After", "3");
        CHECK(classify(to_response(with_header)).retry_after == std::chrono::seconds(3));
    }
    SUBCASE("5xx, a proxy's HTML and network errors are transient") {
        CHECK(classify(to_response(http_result(502, "<html>Bad gateway</html>"))).kind ==
              bot::DeliveryResult::Kind::transient);
        CHECK(classify(to_response(http_result(200, "not json"))).kind ==
              bot::DeliveryResult::Kind::transient);
        net::HttpResult failed;
        failed.error = net::HttpError::network;
        CHECK(classify(to_response(failed)).kind == bot::DeliveryResult::Kind::transient);
    }
    SUBCASE("other errors are permanent; M_UNKNOWN_TOKEN is recognised") {
        const auto forbidden = to_response(
            http_result(403, R"({"errcode":"M_FORBIDDEN","error":"You are not in this room."})"));
        CHECK(classify(forbidden).kind == bot::DeliveryResult::Kind::permanent);
        CHECK(forbidden.error == "M_FORBIDDEN: You are not in this room.");
        CHECK(to_response(http_result(401, R"({"errcode":"M_UNKNOWN_TOKEN","error":"x"})"))
                  .is_unknown_token());
    }
    CHECK(to_response(http_result(200, R"({"event_id":"$a"})")).ok());
}

TEST_CASE("Matrix paths: ids are percent-encoded") {
    CHECK(encode("!team:example.org") == "%21team%3Aexample.org");
    CHECK(encode("$ab_c-d.e~") == "%24ab_c-d.e~");
}

TEST_CASE("Matrix rendering: plain body and HTML, user text escaped") {
    bot::Reply reply;
    reply.heading("Idea #12");
    reply.text(
        bot::Inline{bot::plain("<b>bold</b> & @room "), bot::strong("new"),
                    bot::mention(bot::UserRef{"matrix", "@alice:example.org", "Alice", ""})});
    reply.buttons({bot::Button{"Vote", "idea_vote", "idea vote 12", bot::ButtonStyle::primary},
                   bot::Button{"Show", "idea_show", "idea show 12", bot::ButtonStyle::normal}});
    const json content = render_message(reply, "!");
    CHECK(content["msgtype"] == "m.notice");
    CHECK(content["format"] == "org.matrix.custom.html");
    const std::string html = content["formatted_body"];
    CHECK(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; @room") != std::string::npos);
    CHECK(html.find("<strong>new</strong>") != std::string::npos);
    CHECK(html.find("<a href=\"https://matrix.to/#/@alice:example.org\">Alice</a>") !=
          std::string::npos);
    CHECK(html.find("<code>!idea vote 12</code>") != std::string::npos);
    const std::string body = content["body"];
    CHECK(body.find("<b>bold</b>") != std::string::npos); // plain text stays literal
    CHECK(body.find("@room") == std::string::npos);       // cannot notify the room
    CHECK(body.find("@\u2060room") != std::string::npos);
    CHECK(body.find("[Vote 👍] !idea vote 12") != std::string::npos);
    CHECK(body.find("[Show] !idea show 12") != std::string::npos);
    CHECK(content["m.mentions"] == json{{"user_ids", {"@alice:example.org"}}});
}

TEST_CASE("Matrix rendering: edits, threads, reactions and files") {
    const json plain = render_message(bot::Reply::to_place().text("hello"), "!");
    CHECK(plain["m.mentions"] == json::object());
    const json edit = as_edit(plain, "$orig");
    CHECK(edit["body"] == "* hello");
    CHECK(edit["m.new_content"]["body"] == "hello");
    CHECK(edit["m.relates_to"] == json{{"rel_type", "m.replace"}, {"event_id", "$orig"}});
    const json threaded = in_thread(plain, "$root");
    CHECK(threaded["m.relates_to"]["rel_type"] == "m.thread");
    CHECK(threaded["m.relates_to"]["m.in_reply_to"]["event_id"] == "$root");
    CHECK(reaction_content("$m", "✅")["m.relates_to"]["key"] == "✅");
    CHECK(emoji_for("+1") == "👍");
    CHECK(emoji_for("white_check_mark") == "✅");
    CHECK(emoji_for("no_such_name").empty());
    const json file =
        file_content(bot::Attachment{"plan.csv", "text/csv", "a,b\n", ""}, "mxc://x/y");
    CHECK(file["msgtype"] == "m.file");
    CHECK(file["url"] == "mxc://x/y");
    CHECK(file["info"]["size"] == 4);
}

TEST_CASE("Matrix sync: a limited timeline is a gap to fetch from its prev_batch") {
    const json body = {
        {"next_batch", "s90"},
        {"rooms",
         {{"join",
           {{"!team:example.org",
             {{"timeline", {{"events", json::array()}, {"limited", true}, {"prev_batch", "t80"}}}}},
            {"!quiet:example.org",
             {{"timeline",
               {{"events", json::array()}, {"limited", false}, {"prev_batch", "t85"}}}}}}}}}};
    std::string error;
    const auto batch = parse_sync(body, error, "@onevoice:example.org");
    REQUIRE(batch);
    REQUIRE(batch->gaps.size() == 1);
    CHECK(batch->gaps[0].room_id == "!team:example.org");
    CHECK(batch->gaps[0].prev_batch == "t80");
}

TEST_CASE("Matrix messages: the documented page is read newest first, with its end token") {
    std::string error;
    const auto page = parse_messages(fixture("messages.json"), "!team:example.org", error);
    REQUIRE(page);
    CHECK(page->end == "t47409-4357353_219380_26003_2265");
    REQUIRE(page->events.size() == 3);
    CHECK(page->skipped.size() == 1);
    CHECK(page->events[0].event_id == "$143273582443PhrSn:example.org");
    CHECK(page->events[0].room_id == "!team:example.org");
    CHECK(page->events[1].type == "m.reaction");
    CHECK(page->display_names.at("@bob:example.org") == "Bob Builder");

    json last = fixture("messages.json");
    last.erase("end");
    const auto final_page = parse_messages(last, "!team:example.org", error);
    REQUIRE(final_page);
    CHECK(final_page->end.empty());
    CHECK_FALSE(parse_messages(json{{"start", "t1"}}, "!team:example.org", error));
    CHECK(error.find("chunk") != std::string::npos);
}

TEST_CASE("Matrix messages: a room's gap goes before its timeline, without doubles") {
    const auto at = [](const std::string& room, const std::string& id) {
        RoomEvent event;
        event.room_id = room;
        event.event_id = id;
        return event;
    };
    const std::vector<RoomEvent> timeline = {at("!a", "$a4"), at("!a", "$a5"), at("!b", "$b3")};
    std::map<std::string, std::vector<RoomEvent>> gaps;
    gaps["!a"] = {at("!a", "$a1"), at("!a", "$a2"), at("!a", "$a4")};
    gaps["!b"] = {at("!b", "$b1")};
    gaps["!c"] = {at("!c", "$c1")}; // a gap without a timeline event: at the end
    std::vector<std::string> ids;
    for (const RoomEvent& event : with_gaps(timeline, gaps)) {
        ids.push_back(event.event_id);
    }
    CHECK(ids == std::vector<std::string>{"$a1", "$a2", "$a4", "$a5", "$b1", "$b3", "$c1"});
}

TEST_SUITE_END();
