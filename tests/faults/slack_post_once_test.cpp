// The regression test for a double post found by the Slack crash test: a bot killed after Slack
// answered chat.postMessage but before the outbox recorded it posted the reply again at the next
// start. Each post now carries its outbox id as metadata and the first post of a conversation
// after a start looks for it (integrations/slack/slack_post_once.cpp).
#include "bot/model/catalog.hpp"
#include "integrations/net/http_client.hpp"
#include "integrations/net/tls.hpp"
#include "integrations/slack/slack_adapter.hpp"
#include "tests/fakes/fake_slack.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <string>

using namespace onevoice;
using integrations::slack::SlackAdapter;
using integrations::slack::SlackOptions;
using tests::FakeSlack;

namespace {

using Kind = bot::DeliveryResult::Kind;

bot::Catalog english() {
    bot::Catalog catalog(bot::Locale::en);
    catalog.add(integrations::slack::slack_messages());
    return catalog;
}

// A row as the outbox hands it over: queued `ago`, maybe tried before (an earlier run's).
bot::Deliverer::Queued queued(bool may_have_been_sent, bool is_last_attempt = false,
                              std::chrono::seconds ago = std::chrono::seconds(5)) {
    const auto now = std::chrono::time_point_cast<bot::Duration>(std::chrono::system_clock::now());
    return bot::Deliverer::Queued{now - ago, may_have_been_sent, is_last_attempt};
}

// A Web API argument as text: JSON bodies are typed, form fields strings.
std::string arg(const nlohmann::json& args, const char* key) {
    const auto it = args.find(key);
    return it == args.end() ? std::string() : it->is_string() ? it->get<std::string>() : it->dump();
}

// One run of the bot's Slack adapter; a second one on the same fake is a restart.
struct AdapterRun {
    explicit AdapterRun(FakeSlack& fake)
        : adapter(io, tls, http, bot::Secret(fake.options().app_token),
                  bot::Secret(fake.options().bot_token), options(fake, catalog),
                  [] { return 0.5; }) {}

    static SlackOptions options(const FakeSlack& fake, const bot::Catalog& catalog) {
        SlackOptions options;
        options.api_url = *integrations::net::Url::parse(fake.api_url());
        options.catalog = &catalog;
        return options;
    }

    bot::DeliveryResult deliver(std::int64_t id, const std::string& text,
                                const std::string& thread = "") {
        return deliver_queued(id, text, std::nullopt, thread);
    }
    // A post to be pinned, as a crisis notice.
    bot::DeliveryResult deliver_pinned(std::int64_t id, const std::string& text) {
        bot::Reply reply = bot::Reply::to_place().text(text);
        reply.place = bot::Place{"slack", "C0TEAM0001", "", false};
        reply.intent = bot::Post{.is_pinned = true};
        return wait_for([&](auto done) { adapter.deliver(id, reply, done); });
    }
    // Through the outbox's entry when `queued` is set (else deliver(), as a direct reply would).
    bot::DeliveryResult deliver_queued(std::int64_t id, const std::string& text,
                                       const std::optional<bot::Deliverer::Queued>& queued,
                                       const std::string& thread = "") {
        bot::Reply reply = bot::Reply::to_place().text(text);
        reply.place = bot::Place{"slack", "C0TEAM0001", thread, false};
        return wait_for([&](auto done) {
            if (queued) {
                adapter.deliver_queued(id, *queued, reply, done);
            } else {
                adapter.deliver(id, reply, done);
            }
        });
    }
    // Starts a delivery through `start` and runs the adapter until it is done.
    template <typename Start>
    bot::DeliveryResult wait_for(Start start) {
        std::optional<bot::DeliveryResult> result;
        start([&](bot::DeliveryResult r) { result = std::move(r); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!result && std::chrono::steady_clock::now() < deadline) {
            io.run_for(std::chrono::milliseconds(20));
        }
        REQUIRE(result);
        return *result;
    }

    bot::Catalog catalog = english();
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

TEST_CASE("Slack post once: without the history scope a reply that may be posted is held") {
    FakeSlack fake;
    fake.fail_next("conversations.history", 3, "missing_scope");
    AdapterRun run(fake);
    // Held, not posted blindly: the outbox retries, and the last attempt gives it up.
    const bot::DeliveryResult held = run.deliver_queued(9, "Idee 9 gespeichert", queued(true));
    CHECK(held.kind == Kind::transient);
    CHECK(held.error.find("missing_scope") != std::string::npos);
    CHECK(run.deliver_queued(9, "Idee 9 gespeichert", queued(true)).kind == Kind::transient);
    const bot::DeliveryResult given_up =
        run.deliver_queued(9, "Idee 9 gespeichert", queued(true, true));
    CHECK(given_up.kind == Kind::permanent);
    CHECK(fake.call_count("conversations.history") == 3);
    // Only the notice was posted, in the conversation the reply was for, without metadata.
    const auto posts = fake.calls("chat.postMessage");
    REQUIRE(posts.size() == 1);
    CHECK(arg(posts[0].args, "channel") == "C0TEAM0001");
    CHECK(arg(posts[0].args, "text").find("could not be delivered") != std::string::npos);
    CHECK(arg(posts[0].args, "text").find("missing_scope") != std::string::npos);
    CHECK_FALSE(posts[0].args.contains("metadata"));
}

TEST_CASE("Slack post once: a reply this run queued and never tried is posted without a look") {
    FakeSlack fake;
    fake.fail_next("conversations.history", 5, "missing_scope");
    AdapterRun run(fake);
    CHECK(run.deliver_queued(11, "Idee 11 gespeichert", queued(false)).kind == Kind::delivered);
    // A direct reply without a row (negative id) is never sent twice either.
    CHECK(run.deliver(-3, "Gerade nicht gespeichert").kind == Kind::delivered);
    CHECK(fake.call_count("conversations.history") == 0);
    CHECK(fake.call_count("chat.postMessage", true) == 2);
}

TEST_CASE(
    "Slack post once: the read-back is one history call from just before the row was queued") {
    FakeSlack fake;
    {
        AdapterRun before(fake);
        REQUIRE(before.deliver_queued(12, "Idee 12 gespeichert", queued(false)).kind ==
                Kind::delivered);
    }
    AdapterRun after(fake);
    const auto row = queued(true, false, std::chrono::seconds(30));
    const bot::DeliveryResult again = after.deliver_queued(12, "Idee 12 gespeichert", row);
    CHECK(again.kind == Kind::delivered);
    CHECK(fake.call_count("chat.postMessage") == 1);
    const auto reads = fake.calls("conversations.history");
    REQUIRE(reads.size() == 1);
    CHECK(arg(reads[0].args, "channel") == "C0TEAM0001");
    CHECK(arg(reads[0].args, "limit") == "15");
    CHECK(arg(reads[0].args, "include_all_metadata") == "true");
    // `oldest`: the queue time less a minute for clock skew, as a Slack ts.
    const double oldest = std::stod(arg(reads[0].args, "oldest"));
    const double queued_at =
        std::chrono::duration<double>(row.queued_at.time_since_epoch()).count();
    CHECK(std::abs(oldest - (queued_at - 60.0)) < 0.001);
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

// Found by the mixed Slack crash test (#19): killed after Slack posted a crisis notice but before
// pins.add, the next start found the notice, counted it delivered and never pinned it.
TEST_CASE("Slack post once: a notice found posted after a restart is pinned as asked") {
    FakeSlack fake;
    // Slack posts it and the answer is lost, as when the bot dies before it pins the notice.
    fake.lose_answers("chat.postMessage", 1);
    {
        AdapterRun before(fake);
        CHECK(before.deliver_pinned(21, "Krise 1 ausgerufen").kind == Kind::transient);
    }
    REQUIRE(fake.messages().size() == 1);
    REQUIRE_FALSE(fake.messages().at(0).is_pinned);
    AdapterRun after(fake);
    const bot::DeliveryResult again = after.deliver_pinned(21, "Krise 1 ausgerufen");
    CHECK(again.kind == Kind::delivered);
    CHECK(again.posted_message == fake.messages().at(0).ts);
    CHECK(fake.call_count("chat.postMessage") == 1);
    CHECK(fake.messages().at(0).is_pinned);
}

TEST_SUITE_END();
