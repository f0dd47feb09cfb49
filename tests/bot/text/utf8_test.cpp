#include "bot/text/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice::bot;

TEST_SUITE_BEGIN("bot");

TEST_CASE("is_valid_utf8: accepts text and umlauts, refuses broken sequences") {
    CHECK(is_valid_utf8("Grüße aus Köln 👋"));
    CHECK(is_valid_utf8(""));
    CHECK_FALSE(is_valid_utf8("\xff\xfe"));
    CHECK_FALSE(is_valid_utf8("abc\xc3"));          // truncated
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));     // overlong '/', three bytes
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));     // surrogate
    CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80")); // beyond U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xf5\x80\x80\x80")); // no such lead byte
}

TEST_CASE("decode_utf8: well-formed sequences decode, anything else is one replaced byte") {
    CHECK(decode_utf8("a", 0).value == U'a');
    CHECK(decode_utf8("ö", 0).value == U'ö');
    CHECK(decode_utf8("ö", 0).length == 2);
    CHECK(decode_utf8("€", 0).value == U'€');
    CHECK(decode_utf8("👋", 0).value == U'👋');
    CHECK(decode_utf8("👋", 0).length == 4);
    CHECK_FALSE(is_malformed(decode_utf8("\uFFFD", 0)));
    for (const std::string bad :
         {"\x80", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
        CAPTURE(bad);
        const CodePoint cp = decode_utf8(bad, 0);
        CHECK(is_malformed(cp));
        CHECK(cp.length == 1);
    }
}

TEST_CASE("append_utf8: encodes, and a surrogate or a value too large becomes U+FFFD") {
    std::string out;
    append_utf8(out, U'a');
    append_utf8(out, U'ß');
    append_utf8(out, U'€');
    append_utf8(out, U'👋');
    CHECK(out == "aß€👋");
    out.clear();
    append_utf8(out, 0xD800);
    append_utf8(out, 0x110000);
    CHECK(out == "\uFFFD\uFFFD");
}

TEST_CASE("utf8_length and utf8_offset count code points, never split a sequence") {
    CHECK(utf8_length("Grüße") == 5);
    CHECK(utf8_length("") == 0);
    CHECK(utf8_offset("Grüße", 0) == 0);
    CHECK(utf8_offset("Grüße", 3) == 4); // after "Grü"
    CHECK(utf8_offset("Grüße", 5) == 7);
    CHECK(utf8_offset("Grüße", 9) == 7);
}

TEST_CASE("utf8_boundary: a byte limit moves back to the start of its character") {
    const std::string text = "aü€"; // bytes: a, C3 BC, E2 82 AC
    CHECK(utf8_boundary(text, 0) == 0);
    CHECK(utf8_boundary(text, 1) == 1);
    CHECK(utf8_boundary(text, 2) == 1);
    CHECK(utf8_boundary(text, 3) == 3);
    CHECK(utf8_boundary(text, 5) == 3);
    CHECK(utf8_boundary(text, text.size()) == text.size());
}

TEST_SUITE_END();
