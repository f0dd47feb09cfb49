#include "bot/model/plain_text.hpp"
#include "bot/text/truncate.hpp"
#include "bot/text/utf8.hpp"
#include "integrations/slack/block_kit.hpp"
#include "integrations/slack/mrkdwn.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace onevoice;
using namespace onevoice::integrations::slack;
using nlohmann::json;

namespace {

const bot::UserRef k_alice{"slack", "U1", "Alice", ""};

std::string dump(const json& j) {
    return j.dump(2);
}

std::size_t count_type(const json& blocks, const std::string& type) {
    std::size_t n = 0;
    for (const json& block : blocks) {
        n += block.at("type") == type ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_SUITE_BEGIN("slack");

TEST_CASE("mrkdwn: user text cannot mention or broadcast") {
    const bot::Inline text{bot::plain("<!channel> & <@U123>")};
    CHECK(render(text) == "&lt;!channel&gt; &amp; &lt;@U123&gt;");

    bot::Reply reply = bot::Reply::to_place();
    reply.text(text).context(text).fields({{"<@U9>", text}});
    const json body = render(reply);
    CHECK(body["blocks"][0]["text"]["text"] == "&lt;!channel&gt; &amp; &lt;@U123&gt;");
    CHECK(body["blocks"][1]["elements"][0]["text"] == "&lt;!channel&gt; &amp; &lt;@U123&gt;");
    CHECK(body["blocks"][2]["fields"][0]["text"] ==
          "*&lt;@U9&gt;*\n&lt;!channel&gt; &amp; &lt;@U123&gt;");
    // The notification text is parsed as mrkdwn too.
    CHECK(body["text"] == "&lt;!channel&gt; &amp; &lt;@U123&gt;\n&lt;!channel&gt; &amp; "
                          "&lt;@U123&gt;\n&lt;@U9&gt;: &lt;!channel&gt; &amp; &lt;@U123&gt;");
}

TEST_CASE("mrkdwn: every span kind") {
    CHECK(render(bot::strong("Status")) == "*Status*");
    CHECK(render(bot::strong(" Status ")) == " *Status* ");
    CHECK(render(bot::strong("")) == "");
    CHECK(render(bot::emphasis("a < b")) == "_a &lt; b_");
    CHECK(render(bot::code("say `hi` & go")) == "`say 'hi' &amp; go`");
    CHECK(render(bot::link("https://example.org/?a=1&b=2", "A|B <c>")) ==
          "<https://example.org/?a=1&amp;b=2|A\u00A6B &lt;c&gt;>");
    CHECK(render(bot::link("https://example.org/a b|c")) == "<https://example.org/a%20b%7Cc>");
    // Targets without a scheme never become <...> tokens.
    CHECK(render(bot::link("!channel", "everyone")) == "everyone (!channel)");
    CHECK(render(bot::link("@U123")) == "@U123");
    CHECK(render(bot::mention(k_alice)) == "<@U1>");
    CHECK(render(bot::mention(bot::UserRef{"matrix", "@alice:example.org", "Alice <3", ""})) ==
          "@Alice &lt;3");
    CHECK(render(bot::Span{bot::Span::Kind::mention, "x", "slack:U1>"}) == "@x");
}

TEST_CASE("mrkdwn: Slack's text is turned into command text") {
    CHECK(to_command_text("a &amp; b &lt;3 &gt; c") == "a & b <3 > c");
    CHECK(to_command_text("team add <@U024BE7LH> expert") == "team add <@U024BE7LH> expert");
    CHECK(to_command_text("<@U024BE7LH|alice>") == "<@U024BE7LH>");
    CHECK(to_command_text("see <https://x.org/a?b=1&amp;c=2|x.org/a>") ==
          "see https://x.org/a?b=1&c=2");
    CHECK(to_command_text("<mailto:bob@example.org|bob@example.org>") == "bob@example.org");
    CHECK(to_command_text("idea add fair <#C0TEAM0001|event>") == "idea add fair #event");
    CHECK(to_command_text("<#C0TEAM0001>") == "<#C0TEAM0001>");
    CHECK(to_command_text("<!here> <!channel> <!everyone>") == "@here @channel @everyone");
    CHECK(to_command_text("<!subteam^S0DESIGN|@design>") == "@design");
    // A typed "&lt;@U1&gt;" is text, never a second mention.
    CHECK(to_command_text("&lt;!channel&gt;") == "<!channel>");
    CHECK(to_command_text("a < b") == "a < b");
    CHECK(to_command_text("a <b\nc> d") == "a <b\nc> d");
}

TEST_CASE("mrkdwn: truncate and split never cut a character, an entity or a token") {
    CHECK(bot::utf8_length("für") == 3);
    CHECK(truncate_mrkdwn("abcdef", 4) == "abc\u2026");
    CHECK(truncate_mrkdwn("abcdef", 6) == "abcdef");
    CHECK(truncate_mrkdwn("ab&amp;cd", 4) == "ab\u2026");
    CHECK(truncate_mrkdwn("a <@U123> b", 6) == "a\u2026");
    CHECK(truncate_mrkdwn("üüüü", 3) == "üü\u2026");
    CHECK(bot::cut_text("a <b> c", 4, bot::Ellipsis::within_limit) == "a <\u2026");

    CHECK(split("one two three", 7) == std::vector<std::string>{"one two", "three"});
    CHECK(split("line one\nline two", 12) == std::vector<std::string>{"line one", "line two"});
    CHECK(split("x <https://e.org|a b> y", 20) ==
          std::vector<std::string>{"x", "<https://e.org|a b>", "y"});
    CHECK(split("abcdef", 4) == std::vector<std::string>{"abcd", "ef"});
    CHECK(split("ab &amp;", 5) == std::vector<std::string>{"ab", "&amp;"});
    CHECK(split("", 5).empty());
}

TEST_CASE("block kit: every block type is rendered") {
    bot::Reply reply = bot::Reply::to_place();
    reply.heading("Idea #12")
        .text(bot::Inline{bot::plain("From "), bot::mention(k_alice), bot::plain(": "),
                          bot::strong("bold"), bot::plain(" "),
                          bot::link("https://example.org/x?a=1&b=2", "the post")})
        .fields({{"Status", bot::Inline{bot::plain("new")}}, {"Votes", {bot::plain("3")}}})
        .list({bot::Inline{bot::plain("one")}, bot::Inline{bot::code("two")}}, true)
        .list({bot::Inline{bot::plain("a")}, bot::Inline{bot::plain("b")}})
        .buttons({{"Vote", "idea.vote", "idea vote 12", bot::ButtonStyle::primary},
                  {"Reject", "idea.reject", "idea status 12 rejected", bot::ButtonStyle::danger},
                  {"Show", "idea.show", "idea show 12", bot::ButtonStyle::normal}})
        .context(bot::Inline{bot::emphasis("tags: #event")})
        .divider();
    const json expected = json::parse(R"({
      "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Idea #12", "emoji": true}},
        {"type": "section", "text": {"type": "mrkdwn",
          "text": "From <@U1>: *bold* <https://example.org/x?a=1&amp;b=2|the post>"}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Status*\nnew"},
                                       {"type": "mrkdwn", "text": "*Votes*\n3"}]},
        {"type": "section", "text": {"type": "mrkdwn", "text": "1. one\n2. `two`"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\u2022 a\n\u2022 b"}},
        {"type": "actions", "elements": [
          {"type": "button", "text": {"type": "plain_text", "text": "Vote", "emoji": true},
           "action_id": "idea.vote", "value": "idea vote 12", "style": "primary"},
          {"type": "button", "text": {"type": "plain_text", "text": "Reject", "emoji": true},
           "action_id": "idea.reject", "value": "idea status 12 rejected", "style": "danger"},
          {"type": "button", "text": {"type": "plain_text", "text": "Show", "emoji": true},
           "action_id": "idea.show", "value": "idea show 12"}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_tags: #event_"}]},
        {"type": "divider"}
      ],
      "text": "## Idea #12\nFrom @Alice: bold the post (https://example.org/x?a=1&amp;b=2)\nStatus: new\nVotes: 3\n1. one\n2. two\n- a\n- b\n[Vote] idea vote 12   [Reject] idea status 12 rejected   [Show] idea show 12\ntags: #event\n----"
    })");
    CHECK(dump(render(reply)) == dump(expected));
    CHECK(fallback_text(reply) == expected["text"]);
}

TEST_CASE("block kit: a long heading is cut to 150 characters") {
    bot::Reply reply;
    reply.heading(std::string(140, 'x') + " \u00fcber alles und noch viel mehr");
    const std::string text = render(reply)["blocks"][0]["text"]["text"];
    CHECK(bot::utf8_length(text) == k_max_header_text);
    CHECK(text.ends_with("\u2026"));
}

TEST_CASE("block kit: long text is split into sections of at most 3000 characters") {
    std::string text;
    for (int i = 0; text.size() < 7000; ++i) {
        text += (text.empty()  ? ""
                 : i % 10 == 0 ? "\n"
                               : " ") +
                std::string("word") + std::to_string(i);
    }
    bot::Reply reply;
    reply.text(text);
    const json blocks = render(reply)["blocks"];
    REQUIRE(blocks.size() == 3);
    std::string joined;
    for (const json& block : blocks) {
        const std::string piece = block["text"]["text"];
        CHECK(bot::utf8_length(piece) <= k_max_section_text);
        joined += (joined.empty() ? "" : " ") + piece;
    }
    // Only the separators at the cuts are gone.
    std::string squashed = text;
    std::replace(squashed.begin(), squashed.end(), '\n', ' ');
    std::replace(joined.begin(), joined.end(), '\n', ' ');
    CHECK(joined == squashed);
}

TEST_CASE("block kit: more than 10 fields are spread over several sections") {
    std::vector<bot::Field> fields;
    for (int i = 1; i <= 23; ++i) {
        fields.push_back({"F" + std::to_string(i), bot::Inline{bot::plain(std::to_string(i))}});
    }
    fields.push_back({"Long", bot::Inline{bot::plain(std::string(2500, 'v'))}});
    fields.push_back({"", bot::Inline{}}); // empty: left out
    bot::Reply reply;
    reply.fields(fields);
    const json blocks = render(reply)["blocks"];
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0]["fields"].size() == 10);
    CHECK(blocks[1]["fields"].size() == 10);
    CHECK(blocks[2]["fields"].size() == 4);
    CHECK(blocks[2]["fields"][2]["text"] == "*F23*\n23");
    CHECK(bot::utf8_length(blocks[2]["fields"][3]["text"].get<std::string>()) == k_max_field_text);
}

TEST_CASE("block kit: buttons keep Slack's limits") {
    std::vector<bot::Button> buttons;
    for (int i = 0; i < 27; ++i) {
        buttons.push_back({"Vote " + std::to_string(i), "idea.vote",
                           "idea vote " + std::to_string(i), bot::ButtonStyle::normal});
    }
    buttons[1].action_id = "idea.vote#2"; // clashes with the suffix the third button would get
    buttons[3].command = "idea add " + std::string(2100, 'x');
    buttons[4].label = std::string(100, 'L');
    bot::Reply reply;
    reply.buttons(buttons);
    const json blocks = render(reply)["blocks"];
    REQUIRE(blocks.size() == 2);
    REQUIRE(blocks[0]["elements"].size() == k_max_buttons);
    CHECK(blocks[1]["elements"].size() == 2);
    std::set<std::string> ids;
    for (const json& element : blocks[0]["elements"]) {
        CHECK(ids.insert(element["action_id"].get<std::string>()).second);
        CHECK_FALSE(element.contains("style"));
    }
    CHECK(blocks[0]["elements"][0]["action_id"] == "idea.vote");
    CHECK(blocks[0]["elements"][2]["action_id"] == "idea.vote#27");
    CHECK(blocks[1]["elements"][0]["action_id"] == "idea.vote"); // unique per block
    CHECK(bot::utf8_length(blocks[0]["elements"][3]["value"].get<std::string>()) ==
          k_max_button_value);
    CHECK(bot::utf8_length(blocks[0]["elements"][4]["text"]["text"].get<std::string>()) ==
          k_max_button_text);
}

TEST_CASE("block kit: content beyond 50 blocks is folded into a last section") {
    bot::Reply reply;
    for (int i = 0; i < 60; ++i) {
        reply.text("Paragraph " + std::to_string(i) + " <&>");
    }
    reply.buttons({{"Vote", "idea.vote", "idea vote 12", bot::ButtonStyle::primary}});
    const json blocks = render(reply)["blocks"];
    REQUIRE(blocks.size() == k_max_blocks);
    CHECK(blocks[48]["text"]["text"] == "Paragraph 48 &lt;&amp;&gt;");
    const std::string last = blocks[49]["text"]["text"];
    CHECK(last.starts_with("Paragraph 49 &lt;&amp;&gt;\nParagraph 50"));
    CHECK(last.ends_with("Paragraph 59 &lt;&amp;&gt;\n[Vote] `idea vote 12`"));
    CHECK(count_type(blocks, "actions") == 0);
}

TEST_CASE("block kit: text beyond 12000 characters in all is folded into a last section") {
    bot::Reply reply;
    for (int i = 0; i < 6; ++i) {
        reply.text("Part " + std::to_string(i) + " " + std::string(2500, 'x'));
    }
    const json blocks = render(reply)["blocks"];
    std::size_t total = 0;
    for (const json& block : blocks) {
        total += bot::utf8_length(block["text"]["text"].get<std::string>());
    }
    CHECK(total <= k_max_blocks_text); // else Slack answers msg_blocks_too_long
    REQUIRE(blocks.size() == 5);
    CHECK(blocks[3]["text"]["text"].get<std::string>().starts_with("Part 3 "));
    const std::string last = blocks[4]["text"]["text"];
    CHECK(last.starts_with("Part 4 "));
    CHECK(last.ends_with("\u2026")); // Part 5 did not fit: shortened, never dropped silently
}

TEST_CASE("block kit: the fallback text is cut to 4000 characters") {
    bot::Reply reply;
    reply.text(std::string(3000, 'a')).text(std::string(3000, 'b'));
    const std::string text = render(reply)["text"];
    CHECK(bot::utf8_length(text) == k_max_fallback_text);
    CHECK(text.ends_with("b\u2026"));
}

TEST_CASE("block kit: empty blocks are left out") {
    bot::Reply reply;
    reply.heading(" ").text("").list({}).buttons({}).context(bot::Inline{}).fields({});
    const json body = render(reply);
    CHECK(body["blocks"].empty());
    CHECK(body["text"] == bot::render_plain(reply));
}

TEST_SUITE_END();
