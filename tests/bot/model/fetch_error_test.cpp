#include "bot/model/fetch_error.hpp"

#include <doctest/doctest.h>

#include <string>

namespace bot = onevoice::bot;
using Kind = bot::FetchError::Kind;

namespace {

bot::Catalog catalog_in(bot::Locale locale) {
    bot::Catalog catalog(locale);
    catalog.add(bot::fetch_error_messages());
    return catalog;
}

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE("fetch errors are stored without a language and worded when shown") {
    const auto stored = bot::encode_fetch_error(
        {Kind::http_status, "503 Service Unavailable", "https://news.example/feed"});
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::en), stored) ==
          "HTTP 503 Service Unavailable (https://news.example/feed)");
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::de), stored) ==
          "HTTP 503 Service Unavailable (https://news.example/feed)");

    const auto slow = bot::encode_fetch_error({Kind::timeout, "20 s", "https://slow.example/"});
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::en), slow) ==
          "no answer within 20 s (https://slow.example/)");
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::de), slow) ==
          "keine Antwort innerhalb von 20 s (https://slow.example/)");

    const auto limited = bot::encode_fetch_error({Kind::rate_limited, "", ""});
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::de), limited) ==
          "zu viele Abrufe (HTTP 429)");
}

TEST_CASE("every fetch error kind has words in both languages") {
    const auto en = catalog_in(bot::Locale::en);
    const auto de = catalog_in(bot::Locale::de);
    for (int k = static_cast<int>(Kind::invalid_address);
         k <= static_cast<int>(Kind::private_address); ++k) {
        const auto stored = bot::encode_fetch_error({static_cast<Kind>(k), "x", ""});
        CAPTURE(stored);
        REQUIRE_FALSE(stored.empty());
        // A worded error never shows the stored form, in either language.
        CHECK(bot::describe_fetch_error(en, stored).find('\t') == std::string::npos);
        CHECK(bot::describe_fetch_error(de, stored).find('\t') == std::string::npos);
    }
    CHECK(bot::encode_fetch_error({}).empty());
}

TEST_CASE("a parser's detail with tabs and line breaks stays one stored line") {
    const auto stored = bot::encode_fetch_error(
        {Kind::unreadable, "invalid XML\tat line 4:\nmismatched tag", "https://x.example/f"});
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::en), stored) ==
          "unreadable content: invalid XML at line 4: mismatched tag (https://x.example/f)");
}

TEST_CASE("text stored before errors were encoded is shown as it is") {
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::en), "HTTP 500 from x.example") ==
          "HTTP 500 from x.example");
    CHECK(bot::describe_fetch_error(catalog_in(bot::Locale::en), "a\tb\tc\td") == "a\tb\tc\td");
}

TEST_SUITE_END();
