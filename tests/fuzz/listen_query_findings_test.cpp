// Regression tests for what the listen_query fuzz target found (fuzz/,
// tests/fuzz/corpus/listen_query/crash_*). ListenIngest runs the stored text
// of a query (Query::text()), so it must parse again to the same query.
#include "commands/listening/query/listen_query.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::commands::MatchText;
using onevoice::commands::Query;

TEST_SUITE_BEGIN("commands");

TEST_CASE("fuzz finding: a vertical tab after '-' is not a space in the stored query") {
    // The lexer read "-\vfoo" as an exclusion, but the stored text had "- foo",
    // which no longer parses: ListenIngest skipped the query for good.
    const Query query = Query::parse("bar -\vfoo");
    const Query stored = Query::parse(query.text());
    CHECK(stored.text() == query.text());
    CHECK(stored.matches("bar"));
    CHECK_FALSE(stored.matches("bar foo"));
}

TEST_CASE("fuzz finding: a form feed inside a word keeps the word a phrase when stored") {
    const Query query = Query::parse("a\fb");
    const Query stored = Query::parse(query.text());
    // Typed, "a\fb" is the phrase "a b"; stored as "a b" it became a AND b.
    CHECK_FALSE(query.matches("a x b"));
    CHECK_FALSE(stored.matches("a x b"));
    CHECK(stored.matches("a b"));
}

TEST_CASE("fuzz finding: a site exclusion cannot add an operator to the query") {
    // "-site:a|e" was read as "-site:a OR e": the query then matched any "e".
    const Query query = Query::parse("bahn");
    SUBCASE("a bar") {
        const Query changed = query.with_excluded_site("a|e");
        CHECK(changed.text() == "bahn -site:a");
        CHECK_FALSE(changed.matches("e"));
    }
    SUBCASE("a space and parentheses") {
        const Query changed = query.with_excluded_site("spam.example OR (e)");
        CHECK(changed.text() == "bahn -site:spam.example");
        CHECK_FALSE(changed.matches("e"));
        CHECK(changed.matches(MatchText("bahn", "https://news.example/")));
        CHECK_FALSE(changed.matches(MatchText("bahn", "https://spam.example/")));
    }
    SUBCASE("a quote") {
        const Query changed = query.with_excluded_site("spam.example\u201Ce");
        CHECK(changed.text() == "bahn -site:spam.example");
    }
    CHECK(Query::parse(query.with_excluded_site("x|y").text()).text() == "bahn -site:x");
}

TEST_SUITE_END();
