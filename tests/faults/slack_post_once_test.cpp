// The regression test for a double post found by the Slack crash test: a bot killed after Slack
// answered chat.postMessage but before the outbox recorded it posted the reply again at the next
// start. Each post now carries its outbox id as metadata and the first post of a conversation
// after a start looks for it (integrations/slack/slack_post_once.cpp).
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

// One run of the bot's Slack adapter; a second one on the same fake is a restart.
struct AdapterRun {
    explicit AdapterRun(FakeSlack& fake)
        : adapter(io, tls, http, bot::Secret(fake.options().app_token),
                  bot::Secret(fake.options().bot_token),
                  SlackOptions{*integrations::net::Url::parse(fake.api_url()), {}, {}, {}},
                  [] { return 0.5; }) {}

    bot::DeliveryResult deliver(std::int64_t id, const std::string& text,
                                const std::string& thread = "") {
        bot::Reply reply = bot::Reply::to_place().text(text);
        reply.place = bot::Place{"slack", "C0TEAM0001", thread, false};
        std::optional<bot::DeliveryResult> result;
        adapter.deliver(id, reply, [&](bot::DeliveryResult r) { result = std::move(r); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!result && std::chrono::steady_clock::now() < deadline) {
            io.run_for(std::chrono::milliseconds(20));
        }
        REQUIRE(result);
        return *result;
    }

    boost::asio::io_context io;
    boost::asio::ssl::context tls = integrations::net::make_client_tls_context();
    integrations::net::HttpClient http{io, tls};
    SlackAdapter adapter;
};

} // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE("Slack post once: a reply posted before a restart is not posted again") {
    FakeSlack fake;
    std::string first_ts;
    {
        AdapterRun before(fake);
        const bot::DeliveryResult posted = before.deliver(41, "Idee 41 gespeichert");
        REQUIRE(posted.kind == bot::DeliveryResult::Kind::delivered);
        first_ts = posted.posted_message;
        CHECK(before.deliver(42, "Idee 42 gespeichert").kind ==
              bot::DeliveryResult::Kind::delivered);
    }
    REQUIRE(fake.call_count("chat.postMessage", true) == 2);
    CHECK(fake.messages().at(0).metadata["event_payload"]["outbox_id"] == "41");

    // Killed before the outbox recorded row 42: the next start delivers it again.
    AdapterRun after(fake);
    const bot::DeliveryResult again = after.deliver(42, "Idee 42 gespeichert");
    CHECK(again.kind == bot::DeliveryResult::Kind::delivered);
    CHECK(again.posted_in == "C0TEAM0001");
    CHECK(again.posted_message == fake.messages().at(1).ts);
    CHECK(fake.call_count("chat.postMessage") == 2);
    // A row never posted is posted, and later ones without looking again.
    CHECK(after.deliver(43, "Idee 43 gespeichert").kind == bot::DeliveryResult::Kind::delivered);
    CHECK(after.deliver(44, "Idee 44 gespeichert").kind == bot::DeliveryResult::Kind::delivered);
    CHECK(fake.call_count("chat.postMessage", true) == 4);
    CHECK(fake.call_count("conversations.history") == 2);
    CHECK(first_ts != again.posted_message);
}

TEST_CASE("Slack post once: a thread reply is looked for in the thread") {
    FakeSlack fake;
    {
        AdapterRun before(fake);
        before.deliver(7, "Antwort im Thread", "1700000000.000100");
    }
    AdapterRun after(fake);
    CHECK(after.deliver(7, "Antwort im Thread", "1700000000.000100").kind ==
          bot::DeliveryResult::Kind::delivered);
    CHECK(fake.call_count("chat.postMessage") == 1);
    CHECK(fake.call_count("conversations.replies") == 2);
}

TEST_CASE("Slack post once: without the history scope the reply is still posted") {
    FakeSlack fake;
    fake.fail_next("conversations.history", 1, "missing_scope");
    AdapterRun run(fake);
    CHECK(run.deliver(9, "Idee 9 gespeichert").kind == bot::DeliveryResult::Kind::delivered);
    CHECK(fake.call_count("chat.postMessage", true) == 1);
}

TEST_CASE("Slack post once: after a 500 on the post the next attempt looks again first") {
    FakeSlack fake;
    AdapterRun run(fake);
    fake.fail_http("chat.postMessage", 1, 500);
    CHECK(run.deliver(5, "Idee 5 gespeichert").kind == bot::DeliveryResult::Kind::transient);
    CHECK(run.deliver(5, "Idee 5 gespeichert").kind == bot::DeliveryResult::Kind::delivered);
    CHECK(fake.call_count("conversations.history") == 2);
    CHECK(fake.call_count("chat.postMessage", true) == 1);
}

TEST_SUITE_END();
