// SlackAdapter::deliver against ScriptedHttp: which Web API calls a Reply becomes, with which
// arguments, and what the outbox learns about the posted message. Answers are shaped like the
// "Example responses" and "Errors" of Slack's method reference (https://api.slack.com/methods).
#include "integrations/slack/slack_adapter.hpp"
#include "tests/fakes/scripted_http.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace onevoice;
using integrations::net::HttpMethod;
using integrations::slack::SlackAdapter;
using integrations::slack::SlackOptions;
using nlohmann::json;
using tests::http_answer;

namespace {

const bot::UserRef k_alice{"slack", "U024BE7LH", "alice", ""};
const bot::Place k_team{"slack", "C0TEAM0001", "", false};
const std::string k_ts = "1700000000.000100";

struct DeliveryFixture {
    boost::asio::io_context io;
    // Only Socket Mode would use it; deliver() never connects.
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    tests::ScriptedHttp http{io};
    SlackAdapter adapter{
        io,
        tls,
        http,
        bot::Secret("xapp-1-A0F7YS25R-1700000000000-fakeapptoken"),
        bot::Secret("xoxb-1700000000-1700000001-fakebottoken"),
        SlackOptions{*integrations::net::Url::parse("https://slack.com/api/"), {}, {}, {}},
        [] {
            return 0.5;
        }};

    // Delivers `reply` and runs the io loop until nothing is left to do.
    bot::DeliveryResult deliver(const bot::Reply& reply, std::int64_t id = 1) {
        std::optional<bot::DeliveryResult> result;
        adapter.deliver(id, reply, [&](bot::DeliveryResult r) { result = std::move(r); });
        io.restart();
        io.run();
        REQUIRE(result);
        return *result;
    }

    bot::Reply to_team(std::string text) {
        bot::Reply reply = bot::Reply::to_place().text(std::move(text));
        reply.place = k_team;
        return reply;
    }

    // ---- the script: Slack's answers, in order ----
    void answer(const std::string& method, const json& body) {
        http.expect(
            HttpMethod::post, "/api/" + method,
            http_answer(200, body.dump(), {{"Content-Type", "application/json; charset=utf-8"}}));
    }
    void ok(const std::string& method, json body = json::object()) {
        body["ok"] = true;
        answer(method, body);
    }
    void fail(const std::string& method, const std::string& error) {
        answer(method, {{"ok", false}, {"error", error}});
    }
    void rate_limit(const std::string& method, int seconds) {
        http.expect(HttpMethod::post, "/api/" + method,
                    http_answer(429, R"({"ok":false,"error":"ratelimited"})",
                                {{"Retry-After", std::to_string(seconds)}}));
    }
    // chat.postMessage's answer for a message posted in `channel` as `ts`.
    void posted(const std::string& channel, const std::string& ts) {
        ok("chat.postMessage", {{"channel", channel},
                                {"ts", ts},
                                {"message",
                                 {{"type", "message"},
                                  {"user", "U0BOT1V0C"},
                                  {"bot_id", "B0BOT1V0C"},
                                  {"team", "T061EG9R6"},
                                  {"ts", ts}}}});
    }
    // The first post to a conversation: a look back for an earlier run's copy finds none.
    void first_post(const std::string& channel, const std::string& ts) {
        ok("conversations.history", {{"messages", json::array()}, {"has_more", false}});
        posted(channel, ts);
    }
    // conversations.create's answer: a new private channel.
    void created(const std::string& id, const std::string& name) {
        ok("conversations.create", {{"channel",
                                     {{"id", id},
                                      {"name", name},
                                      {"is_channel", false},
                                      {"is_group", true},
                                      {"is_private", true},
                                      {"creator", "U0BOT1V0C"},
                                      {"is_member", true}}}});
    }

    // ---- what was sent ----
    // The Web API methods called, in order ("upload" for the bytes POSTed to an upload URL).
    std::vector<std::string> methods() const {
        std::vector<std::string> out;
        for (const auto& request : http.requests()) {
            const std::string& target = request.url.target;
            out.push_back(target.starts_with("/api/") ? target.substr(5) : "upload");
        }
        return out;
    }
    // The JSON arguments of the `n`th call of `method`.
    json args(const std::string& method, std::size_t n = 0) const {
        return json::parse(request(method, n).body, nullptr, false);
    }
    const integrations::net::HttpRequest& request(const std::string& method,
                                                  std::size_t n = 0) const {
        std::size_t seen = 0;
        for (const auto& request : http.requests()) {
            if (request.url.target == "/api/" + method && seen++ == n) {
                return request;
            }
        }
        FAIL("no call " << n << " of " << method);
        return http.requests().front();
    }
};

using Kind = bot::DeliveryResult::Kind;
using Calls = std::vector<std::string>;

} // namespace

TEST_SUITE_BEGIN("slack");

TEST_CASE_FIXTURE(DeliveryFixture, "Slack delivery: a posted message can be edited and pinned") {
    first_post("C0TEAM0001", k_ts);
    ok("pins.add");
    ok("chat.update", {{"channel", "C0TEAM0001"}, {"ts", k_ts}, {"text", "Crisis #1, checklist"}});

    bot::Reply notice = to_team("Crisis #1");
    notice.intent = bot::Post{.is_pinned = true};
    const bot::DeliveryResult first = deliver(notice);
    CHECK(first.kind == Kind::delivered);
    CHECK(first.posted_in == "C0TEAM0001");
    CHECK(first.posted_message == k_ts);

    bot::Reply edit = to_team("Crisis #1, checklist 1/7");
    edit.intent = bot::Edit{.message = first.posted_message};
    const bot::DeliveryResult second = deliver(edit);
    CHECK(second.posted_message == first.posted_message);

    // Posted once, tagged with its outbox row; pinned; then edited in place.
    CHECK(methods() ==
          Calls{"conversations.history", "chat.postMessage", "pins.add", "chat.update"});
    CHECK(args("chat.postMessage")["metadata"]["event_payload"]["outbox_id"] == "1");
    CHECK(args("pins.add") == json{{"channel", "C0TEAM0001"}, {"timestamp", k_ts}});
    const json update = args("chat.update");
    CHECK(update["channel"] == "C0TEAM0001");
    CHECK(update["ts"] == k_ts);
    CHECK(update["text"].get<std::string>().find("checklist 1/7") != std::string::npos);
}

TEST_CASE_FIXTURE(DeliveryFixture, "Slack delivery: a failed pin does not post the message twice") {
    first_post("C0TEAM0001", k_ts);
    fail("pins.add", "not_pinnable");
    bot::Reply notice = to_team("Crisis #2");
    notice.intent = bot::Post{.is_pinned = true};
    const bot::DeliveryResult result = deliver(notice);
    CHECK(result.kind == Kind::delivered);
    CHECK(result.posted_message == k_ts);
    CHECK(methods() == Calls{"conversations.history", "chat.postMessage", "pins.add"});
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: a reaction is added once, a repeat is no error") {
    first_post("C0TEAM0001", k_ts);
    ok("reactions.add");
    fail("reactions.add", "already_reacted");
    fail("reactions.add", "message_not_found");

    const bot::DeliveryResult card = deliver(to_team("idea #3"));
    const bot::Reply reaction =
        bot::Reply::reaction_to(k_team, card.posted_message, "white_check_mark");
    CHECK(deliver(reaction).kind == Kind::delivered);
    CHECK(deliver(reaction).kind == Kind::delivered);
    const json added = {
        {"channel", "C0TEAM0001"}, {"timestamp", k_ts}, {"name", "white_check_mark"}};
    CHECK(args("reactions.add", 0) == added);
    CHECK(args("reactions.add", 1) == added);

    const bot::Reply lost = bot::Reply::reaction_to(k_team, "1.000001", "bulb");
    CHECK(deliver(lost).kind == Kind::permanent);
    CHECK(args("reactions.add", 2)["timestamp"] == "1.000001");
}

TEST_CASE_FIXTURE(DeliveryFixture, "Slack delivery: an attachment is uploaded and shared") {
    const std::string csv = "id,title\r\n1,\"Messe, Tag 1\"\r\n2,Grüße\r\n";
    const std::string upload_url = "https://files.slack.com/upload/v1/CwABAAAAXAoAAAGL";
    const json reserved = {{"upload_url", upload_url}, {"file_id", "F0PLAN0001"}};
    SUBCASE("in the channel, with the reply as its comment") {
        ok("files.getUploadURLExternal", reserved);
        http.expect(HttpMethod::post, "/upload/v1/CwABAAAAXAoAAAGL",
                    http_answer(200, "OK - " + std::to_string(csv.size())));
        ok("files.completeUploadExternal",
           {{"files", json::array({{{"id", "F0PLAN0001"}, {"title", "plan.csv"}}})}});
        bot::Reply reply = to_team("Editorial plan <!channel>");
        reply.intent = bot::Post{.attachment = bot::Attachment{"plan.csv", "text/csv", csv, ""}};
        CHECK(deliver(reply).kind == Kind::delivered);

        CHECK(methods() ==
              Calls{"files.getUploadURLExternal", "upload", "files.completeUploadExternal"});
        // The reservation goes form-encoded: Slack does not read JSON there.
        const auto& reserve = request("files.getUploadURLExternal");
        CHECK(reserve.headers.get("Content-Type") == "application/x-www-form-urlencoded");
        CHECK(reserve.body == "filename=plan.csv&length=" + std::to_string(csv.size()));
        const auto& bytes = http.requests().at(1);
        CHECK(bytes.url.str() == upload_url);
        CHECK(bytes.body == csv);
        const json complete = args("files.completeUploadExternal");
        CHECK(complete["files"] == json::array({{{"id", "F0PLAN0001"}, {"title", "plan.csv"}}}));
        CHECK(complete["channel_id"] == "C0TEAM0001");
        CHECK(complete["initial_comment"] == "Editorial plan &lt;!channel&gt;");
    }
    SUBCASE("for the requester only: in a direct message, as files are never ephemeral") {
        ok("conversations.open", {{"channel", {{"id", "D0ALICE001"}}}});
        ok("files.getUploadURLExternal", reserved);
        http.expect(HttpMethod::post, "/upload/v1/CwABAAAAXAoAAAGL", http_answer(200, "OK - 15"));
        ok("files.completeUploadExternal", {{"files", json::array({{{"id", "F0PLAN0001"}}})}});
        bot::Reply reply = bot::Reply::to_requester().text("Your export");
        reply.place = k_team;
        reply.recipient = k_alice;
        reply.intent = bot::Post{
            .attachment = bot::Attachment{"plan.ics", "text/calendar", "BEGIN:VCALENDAR", ""}};
        CHECK(deliver(reply).kind == Kind::delivered);
        CHECK(args("conversations.open") == json{{"users", "U024BE7LH"}});
        CHECK(args("files.completeUploadExternal")["channel_id"] == "D0ALICE001");
    }
    SUBCASE("a rate-limited reservation waits and is retried as a whole") {
        rate_limit("files.getUploadURLExternal", 2);
        bot::Reply reply = to_team("plan");
        reply.intent = bot::Post{.attachment = bot::Attachment{"plan.csv", "text/csv", csv, ""}};
        const bot::DeliveryResult result = deliver(reply);
        CHECK(result.kind == Kind::rate_limited);
        CHECK(result.retry_after == std::chrono::seconds(2));
        CHECK(methods() == Calls{"files.getUploadURLExternal"}); // nothing uploaded
    }
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: an unpin removes the pin, a repeat is no error") {
    first_post("C0TEAM0001", k_ts);
    ok("pins.add");
    bot::Reply notice = to_team("Crisis #1");
    notice.intent = bot::Post{.is_pinned = true};
    const bot::DeliveryResult posted = deliver(notice);
    REQUIRE(methods().back() == "pins.add");

    // As the outbox hands it over once the anchor is resolved.
    ok("pins.remove");
    bot::Reply unpin = bot::Reply::to_place();
    unpin.place = bot::Place{"slack", posted.posted_in, "", false};
    unpin.intent = bot::Unpin{"crisis:1", posted.posted_message};
    const bot::DeliveryResult first = deliver(unpin);
    CHECK(first.kind == Kind::delivered);
    CHECK(first.posted_message.empty()); // nothing new to edit later
    CHECK(args("pins.remove") ==
          json{{"channel", "C0TEAM0001"}, {"timestamp", posted.posted_message}});
    // The blocks of an unpin are never posted: no chat.update, no second post.
    CHECK(methods() ==
          Calls{"conversations.history", "chat.postMessage", "pins.add", "pins.remove"});

    // A retry after a lost answer: Slack says no_pin, which is what was wanted.
    fail("pins.remove", "no_pin");
    CHECK(deliver(unpin).kind == Kind::delivered);
    fail("pins.remove", "not_pinned");
    CHECK(deliver(unpin).kind == Kind::delivered);
    fail("pins.remove", "channel_not_found");
    CHECK(deliver(unpin).kind == Kind::permanent);
}

namespace {

const bot::UserRef k_bob{"slack", "U0BOB00001", "bob", ""};
const std::string k_channel_name = "krise-12-aerger-ueber-die-werbung";

bot::Reply opening(std::string text) {
    bot::Reply reply = bot::Reply::to_place().text(std::move(text));
    reply.place = k_team;
    reply.intent = bot::OpenConversation{
        "Krise 12: Ärger über die Werbung!",
        {k_alice, k_bob, k_alice, bot::UserRef{"matrix", "@carl:example.org", "carl", ""}},
        ""};
    return reply;
}

} // namespace

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: a reply that opens a conversation gets its own channel") {
    created("C0NEW00001", k_channel_name);
    ok("conversations.invite", {{"channel", {{"id", "C0NEW00001"}}}});
    posted("C0NEW00001", k_ts);
    const bot::DeliveryResult result = deliver(opening("Crisis #12"));
    REQUIRE(result.kind == Kind::delivered);
    CHECK(methods() == Calls{"conversations.create", "conversations.invite", "chat.postMessage"});
    CHECK(args("conversations.create") == json{{"name", k_channel_name}, {"is_private", true}});
    // Each Slack member once; people of other platforms are not Slack's to invite.
    CHECK(args("conversations.invite") ==
          json{{"channel", "C0NEW00001"}, {"users", "U024BE7LH,U0BOB00001"}, {"force", true}});
    // Posted there, and remembered there for replies beside it.
    CHECK(result.posted_in == "C0NEW00001");
    CHECK(result.posted_message == k_ts);
    const json post = args("chat.postMessage");
    CHECK(post["channel"] == "C0NEW00001");
    CHECK(post["text"].get<std::string>().find("Crisis #12") != std::string::npos);

    SUBCASE("the same name again is numbered") {
        fail("conversations.create", "name_taken");
        created("C0NEW00002", k_channel_name + "-2");
        ok("conversations.invite", {{"channel", {{"id", "C0NEW00002"}}}});
        posted("C0NEW00002", "1700000000.000200");
        const bot::DeliveryResult again = deliver(opening("Crisis #12 again"), 2);
        CHECK(again.kind == Kind::delivered);
        CHECK(again.posted_in == "C0NEW00002");
        CHECK(args("conversations.create", 1)["name"] == k_channel_name);
        CHECK(args("conversations.create", 2)["name"] == k_channel_name + "-2");
    }
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: a retried opening reuses its channel - a refused one posts in "
                  "place") {
    SUBCASE("a rate-limited invite is retried without a second channel") {
        created("C0NEW00001", k_channel_name);
        rate_limit("conversations.invite", 1);
        const bot::DeliveryResult limited = deliver(opening("Crisis #12"), 7);
        CHECK(limited.kind == Kind::rate_limited);
        CHECK(limited.retry_after == std::chrono::seconds(1));
        CHECK(methods() == Calls{"conversations.create", "conversations.invite"}); // not posted

        ok("conversations.invite", {{"channel", {{"id", "C0NEW00001"}}}});
        posted("C0NEW00001", k_ts);
        const bot::DeliveryResult retried = deliver(opening("Crisis #12"), 7);
        CHECK(retried.kind == Kind::delivered);
        CHECK(retried.posted_in == "C0NEW00001");
        CHECK(methods() == Calls{"conversations.create", "conversations.invite",
                                 "conversations.invite", "chat.postMessage"});
        CHECK(args("conversations.invite", 1)["channel"] == "C0NEW00001");
        CHECK(args("conversations.invite", 1)["users"] == "U024BE7LH,U0BOB00001");
    }
    SUBCASE("a refused invite still posts in the new channel") {
        created("C0NEW00001", k_channel_name);
        fail("conversations.invite", "cant_invite");
        posted("C0NEW00001", k_ts);
        const bot::DeliveryResult result = deliver(opening("Crisis #12"));
        CHECK(result.kind == Kind::delivered);
        CHECK(result.posted_in == "C0NEW00001");
        CHECK(args("chat.postMessage")["channel"] == "C0NEW00001");
    }
    SUBCASE("no permission to create channels: posted in place, not remembered as opened") {
        fail("conversations.create", "restricted_action");
        posted("C0TEAM0001", k_ts);
        const bot::DeliveryResult result = deliver(opening("Crisis #12"));
        CHECK(result.kind == Kind::delivered);
        CHECK(result.posted_in.empty());
        CHECK(methods() == Calls{"conversations.create", "chat.postMessage"}); // no channel
        CHECK(args("chat.postMessage")["channel"] == "C0TEAM0001");
    }
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: a rejected bot token keeps the message queued") {
    ok("conversations.history", {{"messages", json::array()}, {"has_more", false}});
    fail("chat.postMessage", "token_revoked");
    const bot::DeliveryResult result = deliver(to_team("hello"));
    CHECK(result.kind == Kind::transient);
    CHECK(result.error == "token rejected");
}

TEST_SUITE_END();
