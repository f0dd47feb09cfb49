#include "bot/model/plain_text.hpp"
#include "bot/text/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using onevoice::bot::strip_invisible;
namespace bot = onevoice::bot;

TEST_SUITE_BEGIN("bot");

TEST_CASE("strip_invisible: direction overrides and isolates are removed") {
    // "exe.jpg" written right to left inside an override shows as "gpj.exe".
    CHECK(strip_invisible("invoice\u202Egpj.exe") == "invoicegpj.exe");
    for (const char* mark : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                             "\u2068", "\u2069"}) {
        CAPTURE(mark);
        CHECK(strip_invisible(std::string("a") + mark + "b") == "ab");
    }
}

TEST_CASE("strip_invisible: zero-width characters are removed") {
    CHECK(strip_invisible("@bo\u200Bss") == "@boss");
    CHECK(strip_invisible("\uFEFFstart") == "start");
    CHECK(strip_invisible("a\u2060b\u180Ec\u2062d") == "abcd");
    // ZWNJ and ZWJ between ASCII letters or next to a space only hide a split.
    CHECK(strip_invisible("pay\u200Cpal \u200Dx") == "paypal x");
    CHECK(strip_invisible("\u200D") == "");
}

TEST_CASE("strip_invisible: what scripts, emoji and malformed text need is kept") {
    // Persian: ZWNJ between two letters is spelling.
    const std::string persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
    CHECK(strip_invisible(persian) == persian);
    // Woman technologist: woman, ZWJ, laptop.
    const std::string emoji = "\U0001F469\u200D\U0001F4BB";
    CHECK(strip_invisible(emoji) == emoji);
    // Right-to-left marks and the soft hyphen stay.
    CHECK(strip_invisible("\u05D0\u200F!\u00AD") == "\u05D0\u200F!\u00AD");
    CHECK(strip_invisible("bad \xFF\xC3 bytes") == "bad \xFF\xC3 bytes");
    CHECK(strip_invisible("") == "");
}

TEST_CASE("without_invisible: every text of a reply is cleaned, and render_plain is too") {
    bot::Reply reply = bot::Reply::to_place();
    reply.heading("Idea\u202E #1");
    reply.text(bot::Inline{bot::plain("ap\u200Bproved "), bot::link("https://x.example/\u2066a")});
    reply.fields({bot::Field{"Fr\u200Bom", {bot::plain("ma\u202Dllory")}}});
    reply.list({{bot::plain("one\u2069")}});
    reply.buttons({bot::Button{"Vo\u200Bte", "vote", "idea vote 1\u2060"}});
    reply.context({bot::plain("\uFEFFctx")});
    const bot::Reply clean = bot::without_invisible(reply);
    const std::string text = bot::render_plain(clean);
    CHECK(text == "## Idea #1\napproved https://x.example/a\nFrom: mallory\n- one\n[Vote] idea "
                  "vote 1\nctx");
    CHECK(bot::render_plain(reply) == text);
}

TEST_SUITE_END();
