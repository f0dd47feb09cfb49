#include "integrations/slack/channel_name.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::integrations::slack::channel_name;

TEST_SUITE_BEGIN("slack");

TEST_CASE("channel_name: lowercase words joined by hyphens, umlauts spelled out") {
    CHECK(channel_name("crisis 12 Outrage about the new ad") ==
          "crisis-12-outrage-about-the-new-ad");
    CHECK(channel_name("Krise 3: Größe & Übermut — jetzt!") == "krise-3-groesse-uebermut-jetzt");
    CHECK(channel_name("  <!channel> @here  ") == "channel-here");
    CHECK(channel_name("snake_case stays") == "snake_case-stays");
    CHECK(channel_name("Café 🔥 crise") == "caf-crise");
    CHECK(channel_name("!!!") == "onevoice");
    CHECK(channel_name("") == "onevoice");
}

TEST_CASE("channel_name: at most 80 characters, with the number of a retry") {
    const std::string title = "crisis 1 " + std::string(200, 'x');
    CHECK(channel_name(title).size() == 80);
    CHECK(channel_name("crisis 1 a", 2) == "crisis-1-a-2");
    const std::string numbered = channel_name(title, 12);
    CHECK(numbered.size() == 80);
    CHECK(numbered.ends_with("x-12"));
    // Cut where a word ended: no hyphen doubled before the number.
    const std::string cut = channel_name(std::string(77, 'a') + " bbbb", 2);
    CHECK(cut == std::string(77, 'a') + "-2");
}

TEST_SUITE_END();
