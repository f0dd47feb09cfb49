#include "commands/team/expert_commands.hpp"
#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

using namespace onevoice;
using onevoice::tests::TestBot;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// Every topic with its experts, and every member's roles, as one comparable string.
std::string expert_state(TestBot& bot) {
    std::string out;
    for (const storage::ExpertRow& row : bot.team.all_experts()) {
        out += row.topic + "=" + row.user_key + "\n";
    }
    for (const storage::UserRow& member : bot.team.members()) {
        out += member.user_key + ":";
        for (const std::string& role : bot.team.roles_of(member.user_key)) {
            out += " " + role;
        }
        out += "\n";
    }
    return out;
}

// boss (manager), alice (community manager), bob (helper).
struct ExpertFixture {
    explicit ExpertFixture(bot::Locale locale = bot::Locale::en)
        : bot(locale) {
        bot.make_manager("boss");
        bot.run("team add @alice community", "boss");
        bot.run("team add @bob helper", "boss");
    }

    // The topics of `name`, in topic order.
    std::vector<std::string> topics(const std::string& name) {
        std::vector<std::string> out;
        for (const storage::ExpertRow& row : bot.team.all_experts()) {
            if (row.user_key == "console:" + name) {
                out.push_back(row.topic);
            }
        }
        return out;
    }

    // Runs a command that must fail: a private reply with the problem and the
    // usage, and no change to experts or roles.
    std::string refused(const std::string& line, const std::string& as,
                        const std::string& problem) {
        INFO("command: ", line, " (as ", as, ")");
        const std::string before = expert_state(bot);
        std::string out = bot.run(line, as);
        const std::string usage = bot.catalog.locale() == bot::Locale::de ? "Aufruf:" : "Usage:";
        CHECK(bot.last_reply().audience == bot::Audience::requester);
        CHECK_MESSAGE(contains(out, problem), out);
        CHECK_MESSAGE(contains(out, usage), out);
        CHECK(expert_state(bot) == before);
        return out;
    }

    TestBot bot;
};

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE_FIXTURE(ExpertFixture, "experts: an empty list says how to add one") {
    const std::string out = bot.run("experts", "bob");
    CHECK(contains(out, "## Experts"));
    CHECK(contains(out, "No experts yet."));
    CHECK(contains(out, "experts add @user <topic>"));
}

TEST_CASE_FIXTURE(ExpertFixture, "experts add: one topic makes someone an expert") {
    const std::string out = bot.run("experts add @carol billing", "alice");
    CHECK(bot.last_reply().audience == bot::Audience::place);
    CHECK(contains(out, "@carol is now the expert for billing."));
    CHECK(topics("carol") == std::vector<std::string>{"billing"});
    CHECK(bot.team.roles_of("console:carol") == std::vector<std::string>{"expert"});
}

TEST_CASE_FIXTURE(ExpertFixture, "experts add: several topics, normalized") {
    SUBCASE("a comma list") {
        CHECK(contains(bot.run("experts add @carol billing,shipping", "boss"),
                       "@carol is now the expert for billing, shipping."));
    }
    SUBCASE("upper case, # and spaces") {
        CHECK(contains(bot.run("experts add @carol #Billing, SHIPPING", "boss"),
                       "@carol is now the expert for billing, shipping."));
    }
    CHECK(topics("carol") == std::vector<std::string>{"billing", "shipping"});
}

TEST_CASE_FIXTURE(ExpertFixture, "experts add: topics with umlauts, digits, - and _ are fine") {
    CHECK(contains(bot.run("experts add @carol lieferzeit-ä,web_2", "boss"),
                   "@carol is now the expert for lieferzeit-ä, web_2."));
}

TEST_CASE_FIXTURE(ExpertFixture, "experts add: a topic someone has already is reported") {
    bot.run("experts add @carol billing", "boss");
    CHECK(contains(bot.run("experts add @carol billing", "boss"),
                   "@carol is already the expert for that."));
    CHECK(contains(bot.run("experts add @carol billing,returns", "boss"),
                   "@carol is now the expert for returns."));
    CHECK(topics("carol") == std::vector<std::string>{"billing", "returns"});
}

TEST_CASE_FIXTURE(ExpertFixture, "experts add: bad arguments are refused and nothing changes") {
    const std::string usage = "Usage: experts add @user <topic>[,<topic>...]";
    SUBCASE("a topic with bad characters") {
        CHECK(contains(refused("experts add @carol bill!ng", "boss", "'bill!ng' is not a topic"),
                       usage));
        CHECK(bot.team.roles_of("console:carol").empty());
    }
    SUBCASE("a bad topic in a list adds none of them") {
        refused("experts add @carol billing,a/b", "boss", "'a/b' is not a topic");
        CHECK(topics("carol").empty());
    }
    SUBCASE("a topic of 41 characters") {
        refused("experts add @carol " + std::string(41, 't'), "boss", "at most 40 characters");
    }
    SUBCASE("a bare #") {
        refused("experts add @carol #", "boss", "'#' is not a topic");
    }
    SUBCASE("no topic") {
        CHECK(contains(refused("experts add @carol", "boss", "Which topic?"), usage));
    }
    SUBCASE("nobody") {
        refused("experts add", "boss", "Whom do you mean?");
    }
    SUBCASE("by a helper") {
        CHECK(contains(refused("experts add @bob billing", "bob",
                               "Only a manager, deputy or community manager may do that."),
                       usage));
    }
}

TEST_CASE_FIXTURE(ExpertFixture, "experts add: a topic of 40 characters is fine") {
    const std::string topic(40, 't');
    CHECK(contains(bot.run("experts add @carol " + topic, "boss"), "is now the expert for"));
    CHECK(topics("carol") == std::vector<std::string>{topic});
}

TEST_CASE_FIXTURE(ExpertFixture, "experts: the list groups experts by topic, in the order added") {
    bot.run("experts add @carol shipping,billing", "boss");
    bot.clock.advance(std::chrono::minutes(1));
    bot.run("experts add @alice billing", "boss");
    const std::string out = bot.run("experts", "bob");
    CHECK(contains(out, "- billing: @carol, @alice"));
    CHECK(contains(out, "- shipping: @carol"));
    CHECK(out.find("billing:") < out.find("shipping:"));
    CHECK_FALSE(contains(out, "away"));
}

TEST_CASE_FIXTURE(ExpertFixture, "experts remove: one topic") {
    bot.run("experts add @carol billing,shipping", "boss");
    const std::string out = bot.run("experts remove @carol #Shipping", "alice");
    CHECK(contains(out, "@carol is no longer the expert for shipping."));
    CHECK(topics("carol") == std::vector<std::string>{"billing"});
}

TEST_CASE_FIXTURE(ExpertFixture, "experts remove: every topic") {
    bot.run("experts add @carol billing,shipping", "boss");
    CHECK(contains(bot.run("experts remove @carol", "alice"), "@carol is no longer an expert."));
    CHECK(topics("carol").empty());
    CHECK(contains(bot.run("experts", "bob"), "No experts yet."));
    // No topics left: the roster must not call her an expert any more.
    const auto roles = bot.team.roles_of("console:carol");
    CHECK(std::find(roles.begin(), roles.end(), "expert") == roles.end());
}

TEST_CASE_FIXTURE(ExpertFixture, "experts remove: the expert role goes with the last topic") {
    bot.run("experts add @carol billing,shipping", "boss");
    const auto has_expert_role = [this] {
        const auto roles = bot.team.roles_of("console:carol");
        return std::find(roles.begin(), roles.end(), "expert") != roles.end();
    };
    bot.run("experts remove @carol billing", "alice");
    CHECK(has_expert_role());
    bot.run("experts remove @carol shipping", "alice");
    CHECK_FALSE(has_expert_role());
}

TEST_CASE_FIXTURE(ExpertFixture, "experts remove: bad arguments are refused and nothing changes") {
    bot.run("experts add @carol billing", "boss");
    const std::string usage = "Usage: experts remove @user [<topic>]";
    SUBCASE("someone who is no expert") {
        CHECK(contains(
            refused("experts remove @bob", "boss", "bob is not an expert for any topic."), usage));
    }
    SUBCASE("a topic the expert does not have") {
        refused("experts remove @carol returns", "boss", "carol is not an expert for returns.");
    }
    SUBCASE("a bad topic") {
        refused("experts remove @carol bill!ng", "boss", "'bill!ng' is not a topic");
    }
    SUBCASE("two topics") {
        CHECK(contains(
            refused("experts remove @carol billing shipping", "boss", "Unexpected 'shipping'"),
            usage));
    }
    SUBCASE("nobody") {
        refused("experts remove", "boss", "Whom do you mean?");
    }
    SUBCASE("by a helper") {
        refused("experts remove @carol", "bob", "Only a manager, deputy or community manager");
    }
    CHECK(topics("carol") == std::vector<std::string>{"billing"});
}

TEST_CASE_FIXTURE(ExpertFixture, "experts: an away expert shows who covers") {
    bot.run("experts add @carol billing", "boss");
    bot.run("experts add @dave billing", "boss");
    SUBCASE("their cover") {
        bot.run("team away @carol today friday cover @bob", "boss");
        CHECK(contains(bot.run("experts", "bob"), "- billing: @carol (away, @bob covers), @dave"));
    }
    SUBCASE("without a cover, the manager") {
        bot.run("team away @carol today friday", "boss");
        CHECK(contains(bot.run("experts", "bob"), "- billing: @carol (away, @boss covers), @dave"));
    }
    SUBCASE("nobody there to cover") {
        bot.run("team away @carol today friday", "boss");
        bot.run("team away today friday", "boss");
        CHECK(contains(bot.run("experts", "bob"), "- billing: @carol (away), @dave"));
    }
    SUBCASE("an upcoming absence is not yet away") {
        bot.run("team away @carol 2026-12-01 2026-12-05 cover @bob", "boss");
        CHECK(contains(bot.run("experts", "bob"), "- billing: @carol, @dave"));
    }
}

TEST_CASE("experts (de): the list and replies read German") {
    TestBot bot(bot::Locale::de);
    bot.make_manager("boss");
    bot.run("team add @bob helper", "boss"); // a cover takes over only while on the team
    CHECK(contains(bot.run("experts", "boss"), "Noch keine Expert:innen."));
    CHECK(contains(bot.run("experts add @carol billing", "boss"),
                   "@carol ist jetzt Expert:in für billing."));
    bot.run("team away @carol heute freitag cover @bob", "boss");
    const std::string out = bot.run("experts", "boss");
    CHECK(contains(out, "## Expert:innen"));
    CHECK(contains(out, "- billing: @carol (abwesend, Vertretung @bob)"));
    const std::string error = bot.run("experts add @carol bill!ng", "boss");
    CHECK(contains(error, "„bill!ng“ ist kein Thema"));
    CHECK(contains(error, "Aufruf: experts add @user <topic>[,<topic>...]"));
}

TEST_CASE("normalize_topic: lower case, without #, only safe characters") {
    CHECK(commands::normalize_topic("Billing") == "billing");
    CHECK(commands::normalize_topic("#web_2-x") == "web_2-x");
    CHECK(commands::normalize_topic("Lieferzeit-ä") == "lieferzeit-ä");
    CHECK(commands::normalize_topic("LÖSUNGEN") == "lösungen");
    CHECK(commands::normalize_topic("#lo\u0308sungen") == "lösungen");
    CHECK_FALSE(commands::normalize_topic(""));
    CHECK_FALSE(commands::normalize_topic("#"));
    CHECK_FALSE(commands::normalize_topic("two words"));
    CHECK_FALSE(commands::normalize_topic("a,b"));
    CHECK_FALSE(commands::normalize_topic("\xff\xfe"));
    CHECK_FALSE(commands::normalize_topic(std::string(41, 'a')));
}

TEST_SUITE_END();
