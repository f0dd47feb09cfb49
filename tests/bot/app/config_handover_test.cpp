// The [handover] keys of the config file and ONEVOICE_TEST_CLOCK_FILE (issue #6).
#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <string>

using namespace onevoice;

using std::chrono::hours;
using tests::config_problem;
using tests::load_config_text;

constexpr std::array<bool, 7> k_monday_to_friday{true, true, true, true, true, false, false};

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: [handover] sets targets, business hours and the replied reminder") {
    const bot::Config defaults = load_config_text("");
    CHECK(defaults.handover.default_target == hours(4));
    CHECK(defaults.handover.topic_targets.empty());
    CHECK(defaults.handover.business_hours.is_none());
    CHECK(defaults.handover.business_hours.days == k_monday_to_friday);
    CHECK(defaults.handover.replied_reminder == hours(2));
    CHECK(defaults.test_clock_file.empty());
    const bot::Config config = load_config_text(
        "[handover]\nfirst_response_hours = 8\ntopic_hours = { legal = 24 }\n"
        "business_hours = \"08:30-16:00\"\nbusiness_days = [\"monday\", \"saturday\"]\n"
        "replied_reminder_hours = 1\n");
    CHECK(config.handover.default_target == hours(8));
    REQUIRE(config.handover.topic_targets.size() == 1);
    CHECK(config.handover.topic_targets.at("legal") == hours(24));
    CHECK(config.handover.business_hours.start == bot::LocalTime{8, 30});
    CHECK(config.handover.business_hours.end == bot::LocalTime{16, 0});
    CHECK(config.handover.business_hours.days ==
          std::array<bool, 7>{true, false, false, false, false, true, false});
    CHECK(config.handover.replied_reminder == hours(1));
}

TEST_CASE("Config: [handover] topic_hours keys are folded like the topics they match") {
    // Topics are stored folded (bot::fold); a key as written would never match (#20).
    const bot::Config config =
        load_config_text("[handover]\ntopic_hours = { \"Lösungen\" = 8, LEGAL = 24 }\n");
    CHECK(config.handover.target_for("lösungen") == hours(8));
    CHECK(config.handover.target_for("legal") == hours(24));
}

TEST_CASE("Config: [handover] business_days count only with business_hours") {
    const bot::Config days_only = load_config_text("[handover]\nbusiness_days = [\"sunday\"]\n");
    CHECK(days_only.handover.business_hours.is_none());
    const bot::Config none =
        load_config_text("[handover]\nbusiness_hours = \"\"\nbusiness_days = [\"sunday\"]\n");
    CHECK(none.handover.business_hours.is_none());
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
