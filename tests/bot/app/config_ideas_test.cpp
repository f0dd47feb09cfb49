// The [ideas] keys of the config file (issue 5: the weekly pipeline nudge).
#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;

using tests::config_problem;
using tests::load_config_text;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: [ideas] sets the weekly nudge, with defaults") {
    const bot::Config defaults = load_config_text("");
    CHECK(defaults.ideas.min_pipeline == 5);
    CHECK(defaults.ideas.weekday == 0);
    CHECK(defaults.ideas.time == bot::LocalTime{9, 0});
    CHECK(defaults.ideas.channel.empty());
    const bot::Config config =
        load_config_text("[ideas]\nmin_pipeline = 3\nnudge_day = \"friday\"\n"
                         "nudge_time = \"14:30\"\nchannel = \"C42\"\n");
    CHECK(config.ideas.min_pipeline == 3);
    CHECK(config.ideas.weekday == 4);
    CHECK(config.ideas.time == bot::LocalTime{14, 30});
    CHECK(config.ideas.channel == "C42");
}

TEST_CASE("Config: [ideas] calendar_organizer is a plain e-mail address") {
    CHECK(load_config_text("").ideas.calendar_organizer == "noreply@onevoice.invalid");
    CHECK(load_config_text("[ideas]\ncalendar_organizer = \"social@example.org\"\n")
              .ideas.calendar_organizer == "social@example.org");
    // Anything that would need escaping in a mailto: URI or an iCalendar line is refused.
    for (const char* bad : {"", "social", "@example.org", "social@", "a@b@c", "so cial@example.org",
                            "social@example.org;x", "mailto:social@example.org", "\"q\"@x.org"}) {
        CHECK_MESSAGE(config_problem(std::string("[ideas]\ncalendar_organizer = '") + bad + "'\n")
                          .starts_with("ideas.calendar_organizer: must be an e-mail address"),
                      bad);
    }
}

TEST_CASE("Config: bad [ideas] values name the key") {
    CHECK(config_problem("[ideas]\nmin_pipeline = -1\n").starts_with("ideas.min_pipeline: "));
    CHECK(config_problem("[ideas]\nnudge_day = \"someday\"\n")
              .starts_with("ideas.nudge_day: must be"));
    CHECK(config_problem("[ideas]\nnudge_time = \"25:00\"\n").starts_with("ideas.nudge_time: "));
}

TEST_SUITE_END();
