// The trust model (DESIGN.md, issue #17) at the router and the user directory:
// the circle is checked before anything else, customer data is for team
// members, a typed @name never reaches an outsider or a namesake elsewhere,
// and without a manager the refusal says how to get one.
#include "bot/runtime/metrics.hpp"
#include "storage/database.hpp"
#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;
using onevoice::tests::TestBot;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A handler with one subcommand per access level and a nested verb.
class LevelsHandler final : public bot::CommandHandler {
public:
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override {
        return {bot::Reply::to_requester().text("ran " + invocation.subcommand.name)};
    }

private:
    bot::CommandSpec m_spec{"levels",
                            "help.summary",
                            {{"open", "levels open", "help.usage", bot::Access::colleague},
                             {"data", "levels data", "help.usage", bot::Access::member},
                             {"lead", "levels lead", "help.usage", bot::Access::lead},
                             {"template",
                              "levels template add|list",
                              "help.usage",
                              bot::Access::colleague,
                              {{"add", bot::Access::lead}, {"list"}}}},
                            {},
                            std::nullopt};
};

struct TrustFixture : TestBot {
    TrustFixture() {
        router.add(levels);
        router.set_metrics(metrics);
        outsiders.insert("mallory");
    }
    std::int64_t count(const char* sql) {
        storage::Statement s(db, sql);
        s.step();
        return s.get_int(0);
    }
    // Remembers a Matrix user as the adapter would when they speak.
    void seen(const std::string& id, const std::string& name, bool is_outsider = false) {
        bot::UserRef user{"matrix", id, name, ""};
        user.is_outsider = is_outsider;
        users.remember(user);
    }
    LevelsHandler levels;
    bot::Metrics metrics;
};

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE_FIXTURE(TrustFixture, "Trust: an outsider gets help and one refusal naming nothing") {
    make_manager("boss");
    for (const char* line : {"levels open", "levels data", "team add @mallory manager",
                             "nosuch command", "idea add hello"}) {
        INFO(line);
        const std::string out = run(line, "mallory");
        CHECK(out == catalog.text("router.outsider"));
        CHECK(last_reply().audience == bot::Audience::requester);
    }
    CHECK(contains(run("help", "mallory"), "team"));
    CHECK(count("SELECT COUNT(*) FROM member_roles WHERE user_key = 'console:mallory'") == 0);
    // An outsider is remembered as one, so no name resolves to them.
    CHECK(count("SELECT is_outsider FROM users WHERE user_key = 'console:mallory'") == 1);
    CHECK(contains(metrics.render(), "onevoice_refusals_total{circle=\"outsider\"} 5"));
}

TEST_CASE_FIXTURE(TrustFixture, "Trust: customer data is for team members, lead verbs for leads") {
    make_manager("boss");
    run("team add @erik expert");
    CHECK(run("levels open", "cole") == "ran open");
    CHECK(contains(run("levels data", "cole"), catalog.text("router.members_only")));
    CHECK(run("levels data", "erik") == "ran data");
    CHECK(contains(run("levels lead", "erik"), catalog.text("router.lead_only")));
    CHECK(run("levels template list", "erik") == "ran template");
    CHECK(contains(run("levels template add x", "erik"), catalog.text("router.lead_only")));
    CHECK(run("levels template add x", "boss") == "ran template");
    CHECK(contains(metrics.render(), "onevoice_refusals_total{circle=\"colleague\"} 1"));
    CHECK(contains(metrics.render(), "onevoice_refusals_total{circle=\"member\"} 2"));
}

TEST_CASE_FIXTURE(TrustFixture, "Trust: without a manager a lead command says how to get one") {
    const std::string out = run("team add @alice community", "cole");
    CHECK(contains(out, catalog.text("router.no_manager")));
    CHECK(contains(out, "admins"));
    make_manager("boss");
    CHECK(contains(run("team add @alice community", "cole"), catalog.text("router.lead_only")));
}

TEST_CASE_FIXTURE(TrustFixture, "Trust: @name never resolves to an outsider or across servers") {
    seen("@alice:localhost", "Alice Local");
    seen("@alice:evil.example", "alice", true);
    // The localpart on a trusted server wins; the foreign namesake is not a candidate.
    auto found = users.lookup("@alice", "matrix");
    REQUIRE(found.user);
    CHECK(found.user->id == "@alice:localhost");
    // An outsider named exactly is found, flagged, for the handler to refuse.
    found = users.lookup("@alice:evil.example", "matrix");
    REQUIRE(found.user);
    CHECK(found.user->is_outsider);
}

TEST_CASE_FIXTURE(TrustFixture, "Trust: an ambiguous name lists the full ids, members first") {
    seen("@bob:a.example", "bob");
    seen("@bob:b.example", "bob");
    auto found = users.lookup("@bob", "matrix");
    CHECK_FALSE(found.user);
    REQUIRE(found.candidates.size() == 2);
    // A team member with the name wins over a colleague namesake.
    team.add_role("matrix:@bob:b.example", "helper", 0, "test");
    found = users.lookup("@bob", "matrix");
    REQUIRE(found.user);
    CHECK(found.user->id == "@bob:b.example");
}

TEST_CASE_FIXTURE(TrustFixture,
                  "Trust: a role goes only to exactly one person of the organisation") {
    make_manager("boss");
    bot::UserRef stranger{"console", "mallory", "mallory", ""};
    team.upsert_user(storage::UserRow{stranger.key(), "console", "mallory", "mallory", "", true},
                     0);
    const std::string out = run("team add @mallory community");
    CHECK(contains(out, "is not of our organisation"));
    CHECK(count("SELECT COUNT(*) FROM member_roles WHERE user_key = 'console:mallory'") == 0);
}

TEST_SUITE_END();
