// Issue #17, on every renderer: links other than http(s) are shown as text,
// and invisible characters (direction overrides, zero-width) are removed
// from user text in cards.
#include "bot/model/plain_text.hpp"
#include "bot/text/escape.hpp"
#include "integrations/matrix/render.hpp"
#include "integrations/slack/block_kit.hpp"
#include "integrations/slack/mrkdwn.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace onevoice;
namespace slack = onevoice::integrations::slack;
namespace matrix = onevoice::integrations::matrix;
using nlohmann::json;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

bot::Reply card_with_link(const std::string& url) {
    bot::Reply reply = bot::Reply::to_place();
    reply.text(bot::Inline{bot::plain("New mention: "), bot::link(url, "read more")});
    return reply;
}

// Any text of the rendered Slack message (blocks and fallback).
std::string slack_message(const bot::Reply& reply) {
    return slack::render(reply).dump();
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("links: only http and https become links on Slack and Matrix") {
    for (const char* url : {"javascript:alert(1)", "JavaScript:alert(1)",
                            "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
                            "slack://open?team=T1", "vbscript:x", "mailto:a@example.org"}) {
        CAPTURE(url);
        const std::string mrkdwn = slack::render(bot::link(url, "read more"));
        CHECK(mrkdwn == "read more (" + bot::escape_markup(url) + ")");
        CHECK_FALSE(contains(slack_message(card_with_link(url)), "<" + std::string(url)));

        const json content = matrix::render_message(card_with_link(url), "!");
        const std::string html = content.at("formatted_body");
        CHECK_FALSE(contains(html, "<a "));
        CHECK(contains(html, "read more"));
    }
    CHECK(slack::render(bot::link("https://news.example/1", "read more")) ==
          "<https://news.example/1|read more>");
    CHECK(slack::render(bot::link("HTTP://news.example/1")) == "<HTTP://news.example/1>");
    const json content = matrix::render_message(card_with_link("http://news.example/1"), "!");
    CHECK(content.at("formatted_body").get<std::string>() ==
          "<p>New mention: <a href=\"http://news.example/1\">read more</a></p>");
}

TEST_CASE("invisible characters: removed from cards on Slack, Matrix and the console") {
    bot::Reply reply = bot::Reply::to_place();
    reply.heading("Statement by mal\u200Blory");
    reply.text(bot::Inline{bot::strong("We are \u202Edekcah\u202C safe"), bot::plain(" \uFEFF")});
    reply.fields({bot::Field{"Customer", {bot::plain("ev\u2066il\u2069")}}});
    reply.buttons({bot::Button{"Ap\u200Dprove", "crisis_approve", "crisis approve 1"}});

    const std::string hidden[] = {"\u200B", "\u202E", "\u202C", "\uFEFF",
                                  "\u2066", "\u2069", "\u200D"};
    const std::string slack_json = slack_message(reply);
    const json matrix_content = matrix::render_message(reply, "!");
    const std::string console = bot::render_plain(reply);
    for (const std::string& character : hidden) {
        CAPTURE(character);
        CHECK_FALSE(contains(slack_json, character));
        CHECK_FALSE(contains(matrix_content.at("body").get<std::string>(), character));
        CHECK_FALSE(contains(matrix_content.at("formatted_body").get<std::string>(), character));
        CHECK_FALSE(contains(console, character));
    }
    CHECK(contains(slack_json, "Statement by mallory"));
    CHECK(contains(slack_json, "*We are dekcah safe*"));
    CHECK(contains(console, "Customer: evil"));
    CHECK(contains(matrix_content.at("formatted_body").get<std::string>(), "[Approve"));
    CHECK(contains(slack::fallback_text(reply), "Statement by mallory"));
}

TEST_CASE("invisible characters: the Matrix @room guard still works after cleaning") {
    bot::Reply reply = bot::Reply::to_place();
    reply.text("hello @ro\u200Bom");
    const json content = matrix::render_message(reply, "!");
    // Cleaning joins "@room"; the guard runs after it and breaks it up again.
    CHECK(content.at("body").get<std::string>() == "hello @\u2060room");
}

TEST_SUITE_END();
