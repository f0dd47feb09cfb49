// The [crisis] keys of the config file (issue #7).
#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <string>
#include <vector>

using namespace onevoice;

using std::chrono::minutes;
using tests::config_problem;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: [crisis] sets the crisis channel and the reminder rhythm per severity") {
    const bot::Config defaults = tests::load_config_text("", {});
    CHECK(defaults.crisis.conversation.empty());
    CHECK(defaults.crisis.reminder_every ==
          std::array<bot::Duration, 3>{minutes(30), minutes(120), minutes(1440)});
    const bot::Config config =
        tests::load_config_text("[crisis]\nchannel = \"C0CRISIS\"\nsev1_reminder_minutes = 15\n"
                                "sev2_reminder_minutes = 60\nsev3_reminder_minutes = 720\n",
                                {});
    CHECK(config.crisis.conversation == "C0CRISIS");
    CHECK(config.crisis.reminder_every ==
          std::array<bot::Duration, 3>{minutes(15), minutes(60), minutes(720)});
}

TEST_CASE("Config: [crisis] open_channel opens a conversation per crisis") {
    CHECK_FALSE(tests::load_config_text("", {}).crisis.opens_conversation);
    CHECK(tests::load_config_text("[crisis]\nopen_channel = true\n", {}).crisis.opens_conversation);
    CHECK(config_problem("[crisis]\nopen_channel = \"yes\"\n")
              .starts_with("crisis.open_channel: must be true or false"));
}

TEST_CASE("Config: bad [crisis] values name the key") {
    CHECK(config_problem("[crisis]\nsev1_reminder_minutes = 1\n")
              .starts_with("crisis.sev1_reminder_minutes: must be between 5 and 10080"));
    CHECK(config_problem("[crisis]\nsev3_reminder_minutes = \"daily\"\n")
              .starts_with("crisis.sev3_reminder_minutes:"));
    CHECK(config_problem("[crisis]\nchannel = 5\n").starts_with("crisis.channel:"));
}

TEST_CASE("Config: [crisis] team, confirm and playbooks per severity") {
    const bot::Config defaults = tests::load_config_text("", {});
    CHECK(defaults.crisis.team.empty());
    CHECK_FALSE(defaults.crisis.needs_confirmation);
    CHECK(defaults.crisis.playbooks[0].empty());
    const bot::Config config = tests::load_config_text(
        "[crisis]\nteam = [\"@pia\", \"@lex\"]\nconfirm = true\n"
        "[crisis.playbooks]\nsev1 = [\"Assess\", { step = \"Call the boss\", owner = "
        "\"manager\" }]\ndefault = [{ step = \"Look\" }]\n"
        "[[crisis.playbooks.sev3]]\nstep = \"Watch\"\nowner = \"community\"\n",
        {});
    CHECK(config.crisis.team == std::vector<std::string>{"@pia", "@lex"});
    CHECK(config.crisis.needs_confirmation);
    CHECK(config.crisis.playbooks[0] ==
          std::vector<commands::CrisisPlaybookStep>{{"Assess", ""}, {"Call the boss", "manager"}});
    CHECK(config.crisis.playbooks[1].empty());
    CHECK(config.crisis.playbooks[2] ==
          std::vector<commands::CrisisPlaybookStep>{{"Watch", "community"}});
    CHECK(config.crisis.playbooks[3] == std::vector<commands::CrisisPlaybookStep>{{"Look", ""}});
}

TEST_CASE("Config: bad [crisis] playbooks, team and confirm name the key") {
    CHECK(config_problem("[crisis]\nconfirm = \"yes\"\n")
              .starts_with("crisis.confirm: must be true or false"));
    CHECK(config_problem("[crisis]\nteam = \"@pia\"\n").starts_with("crisis.team:"));
    CHECK(config_problem("[crisis]\nteam = [\"two words\"]\n").starts_with("crisis.team:"));
    CHECK(config_problem("[crisis.playbooks]\nsev1 = []\n")
              .starts_with("crisis.playbooks.sev1: must be a non-empty array"));
    CHECK(config_problem("[crisis.playbooks]\nsev2 = [\"A\", { step = \"B\", owner = "
                         "\"boss\" }]\n")
              .starts_with("crisis.playbooks.sev2[2].owner: must be a role"));
    CHECK(config_problem("[crisis.playbooks]\nsev1 = [{ owner = \"manager\" }]\n")
              .starts_with("crisis.playbooks.sev1[1]: needs a step text"));
    CHECK(config_problem("[crisis.playbooks]\nsev1 = [{ step = \"A\", who = \"x\" }]\n")
              .starts_with("crisis.playbooks.sev1[1].who: unknown key"));
    CHECK(config_problem("[crisis.playbooks]\nsev1 = [3]\n")
              .starts_with("crisis.playbooks.sev1[1]: must be a string or a table"));
    CHECK(config_problem("[crisis.playbooks]\nsev4 = [\"A\"]\n")
              .starts_with("crisis.playbooks.sev4: unknown key"));
}

TEST_CASE("Config: the trust keys: [crisis] four_eyes, trusted workspaces, guests, servers") {
    const bot::Config defaults = tests::load_config_text("", {});
    CHECK_FALSE(defaults.crisis.four_eyes);
    CHECK(defaults.slack_trusted_teams.empty());
    CHECK_FALSE(defaults.slack_guests_are_colleagues);
    CHECK(defaults.matrix_trusted_servers.empty());
    const bot::Config config = tests::load_config_text(
        "[crisis]\nfour_eyes = true\n[slack]\ntrusted_teams = [\"T0PARTNER\"]\n"
        "guests = \"colleague\"\n[matrix]\ntrusted_servers = [\"example.org\"]\n",
        {});
    CHECK(config.crisis.four_eyes);
    CHECK(config.slack_trusted_teams == std::vector<std::string>{"T0PARTNER"});
    CHECK(config.slack_guests_are_colleagues);
    CHECK(config.matrix_trusted_servers == std::vector<std::string>{"example.org"});
    CHECK(config_problem("[crisis]\nfour_eyes = 1\n")
              .starts_with("crisis.four_eyes: must be true or false"));
    CHECK(config_problem("[slack]\nguests = \"friend\"\n")
              .starts_with("slack.guests: must be \"outsider\" or \"colleague\""));
    CHECK(config_problem("[matrix]\ntrusted_servers = \"example.org\"\n")
              .starts_with("matrix.trusted_servers:"));
}

TEST_SUITE_END();
