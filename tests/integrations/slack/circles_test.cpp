// Issue #17, circles on Slack: who is an outsider, from the payload's team, auth.test's
// installation and users.info (integrations/slack/circles.hpp).
#include "integrations/slack/circles.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace onevoice::integrations::slack;
using nlohmann::json;

namespace {

const BotIdentity k_workspace{"U0BOT1V0C", "T061EG9R6", ""};
const BotIdentity k_grid_workspace{"U0BOT1V0C", "T061EG9R6", "E0EXAMPLE"};

SlackUser member(std::string team = "T061EG9R6", std::string enterprise = "") {
    SlackUser user;
    user.name = "alice";
    user.team_id = std::move(team);
    user.enterprise_id = std::move(enterprise);
    return user;
}

SlackUser guest() {
    SlackUser user = member();
    user.is_guest = true;
    return user;
}

} // namespace

TEST_SUITE_BEGIN("slack");

TEST_CASE("slack circles: users.info gives name, zone, team, organisation and guest status") {
    const json answer = json::parse(R"({
        "id": "W0GRID0001", "team_id": "T0GRIDTWO", "name": "bob", "tz": "Europe/Vienna",
        "profile": {"display_name": "Bob B.", "team": "T0GRIDTWO"},
        "is_restricted": false, "is_ultra_restricted": true,
        "enterprise_user": {"id": "W0GRID0001", "enterprise_id": "E0EXAMPLE",
                            "enterprise_name": "Example Org", "teams": ["T0GRIDTWO"]}})");
    const SlackUser user = parse_user(answer);
    CHECK(user.name == "Bob B.");
    CHECK(user.time_zone == "Europe/Vienna");
    CHECK(user.team_id == "T0GRIDTWO");
    CHECK(user.enterprise_id == "E0EXAMPLE");
    CHECK(user.is_guest); // a single-channel guest

    SUBCASE("a multi-channel guest is a guest too") {
        CHECK(parse_user(json{{"is_restricted", true}}).is_guest);
    }
    SUBCASE("missing or null fields read as empty: no display name falls back to the handle") {
        const SlackUser bare = parse_user(
            json{{"name", "carol"}, {"profile", {{"display_name", nullptr}}}, {"tz", nullptr}});
        CHECK(bare.name == "carol");
        CHECK(bare.team_id.empty());
        CHECK(bare.enterprise_id.empty());
        CHECK_FALSE(bare.is_guest);
        CHECK(parse_user(json()).name.empty());
    }
}

TEST_CASE("slack circles: a member of the installing workspace is of the organisation") {
    const SlackUser alice = member();
    CHECK_FALSE(is_outsider(k_workspace, {}, "T061EG9R6", &alice));
}

TEST_CASE("slack circles: a user of another workspace is an outsider unless it is trusted") {
    const SlackUser customer = member("T0CUSTOMER");
    CHECK(is_outsider(k_workspace, {}, "T0CUSTOMER", &customer));
    const CirclePolicy trusted{{"T0AGENCY01", "T0CUSTOMER"}, false};
    CHECK_FALSE(is_outsider(k_workspace, trusted, "T0CUSTOMER", &customer));
    SUBCASE("the payload's team decides, users.info's only when the payload has none") {
        const SlackUser home = member();
        CHECK(is_outsider(k_workspace, {}, "T0CUSTOMER", &home));
        CHECK_FALSE(is_outsider(k_workspace, {}, "", &home));
        CHECK(is_outsider(k_workspace, {}, "", &customer));
    }
    SUBCASE("no team anywhere cannot be checked: outsider") {
        const SlackUser nowhere = member("");
        CHECK(is_outsider(k_workspace, {}, "", &nowhere));
    }
}

TEST_CASE("slack circles: Enterprise Grid, the installing organisation is trusted") {
    // A colleague writing from another workspace of the organisation.
    const SlackUser colleague = member("T0GRIDTWO", "E0EXAMPLE");
    CHECK_FALSE(is_outsider(k_grid_workspace, {}, "T0GRIDTWO", &colleague));
    // Slack omits team_id for some Grid users; the organisation is enough.
    const SlackUser teamless = member("", "E0EXAMPLE");
    CHECK_FALSE(is_outsider(k_grid_workspace, {}, "", &teamless));
    // A payload naming the organisation itself (an org-wide installation).
    CHECK_FALSE(is_outsider(k_grid_workspace, {}, "E0EXAMPLE", &teamless));
    SUBCASE("another organisation is outside, unless listed in trusted_teams") {
        const SlackUser stranger = member("T0OTHERORG", "E0OTHERORG");
        CHECK(is_outsider(k_grid_workspace, {}, "T0OTHERORG", &stranger));
        const CirclePolicy partner{{"E0OTHERORG"}, false};
        CHECK_FALSE(is_outsider(k_grid_workspace, partner, "T0OTHERORG", &stranger));
    }
    SUBCASE("outside a Grid, no organisation is trusted by its id") {
        CHECK(is_outsider(k_workspace, {}, "T0GRIDTWO", &colleague));
    }
}

TEST_CASE("slack circles: guests are outsiders unless [slack] guests = colleague") {
    const SlackUser visitor = guest();
    CHECK(is_outsider(k_workspace, {}, "T061EG9R6", &visitor));
    CHECK_FALSE(is_outsider(k_workspace, CirclePolicy{{}, true}, "T061EG9R6", &visitor));
    SUBCASE("a guest of another workspace stays outside either way") {
        SlackUser foreign = guest();
        foreign.team_id = "T0CUSTOMER";
        CHECK(is_outsider(k_workspace, CirclePolicy{{}, true}, "T0CUSTOMER", &foreign));
    }
}

TEST_CASE("slack circles: without a users.info answer everyone is an outsider (fail closed)") {
    CHECK(is_outsider(k_workspace, {}, "T061EG9R6", nullptr));
    CHECK(is_outsider(k_workspace, CirclePolicy{{"T061EG9R6"}, true}, "T061EG9R6", nullptr));
}

TEST_SUITE_END();
