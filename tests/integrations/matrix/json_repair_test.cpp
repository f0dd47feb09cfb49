// The pre-pass that replaces undecodable text inside JSON strings.
#include "integrations/matrix/json_repair.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

using onevoice::integrations::matrix::repair_json_strings;
using onevoice::integrations::matrix::RepairedJson;

namespace {

const std::string k_mark = "<?>";

RepairedJson repair(const std::string& text) {
    return repair_json_strings(text, k_mark);
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("JSON repair: sound text is left as it is") {
    const std::string sound =
        R"({"a": "plain \"quoted\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\udc4d ✓", "b": [1, 2.5, true, null]})";
    const RepairedJson out = repair(sound);
    CHECK(out.repairs == 0);
    CHECK(out.text == sound);
    CHECK_FALSE(nlohmann::json::parse(out.text, nullptr, false).is_discarded());
}

TEST_CASE("JSON repair: each undecodable sequence in a string becomes the replacement") {
    const auto repaired_string = [](const std::string& inside) {
        const RepairedJson out = repair("{\"k\": \"a" + inside + "b\"}");
        const nlohmann::json parsed = nlohmann::json::parse(out.text, nullptr, false);
        REQUIRE_MESSAGE(!parsed.is_discarded(), out.text);
        return std::pair{parsed["k"].get<std::string>(), out.repairs};
    };
    // Before the repair, nlohmann::json rejects every one of these documents.
    // Bytes that are not UTF-8 go one by one (as U+FFFD replaces them in Unicode's
    // "maximal subparts" practice): an overlong "/" is two, an encoded surrogate three.
    const std::vector<std::pair<std::string, int>> cases = {
        {R"(\ud800)", 1}, {R"(\udfff)", 1}, {R"(\uDBFF)", 1},    {R"(\x)", 1},
        {"\xff", 1},      {"\xc0\xaf", 2},  {"\xed\xa0\x80", 3}, {"\x01", 1}};
    for (const auto& [bad, count] : cases) {
        CAPTURE(bad);
        CHECK(nlohmann::json::parse("{\"k\": \"a" + bad + "b\"}", nullptr, false).is_discarded());
        std::string expected = "a";
        for (int i = 0; i < count; ++i) {
            expected += k_mark;
        }
        CHECK(repaired_string(bad) == std::pair{expected + "b", count});
    }
    // A high surrogate whose partner is no low one: only the unpaired one goes.
    CHECK(repaired_string(R"(\ud800\u0041)") == std::pair{"a" + k_mark + "Ab", 1});
    CHECK(repaired_string(R"(\ud800\ud800\udc00)") ==
          std::pair{"a" + k_mark + "\xf0\x90\x80\x80" + "b", 1});
    // A cut \u escape loses its "\u"; the characters after it stay text.
    CHECK(repaired_string(R"(\u12x)") == std::pair{"a" + k_mark + "12xb", 1});
}

TEST_CASE("JSON repair: nothing outside strings changes - a broken structure stays broken") {
    const std::string keys = "{\"\\ud800\": 1, \"ok\": \"\\ud800\"}";
    const RepairedJson out = repair(keys);
    CHECK(out.repairs == 2);
    const nlohmann::json parsed = nlohmann::json::parse(out.text);
    CHECK(parsed.at(k_mark) == 1);
    CHECK(parsed.at("ok") == k_mark);

    const RepairedJson cut = repair("{\"next_batch\": \"s1\", \"rooms\": {\"\\ud800");
    CHECK(cut.repairs == 1);
    CHECK(nlohmann::json::parse(cut.text, nullptr, false).is_discarded());
    // A quote escaped inside a string does not end it.
    const RepairedJson escaped = repair(R"({"a": "x\"\ud800", "b": "\ud800"})");
    CHECK(escaped.repairs == 2);
    CHECK(nlohmann::json::parse(escaped.text).at("a") == "x\"" + k_mark);
}

TEST_SUITE_END();
