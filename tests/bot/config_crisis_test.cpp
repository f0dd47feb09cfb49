// The [crisis] keys of the config file (issue #7).
#include "bot/config.hpp"
#include "bot/errors.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>

using namespace onevoice;

using tests::config_problem;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: [crisis] sets the crisis channel and the reminder rhythm per severity") {
    const bot::Config defaults = tests::load_config_text("", {});
    CHECK(defaults.crisis_channel.empty());
    CHECK(defaults.crisis_reminder_minutes == std::array<int, 3>{30, 120, 1440});
    const bot::Config config =
        tests::load_config_text("[crisis]\nchannel = \"C0CRISIS\"\nsev1_reminder_minutes = 15\n"
                                "sev2_reminder_minutes = 60\nsev3_reminder_minutes = 720\n",
                                {});
    CHECK(config.crisis_channel == "C0CRISIS");
    CHECK(config.crisis_reminder_minutes == std::array<int, 3>{15, 60, 720});
}

TEST_CASE("Config: bad [crisis] values name the key") {
    CHECK(config_problem("[crisis]\nsev1_reminder_minutes = 1\n")
              .starts_with("crisis.sev1_reminder_minutes: must be between 5 and 10080"));
    CHECK(config_problem("[crisis]\nsev3_reminder_minutes = \"daily\"\n")
              .starts_with("crisis.sev3_reminder_minutes:"));
    CHECK(config_problem("[crisis]\nchannel = 5\n").starts_with("crisis.channel:"));
}

TEST_SUITE_END();
