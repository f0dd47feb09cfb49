#include "bot/text/fold.hpp"

#include <doctest/doctest.h>

using namespace onevoice::bot;

TEST_SUITE_BEGIN("bot");

TEST_CASE("normalize_nfc: a letter and its combining mark become one character") {
    CHECK(normalize_nfc("lo\u0308sungen") == "lösungen");
    CHECK(normalize_nfc("Lösungen") == "Lösungen"); // already NFC, case kept
    CHECK(normalize_nfc("\xff") == "\xff");         // not UTF-8: unchanged
}

TEST_CASE("fold: upper case, lower case and decomposed umlauts are one key") {
    CHECK(fold("LÖSUNGEN") == "lösungen");
    CHECK(fold("Lösungen") == "lösungen");
    CHECK(fold("lo\u0308sungen") == "lösungen");
    CHECK(fold("LO\u0308SUNGEN") == "lösungen");
    CHECK(fold("Straße") == fold("STRASSE"));
    CHECK(fold("Billing-2_x") == "billing-2_x");
    CHECK(fold("ΣΊΣΥΦΟΣ") == fold("σίσυφος"));
}

TEST_CASE("fold: text that is not UTF-8 only has its ASCII letters lowered") {
    CHECK(fold("AB\xff") == "ab\xff");
}

TEST_SUITE_END();
