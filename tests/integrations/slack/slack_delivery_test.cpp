// SlackAdapter::deliver against FakeSlack over loopback: which Web API calls a
// Reply becomes, and what the outbox learns about the posted message.
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/slack/slack_adapter.hpp"
#include "tests/fakes/fake_slack.hpp"

#include <doctest/doctest.h>

#include <optional>

using namespace onevoice;
using integrations::slack::SlackAdapter;
using integrations::slack::SlackOptions;
using tests::FakeSlack;

namespace {

const bot::UserRef k_alice{"slack", "U024BE7LH", "alice", ""};
const bot::Place k_team{"slack", "C0TEAM0001", "", false};

struct DeliveryFixture {
    FakeSlack slack;
    boost::asio::io_context io;
    boost::asio::ssl::context tls = integrations::net::make_client_tls_context();
    integrations::net::HttpClient http{io, tls};
    SlackAdapter adapter{io,
                         tls,
                         http,
                         bot::Secret(slack.options().app_token),
                         bot::Secret(slack.options().bot_token),
                         SlackOptions{*integrations::net::Url::parse(slack.api_url()), {}, {}, {}},
                         [] {
                             return 0.5;
                         }};

    // Delivers `reply` and runs the io loop until its result arrives.
    bot::DeliveryResult deliver(const bot::Reply& reply, std::int64_t id = 1) {
        std::optional<bot::DeliveryResult> result;
        adapter.deliver(id, reply, [&](bot::DeliveryResult r) { result = std::move(r); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!result && std::chrono::steady_clock::now() < deadline) {
            io.run_for(std::chrono::milliseconds(20));
        }
        REQUIRE(result);
        return *result;
    }

    bot::Reply to_team(std::string text) {
        bot::Reply reply = bot::Reply::to_place().text(std::move(text));
        reply.place = k_team;
        return reply;
    }
};

} // namespace

TEST_SUITE_BEGIN("slack");

TEST_CASE_FIXTURE(DeliveryFixture, "Slack delivery: a posted message can be edited and pinned") {
    bot::Reply notice = to_team("Crisis #1");
    notice.intent = bot::Post{.is_pinned = true};
    const bot::DeliveryResult first = deliver(notice);
    CHECK(first.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(first.posted_in == "C0TEAM0001");
    REQUIRE_FALSE(first.posted_message.empty());

    bot::Reply edit = to_team("Crisis #1, checklist 1/7");
    edit.intent = bot::Edit{.message = first.posted_message};
    const bot::DeliveryResult second = deliver(edit);
    CHECK(second.posted_message == first.posted_message);

    const auto messages = slack.messages();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].is_pinned);
    CHECK(messages[0].updates == 1);
    CHECK(messages[0].text.find("checklist 1/7") != std::string::npos);
}

TEST_CASE_FIXTURE(DeliveryFixture, "Slack delivery: a failed pin does not post the message twice") {
    slack.fail_next("pins.add", 1, "not_pinnable");
    bot::Reply notice = to_team("Crisis #2");
    notice.intent = bot::Post{.is_pinned = true};
    CHECK(deliver(notice).kind == bot::DeliveryResult::Kind::delivered);
    CHECK(slack.messages().size() == 1);
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: a reaction is added once, a repeat is no error") {
    const bot::DeliveryResult card = deliver(to_team("idea #3"));
    const bot::Reply reaction =
        bot::Reply::reaction_to(k_team, card.posted_message, "white_check_mark");
    CHECK(deliver(reaction).kind == bot::DeliveryResult::Kind::delivered);
    CHECK(deliver(reaction).kind == bot::DeliveryResult::Kind::delivered);
    REQUIRE(slack.messages().size() == 1);
    CHECK(slack.messages()[0].reactions == std::vector<std::string>{"white_check_mark"});

    const bot::Reply lost = bot::Reply::reaction_to(k_team, "1.000001", "bulb");
    CHECK(deliver(lost).kind == bot::DeliveryResult::Kind::permanent);
}

TEST_CASE_FIXTURE(DeliveryFixture, "Slack delivery: an attachment is uploaded and shared") {
    const std::string csv = "id,title\r\n1,\"Messe, Tag 1\"\r\n2,Grüße\r\n";
    SUBCASE("in the channel, with the reply as its comment") {
        bot::Reply reply = to_team("Editorial plan <!channel>");
        reply.intent = bot::Post{.attachment = bot::Attachment{"plan.csv", "text/csv", csv, ""}};
        CHECK(deliver(reply).kind == bot::DeliveryResult::Kind::delivered);
        const auto files = slack.files();
        REQUIRE(files.size() == 1);
        CHECK(files[0].is_completed);
        CHECK(files[0].filename == "plan.csv");
        CHECK(files[0].content == csv);
        CHECK(files[0].channel == "C0TEAM0001");
        CHECK(files[0].initial_comment == "Editorial plan &lt;!channel&gt;");
        // The reservation goes form-encoded: Slack does not read JSON there.
        const auto reserve = slack.calls("files.getUploadURLExternal");
        REQUIRE(reserve.size() == 1);
        CHECK(reserve[0].content_type == "application/x-www-form-urlencoded");
    }
    SUBCASE("for the requester only: in a direct message, as files are never ephemeral") {
        bot::Reply reply = bot::Reply::to_requester().text("Your export");
        reply.place = k_team;
        reply.recipient = k_alice;
        reply.intent = bot::Post{
            .attachment = bot::Attachment{"plan.ics", "text/calendar", "BEGIN:VCALENDAR", ""}};
        CHECK(deliver(reply).kind == bot::DeliveryResult::Kind::delivered);
        const auto files = slack.files();
        REQUIRE(files.size() == 1);
        CHECK(files[0].channel.starts_with("D"));
    }
    SUBCASE("a rate-limited reservation waits and is retried as a whole") {
        slack.rate_limit("files.getUploadURLExternal", 1, 2);
        bot::Reply reply = to_team("plan");
        reply.intent = bot::Post{.attachment = bot::Attachment{"plan.csv", "text/csv", csv, ""}};
        const bot::DeliveryResult result = deliver(reply);
        CHECK(result.kind == bot::DeliveryResult::Kind::rate_limited);
        CHECK(result.retry_after == std::chrono::seconds(2));
        CHECK(slack.files().empty());
    }
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: an unpin removes the pin, a repeat is no error") {
    bot::Reply notice = to_team("Crisis #1");
    notice.intent = bot::Post{.is_pinned = true};
    const bot::DeliveryResult posted = deliver(notice);
    REQUIRE(slack.messages().at(0).is_pinned);

    // As the outbox hands it over once the anchor is resolved.
    bot::Reply unpin = bot::Reply::to_place();
    unpin.place = bot::Place{"slack", posted.posted_in, "", false};
    unpin.intent = bot::Unpin{"crisis:1", posted.posted_message};
    const bot::DeliveryResult first = deliver(unpin);
    CHECK(first.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(first.posted_message.empty()); // nothing new to edit later
    CHECK_FALSE(slack.messages().at(0).is_pinned);
    const auto calls = slack.calls("pins.remove");
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].args["channel"] == "C0TEAM0001");
    CHECK(calls[0].args["timestamp"] == posted.posted_message);
    CHECK(slack.messages().at(0).updates == 0); // the blocks of an unpin are never posted

    // A retry after a lost answer: Slack says no_pin, which is what was wanted.
    CHECK(deliver(unpin).kind == bot::DeliveryResult::Kind::delivered);
    CHECK(slack.calls("pins.remove").at(1).response["error"] == "no_pin");
    slack.fail_next("pins.remove", 1, "not_pinned");
    CHECK(deliver(unpin).kind == bot::DeliveryResult::Kind::delivered);
    slack.fail_next("pins.remove", 1, "channel_not_found");
    CHECK(deliver(unpin).kind == bot::DeliveryResult::Kind::permanent);
}

namespace {

const bot::UserRef k_bob{"slack", "U0BOB00001", "bob", ""};

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
    const bot::DeliveryResult result = deliver(opening("Crisis #12"));
    REQUIRE(result.kind == bot::DeliveryResult::Kind::delivered);
    const auto channels = slack.channels();
    REQUIRE(channels.size() == 1);
    CHECK(channels[0].name == "krise-12-aerger-ueber-die-werbung");
    CHECK(channels[0].is_private);
    // Each Slack member once; people of other platforms are not Slack's to invite.
    CHECK(channels[0].members == std::vector<std::string>{"U0BOT1V0C", "U024BE7LH", "U0BOB00001"});
    CHECK(slack.calls("conversations.invite").at(0).args["users"] == "U024BE7LH,U0BOB00001");
    // Posted there, and remembered there for replies beside it.
    CHECK(result.posted_in == channels[0].id);
    const auto messages = slack.messages();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].channel == channels[0].id);
    CHECK(messages[0].text.find("Crisis #12") != std::string::npos);

    SUBCASE("the same name again is numbered") {
        CHECK(deliver(opening("Crisis #12 again"), 2).kind == bot::DeliveryResult::Kind::delivered);
        REQUIRE(slack.channels().size() == 2);
        CHECK(slack.channels()[1].name == "krise-12-aerger-ueber-die-werbung-2");
        CHECK(slack.calls("conversations.create").at(1).response["error"] == "name_taken");
    }
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: a retried opening reuses its channel - a refused one posts in "
                  "place") {
    SUBCASE("a rate-limited invite is retried without a second channel") {
        slack.rate_limit("conversations.invite", 1, 1);
        CHECK(deliver(opening("Crisis #12"), 7).kind == bot::DeliveryResult::Kind::rate_limited);
        CHECK(slack.messages().empty());
        const bot::DeliveryResult retried = deliver(opening("Crisis #12"), 7);
        CHECK(retried.kind == bot::DeliveryResult::Kind::delivered);
        REQUIRE(slack.channels().size() == 1);
        CHECK(slack.channels()[0].members.size() == 3);
        CHECK(retried.posted_in == slack.channels()[0].id);
    }
    SUBCASE("a refused invite still posts in the new channel") {
        slack.fail_next("conversations.invite", 1, "cant_invite");
        const bot::DeliveryResult result = deliver(opening("Crisis #12"));
        CHECK(result.kind == bot::DeliveryResult::Kind::delivered);
        CHECK(result.posted_in == slack.channels().at(0).id);
    }
    SUBCASE("no permission to create channels: posted in place, not remembered as opened") {
        slack.fail_next("conversations.create", 1, "restricted_action");
        const bot::DeliveryResult result = deliver(opening("Crisis #12"));
        CHECK(result.kind == bot::DeliveryResult::Kind::delivered);
        CHECK(result.posted_in.empty());
        CHECK(slack.channels().empty());
        REQUIRE(slack.messages().size() == 1);
        CHECK(slack.messages()[0].channel == "C0TEAM0001");
    }
}

TEST_CASE_FIXTURE(DeliveryFixture,
                  "Slack delivery: a rejected bot token keeps the message queued") {
    slack.fail_next("chat.postMessage", 1, "token_revoked");
    CHECK(deliver(to_team("hello")).kind == bot::DeliveryResult::Kind::transient);
}

TEST_SUITE_END();
