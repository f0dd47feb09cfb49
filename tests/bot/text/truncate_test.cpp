#include "bot/text/truncate.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice::bot;

TEST_SUITE_BEGIN("bot");

TEST_CASE("cut_text: at most max_chars characters, then …") {
    CHECK(cut_text("abcdef", 6) == "abcdef");
    CHECK(cut_text("abcdef", 4) == "abcd…");
    CHECK(cut_text("Grüße aus Köln", 4) == "Grüß…");
    CHECK(cut_text("one two three", 4) == "one…"); // the space before the cut goes
    CHECK(cut_text("", 0) == "");
}

TEST_CASE("cut_text: within_limit counts the … towards a platform's limit") {
    CHECK(cut_text("abcdef", 6, Ellipsis::within_limit) == "abcdef");
    CHECK(cut_text("abcdef", 4, Ellipsis::within_limit) == "abc…");
    CHECK(cut_text("üüüü", 3, Ellipsis::within_limit) == "üü…");
    CHECK(cut_text("a <b> c", 4, Ellipsis::within_limit) == "a <…");
    CHECK(cut_text("abc", 0, Ellipsis::within_limit) == "");
}

TEST_CASE("title_line: the first line, cut") {
    CHECK(title_line("Fair photos\nmore text") == "Fair photos");
    CHECK(title_line(std::string(100, 'x'), 60) == std::string(60, 'x') + "…");
}

TEST_CASE("cut_marked: white space at the cut goes, … comes") {
    CHECK(cut_marked("one two ") == "one two…");
    CHECK(cut_marked("line one\n") == "line one…");
    CHECK(cut_marked("") == "…");
}

TEST_SUITE_END();
