// Issue #9, security: user text full of SQL metacharacters, Slack control
// sequences, HTML and Markdown is stored byte for byte and shown literally by
// every adapter: Slack mrkdwn escaped, Matrix formatted_body HTML escaped,
// the console plain. Through idea add, handover and crisis update, asserted on
// the payloads the fakes received and on the database file.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/matrix_bot.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"
#include "tests/security/full_bot.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <string>
#include <vector>

using nlohmann::json;
using onevoice::tests::FakeMatrix;
using onevoice::tests::FakeSlack;
using onevoice::tests::MatrixBot;
using onevoice::tests::SlackBot;
using onevoice::tests::SlashCommandSpec;
using onevoice::tests::TempDir;

namespace {

// What the user means, after the platform's own encoding is undone. A tab
// and a BEL as control characters; the quotes are balanced, as the command
// tokenizer wants them.
const std::string k_evil = "Robert'); DROP TABLE ideas;-- \"q\" 'x' <!channel> <!here> <@U0EVIL1> "
                           "<#C1|x> &lt; <script>alert(1)</script> @room <a "
                           "href=\"https://evil.example\">x</a> *bold* `code` "
                           "[link](javascript:alert(1))\tend\x07";

// Where each kind of text goes; the marker finds its messages.
struct Route {
    std::string marker;
    std::string command; // before the text
    std::string sql;     // reads the stored text back
};

const std::vector<Route> k_routes = {
    {"IdeaMark", "idea add ", "SELECT text FROM ideas WHERE text LIKE 'IdeaMark%'"},
    {"HandMark", "handover billing ",
     "SELECT question FROM handovers WHERE question LIKE 'HandMark%'"},
    {"CrisisMark", "crisis update 1 ",
     "SELECT text FROM crisis_timeline WHERE text LIKE 'CrisisMark%'"},
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Slack's encoding of what a user typed (https://api.slack.com/reference/surfaces/formatting).
std::string slack_typed(const std::string& text) {
    std::string out;
    for (const char c : text) {
        out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
    }
    return out;
}

std::vector<std::string> stored_texts(const std::string& path, const std::string& sql) {
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
        out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_blob(statement, 0)),
                         static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
}

// Every string anywhere in `value`, so block texts are seen wherever they sit.
void collect_strings(const json& value, std::vector<std::string>& out) {
    if (value.is_string()) {
        out.push_back(value.get<std::string>());
    } else if (value.is_structured()) {
        for (const json& item : value) {
            collect_strings(item, out);
        }
    }
}

// The text as it must appear in mrkdwn: Slack's three control characters
// escaped, nothing else touched (Slack shows the rest as typed).
void check_slack_payload(const std::string& mrkdwn) {
    INFO("mrkdwn: ", mrkdwn);
    for (const char* raw : {"<!channel>", "<!here>", "<@U0EVIL1>", "<#C1|x>", "<script>", "<a href",
                            "<javascript:", "<https://evil.example"}) {
        CHECK_MESSAGE(!contains(mrkdwn, raw), raw);
    }
    for (const char* shown :
         {"Robert'); DROP TABLE ideas;-- \"q\" 'x' &lt;!channel&gt; &lt;!here&gt; &lt;@U0EVIL1&gt; "
          "&lt;#C1|x&gt; &amp;lt; &lt;script&gt;alert(1)&lt;/script&gt; @room &lt;a "
          "href=\"https://evil.example\"&gt;x&lt;/a&gt; *bold* `code` "
          "[link](javascript:alert(1))\tend\x07"}) {
        CHECK(contains(mrkdwn, shown));
    }
}

void check_matrix_payload(const json& content) {
    const std::string body = content.value("body", "");
    const std::string html = content.value("formatted_body", "");
    INFO("body: ", body, "\nformatted_body: ", html);
    CHECK(contains(html, "Robert&#39;); DROP TABLE ideas;-- &quot;q&quot; &#39;x&#39; "
                         "&lt;!channel&gt; &lt;!here&gt; &lt;@U0EVIL1&gt; &lt;#C1|x&gt; &amp;lt; "
                         "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(html, "&lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt; *bold* "
                         "`code` [link](javascript:alert(1))"));
    for (const char* raw : {"<script", "<a href=\"https://evil", "<a href=\"javascript", "<!"}) {
        CHECK_MESSAGE(!contains(html, raw), raw);
    }
    // The plain body is the text as typed, except that @room cannot notify.
    CHECK(contains(body, "Robert'); DROP TABLE ideas;-- \"q\" 'x' <!channel>"));
    CHECK(contains(body, "<script>alert(1)</script>"));
    CHECK_FALSE(contains(body, "@room"));
    const bool is_room_mention =
        content.contains("m.mentions") && content["m.mentions"].value("room", false);
    CHECK_FALSE(is_room_mention);
}

} // namespace

TEST_SUITE_BEGIN("security");

TEST_CASE("Injection: the console stores and shows hostile text literally") {
    onevoice::tests::FullBot bot;
    bot.run("crisis declare sev3 Outrage");
    for (const Route& route : k_routes) {
        INFO(route.command);
        const std::string out = bot.run(route.command + route.marker + " " + k_evil, "bob");
        CHECK(contains(out, route.marker + " " + k_evil));
    }
    CHECK(bot.ideas.find(1)->text == "IdeaMark " + k_evil);
    CHECK(bot.ideas.list({}, 1000, 0).size() == 1); // the table is still there, with one idea
    CHECK(bot.handovers.find(1)->question == "HandMark " + k_evil);
    CHECK(bot.crises.timeline(1).back().text == "CrisisMark " + k_evil);
}

TEST_CASE("Injection e2e: Slack stores hostile text and posts it escaped") {
    FakeSlack fake;
    SlackBot bot(fake);
    REQUIRE_MESSAGE(bot.wait_connected(), bot.log());
    SlashCommandSpec expert;
    expert.command = "/experts";
    expert.text = "add <@U0EXPERT1> billing";
    fake.send_slash_command(expert);
    REQUIRE_MESSAGE(bot.wait_call("chat.postMessage", "U0EXPERT1"), bot.log());
    SlashCommandSpec declare;
    declare.command = "/crisis";
    declare.text = "declare sev3 Outrage";
    fake.send_slash_command(declare);
    REQUIRE_MESSAGE(bot.wait_call("chat.postMessage", "Outrage"), bot.log());
    for (const Route& route : k_routes) {
        SlashCommandSpec spec;
        const auto space = route.command.find(' ');
        spec.command = "/" + route.command.substr(0, space);
        spec.text = slack_typed(route.command.substr(space + 1) + route.marker + " " + k_evil);
        fake.send_slash_command(spec);
        REQUIRE_MESSAGE(bot.wait_call("chat.postMessage", route.marker), bot.log());
    }
    for (const Route& route : k_routes) {
        INFO(route.command);
        int seen = 0;
        for (const auto& call : onevoice::tests::ok_calls(fake, "chat.postMessage", route.marker)) {
            std::vector<std::string> strings;
            collect_strings(call.args, strings);
            for (const std::string& text : strings) {
                if (contains(text, route.marker + " Robert")) {
                    check_slack_payload(text);
                    ++seen;
                }
            }
        }
        CHECK(seen > 0);
    }
    CHECK(bot.stop().exit_code == 0);
    for (const Route& route : k_routes) {
        INFO(route.sql);
        CHECK(stored_texts(bot.database(), route.sql) ==
              std::vector<std::string>{route.marker + " " + k_evil});
    }
}

TEST_CASE("Injection e2e: Matrix stores hostile text and sends it HTML-escaped") {
    FakeMatrix fake;
    const std::string team = MatrixBot::k_team_room;
    const std::string alice = MatrixBot::k_admin;
    fake.create_room(team, {alice}, true);
    TempDir dir;
    MatrixBot bot(fake, dir);
    REQUIRE_MESSAGE(bot.wait_ready(), bot.log());
    fake.send_text(team, alice, "!experts add @erik:example.org billing");
    REQUIRE_MESSAGE(bot.wait_messages(1), bot.log());
    fake.send_text(team, alice, "!crisis declare sev3 Outrage");
    const auto count_all = [&] {
        std::size_t n = fake.bot_messages(team).size();
        for (const std::string& room : fake.created_rooms()) {
            n += fake.bot_messages(room).size();
        }
        return n;
    };
    REQUIRE_MESSAGE(bot.wait([&] { return count_all() > 1; }), bot.log());
    // Each text is answered before the next is sent (a handover sends two messages).
    const auto answered = [&](const std::string& marker) {
        std::vector<std::string> rooms = fake.created_rooms();
        rooms.push_back(team);
        for (const std::string& room : rooms) {
            for (const auto& event : fake.bot_messages(room)) {
                if (contains(event.content.value("body", ""), marker + " Robert")) {
                    return true;
                }
            }
        }
        return false;
    };
    for (const Route& route : k_routes) {
        fake.send_text(team, alice, "!" + route.command + route.marker + " " + k_evil);
        REQUIRE_MESSAGE(bot.wait([&] { return answered(route.marker); }), bot.log());
    }
    CHECK(bot.stop().exit_code == 0);
    std::vector<std::string> rooms = fake.created_rooms();
    rooms.push_back(team);
    for (const Route& route : k_routes) {
        INFO(route.command);
        int seen = 0;
        for (const std::string& room : rooms) {
            for (const auto& event : fake.bot_messages(room)) {
                if (contains(event.content.value("body", ""), route.marker + " Robert")) {
                    check_matrix_payload(event.content);
                    ++seen;
                }
            }
        }
        CHECK(seen > 0);
        CHECK(stored_texts(dir.file("bot.db"), route.sql) ==
              std::vector<std::string>{route.marker + " " + k_evil});
    }
}

TEST_SUITE_END();
