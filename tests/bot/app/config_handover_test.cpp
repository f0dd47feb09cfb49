// The [handover] keys of the config file and ONEVOICE_TEST_CLOCK_FILE (issue #6).
#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;

using tests::config_problem;
using tests::load_config_text;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: [handover] sets targets, business hours and the replied reminder") {
    const bot::Config defaults = load_config_text("");
    CHECK(defaults.handover_first_response_hours == 4);
    CHECK(defaults.handover_topic_hours.empty());
    CHECK(defaults.handover_business_hours.empty());
    CHECK(defaults.handover_business_days == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(defaults.handover_replied_reminder_hours == 2);
    CHECK(defaults.test_clock_file.empty());
    const bot::Config config = load_config_text(
        "[handover]\nfirst_response_hours = 8\ntopic_hours = { legal = 24 }\n"
        "business_hours = \"08:30-16:00\"\nbusiness_days = [\"monday\", \"saturday\"]\n"
        "replied_reminder_hours = 1\n");
    CHECK(config.handover_first_response_hours == 8);
    REQUIRE(config.handover_topic_hours.size() == 1);
    CHECK(config.handover_topic_hours[0] == std::pair<std::string, int>{"legal", 24});
    CHECK(config.handover_business_hours == "08:30-16:00");
    CHECK(config.handover_business_days == std::vector<int>{0, 5});
    CHECK(config.handover_replied_reminder_hours == 1);
}

TEST_CASE("Config: bad [handover] values name the key") {
    CHECK(config_problem("[handover]\nfirst_response_hours = 0\n")
              .starts_with("handover.first_response_hours: must be between 1 and 720"));
    CHECK(config_problem("[handover]\ntopic_hours = { legal = \"x\" }\n")
              .starts_with("handover.topic_hours.legal: must be an integer"));
    CHECK(config_problem("[handover]\nbusiness_hours = \"17:00-09:00\"\n")
              .starts_with("handover.business_hours: must be like"));
    CHECK(config_problem("[handover]\nbusiness_days = [\"someday\"]\n")
              .starts_with("handover.business_days:"));
    CHECK(config_problem("[handover]\nbusiness_days = []\n")
              .starts_with("handover.business_days: must name at least one day"));
}

TEST_CASE("Config: ONEVOICE_TEST_CLOCK_FILE comes only from the environment") {
    const bot::Config config = load_config_text("", {{"ONEVOICE_TEST_CLOCK_FILE", "/tmp/clock"}});
    CHECK(config.test_clock_file == "/tmp/clock");
}

TEST_SUITE_END();
