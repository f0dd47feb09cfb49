// The [listen.spikes] keys of the config file (issue #8).
#include "bot/app/config.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;

using tests::config_problem;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: [listen.spikes] sets the minimum count, z threshold and negative jump") {
    const bot::Config defaults = tests::load_config_text("", {});
    CHECK(defaults.listening.spikes.min_count == 10);
    CHECK(defaults.listening.spikes.z_threshold == 3.5);
    CHECK(defaults.listening.spikes.negative_share_jump == 0.3);
    const bot::Config config = tests::load_config_text(
        "[listen.spikes]\nmin_count = 25\nz_threshold = 4\nnegative_share_jump = 0.25\n", {});
    CHECK(config.listening.spikes.min_count == 25);
    CHECK(config.listening.spikes.z_threshold == 4.0);
    CHECK(config.listening.spikes.negative_share_jump == 0.25);
}

TEST_CASE("Config: bad [listen.spikes] values name the key") {
    CHECK(config_problem("[listen.spikes]\nmin_count = 0\n")
              .starts_with("listen.spikes.min_count: must be between 1 and 100000"));
    CHECK(config_problem("[listen.spikes]\nz_threshold = \"high\"\n")
              .starts_with("listen.spikes.z_threshold: must be a number"));
    CHECK(config_problem("[listen.spikes]\nz_threshold = 0.1\n")
              .starts_with("listen.spikes.z_threshold: must be between 0.5 and 50, not 0.1"));
    CHECK(config_problem("[listen.spikes]\nnegative_share_jump = 1.5\n")
              .starts_with("listen.spikes.negative_share_jump: must be between"));
    CHECK(config_problem("[listen.spikes]\nwindow = 3\n")
              .starts_with("listen.spikes.window: unknown key"));
}

TEST_SUITE_END();
