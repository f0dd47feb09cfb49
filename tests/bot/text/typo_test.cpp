#include "bot/text/typo.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string_view>

using onevoice::bot::closest_typo;
using onevoice::bot::is_typo_of;

TEST_SUITE_BEGIN("bot");

TEST_CASE("is_typo_of: one slip, two for long names, never the name itself") {
    CHECK(is_typo_of("shwo", "show"));
    CHECK(is_typo_of("sevv1", "sev1"));
    CHECK(is_typo_of("stufe", "stufe1"));
    CHECK(is_typo_of("genehmigtt", "genehmigt"));
    CHECK_FALSE(is_typo_of("sev1", "sev1"));
    CHECK_FALSE(is_typo_of("several", "sev1"));
}

TEST_CASE("closest_typo: the nearest of several names, none when none is near") {
    constexpr std::array<std::string_view, 6> names{"sev1",   "sev2",   "sev3",
                                                    "stufe1", "stufe2", "stufe3"};
    // Two slips from "stufe1", one from "stufe2".
    CHECK(closest_typo("stufee2", names) == "stufe2");
    CHECK(closest_typo("sevv3", names) == "sev3");
    // A tie: the first listed.
    CHECK(closest_typo("stufe", names) == "stufe1");
    CHECK(closest_typo("outage", names).empty());
    CHECK(closest_typo("sev2", names).empty());
}

TEST_SUITE_END();
