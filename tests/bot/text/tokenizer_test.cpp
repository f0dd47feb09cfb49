#include "bot/text/arguments.hpp"
#include "bot/text/tokenizer.hpp"

#include <doctest/doctest.h>

using namespace onevoice::bot;

TEST_SUITE_BEGIN("bot");

TEST_CASE("tokenize: words split on white space, quotes keep phrases together") {
    const Tokens t = tokenize("idea add  \"Behind the scenes\" at the 'fair stand' #event");
    REQUIRE_FALSE(t.unbalanced_quote_at);
    CHECK(t.words == std::vector<std::string>{"idea", "add", "Behind the scenes", "at", "the",
                                              "fair stand", "#event"});
}

TEST_CASE("tokenize: each word's start is where it was typed, at its opening quote") {
    const std::string_view text = " idea add  \"a b\"c\t„d“ it's\n";
    const Tokens t = tokenize(text);
    CHECK(t.words == std::vector<std::string>{"idea", "add", "a bc", "d", "it's"});
    CHECK(t.starts == std::vector<std::size_t>{1, 6, 11, 18, 26});
    CHECK(typed_from(text, t.starts[2]) == "\"a b\"c\t„d“ it's");
    CHECK(typed_from(text, text.size()).empty());
    CHECK(tokenize("x \"open").starts == std::vector<std::size_t>{0});
}

TEST_CASE("tokenize: German and English typographic quotes count as quotes") {
    CHECK(tokenize("idea „Tag der offenen Tür“").words ==
          std::vector<std::string>{"idea", "Tag der offenen Tür"});
    CHECK(tokenize("idea \u201Cbig news\u201D").words ==
          std::vector<std::string>{"idea", "big news"});
    CHECK(tokenize("x \u00BBzitat\u00AB").words == std::vector<std::string>{"x", "zitat"});
}

TEST_CASE("tokenize: an apostrophe inside a word is not a quote") {
    CHECK(tokenize("it's Anna's idea").words == std::vector<std::string>{"it's", "Anna's", "idea"});
}

TEST_CASE("tokenize: an unclosed quote reports where it opened") {
    const Tokens t = tokenize("team away \"vacation");
    REQUIRE(t.unbalanced_quote_at);
    CHECK(*t.unbalanced_quote_at == 10);
}

TEST_CASE("tokenize: empty and blank input give no words") {
    CHECK(tokenize("").words.empty());
    CHECK(tokenize(" \t \r\n").words.empty());
    CHECK(tokenize("\"\"").words == std::vector<std::string>{""});
}

TEST_CASE("parse_id: plain and #-prefixed positive numbers") {
    CHECK(parse_id("12") == 12);
    CHECK(parse_id("#12") == 12);
    CHECK_FALSE(parse_id("#"));
    CHECK_FALSE(parse_id("0"));
    CHECK_FALSE(parse_id("-3"));
    CHECK_FALSE(parse_id("12a"));
    CHECK_FALSE(parse_id("1234567890123"));
}

TEST_CASE("parse_user_token: platform mentions and @names") {
    SUBCASE("Slack mentions, with and without a label") {
        const auto plain = parse_user_token("<@U024BE7LH>", "slack");
        REQUIRE(plain);
        CHECK(plain->value == "U024BE7LH");
        CHECK(plain->is_platform_id);
        const auto labelled = parse_user_token("<@U024BE7LH|alice>", "slack");
        REQUIRE(labelled);
        CHECK(labelled->value == "U024BE7LH");
        CHECK_FALSE(parse_user_token("<@>", "slack"));
        CHECK_FALSE(parse_user_token("<@u0!2>", "slack"));
    }
    SUBCASE("Matrix user ids on Matrix") {
        const auto id = parse_user_token("@alice:example.org", "matrix");
        REQUIRE(id);
        CHECK(id->value == "@alice:example.org");
        CHECK(id->is_platform_id);
    }
    SUBCASE("@names anywhere") {
        const auto name = parse_user_token("@jürgen.m", "console");
        REQUIRE(name);
        CHECK(name->value == "jürgen.m");
        CHECK_FALSE(name->is_platform_id);
        CHECK_FALSE(parse_user_token("alice", "console"));
        CHECK_FALSE(parse_user_token("@", "console"));
        CHECK_FALSE(parse_user_token("@channel!", "console"));
    }
}

TEST_CASE("split_list: comma lists, also spread over words") {
    const std::vector<std::string> words{"community,expert", "helper", ",deputy,"};
    CHECK(split_list(words) == std::vector<std::string>{"community", "expert", "helper", "deputy"});
}

TEST_SUITE_END();
