// The [matrix] keys of the config file and the MATRIX_* environment (issue 4).
#include "bot/app/config.hpp"
#include "bot/model/errors.hpp"
#include "tests/fakes/config_text.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace onevoice;

using tests::config_problem;
using tests::load_config_text;

TEST_SUITE_BEGIN("bot");

TEST_CASE("Config: the [matrix] section") {
    const bot::Config config = load_config_text(R"([matrix]
homeserver = "https://matrix.example.org"
rooms = ["#social:example.org", "!abc:example.org"]
prefix = "ov!"
allow_invites_from = ["example.org", "@boss:partner.example"]
team_room = "!abc:example.org"
)",
                                                {{"MATRIX_ACCESS_TOKEN", "syt_secret"}});
    CHECK(config.adapter == "matrix");
    CHECK(config.matrix_homeserver == "https://matrix.example.org");
    CHECK(config.matrix_rooms ==
          std::vector<std::string>{"#social:example.org", "!abc:example.org"});
    CHECK(config.matrix_prefix == "ov!");
    CHECK(config.matrix_allow_invites_from ==
          std::vector<std::string>{"example.org", "@boss:partner.example"});
    CHECK(config.matrix_team_room == "!abc:example.org");
    CHECK(config.matrix_access_token.reveal() == "syt_secret");
}

TEST_CASE("Config: Matrix defaults and the environment") {
    const bot::Config defaults = load_config_text("");
    CHECK(defaults.matrix_prefix == "!");
    CHECK(defaults.matrix_rooms.empty());
    const bot::Config env = load_config_text("[matrix]\nhomeserver = \"https://file.example\"\n",
                                             {{"MATRIX_HOMESERVER", "http://127.0.0.1:8008"},
                                              {"MATRIX_USER", "onevoice"},
                                              {"MATRIX_PASSWORD", "pw"}});
    CHECK(env.matrix_homeserver == "http://127.0.0.1:8008");
    CHECK(env.matrix_user == "onevoice");
    CHECK(env.adapter == "matrix");
}

TEST_CASE("Config: bad [matrix] values name their key") {
    CHECK(config_problem("[matrix]\nprefix = \"\"\n").starts_with("matrix.prefix:"));
    CHECK(config_problem("[matrix]\nrooms = \"#a:b\"\n").starts_with("matrix.rooms:"));
    CHECK(config_problem("[matrix]\nrooms = [\"has space\"]\n").starts_with("matrix.rooms:"));
    CHECK(config_problem("[matrix]\naccess_token = \"x\"\n").find("MATRIX_ACCESS_TOKEN") !=
          std::string::npos);
    CHECK(config_problem("[matrix]\nhomeserver = \"matrix.example.org\"\n")
              .starts_with("matrix.homeserver:"));
}

TEST_SUITE_END();
