// The Slack adapter end to end, around who the bot talks to: the notice after
// a long time offline, and what users.info tells about people.
#include "storage/database.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"

#include <doctest/doctest.h>

using onevoice::tests::FakeSlack;
using onevoice::tests::ok_calls;
using onevoice::tests::SlackBot;
using onevoice::tests::SlackBotOptions;
using onevoice::tests::SlashCommandSpec;

namespace {

SlackBotOptions team_channel_options() {
    SlackBotOptions options;
    // Two failed reconnects take at least 3.5 s (backoff 1 s, 2 s, with equal
    // jitter); one quick reconnect takes at most about 1 s.
    options.config = "[slack]\nteam_channel = \"C0TEAM0001\"\noffline_notice_seconds = 2\n";
    return options;
}

bool mentions_back_online(const nlohmann::json& args) {
    return args.value("text", "").find("offline") != std::string::npos;
}

int back_online_notices(const FakeSlack& fake) {
    int count = 0;
    for (const auto& call : ok_calls(fake, "chat.postMessage", "C0TEAM0001")) {
        count += mentions_back_online(call.args) ? 1 : 0;
    }
    return count;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack e2e: after a long time offline the team channel hears it once") {
    FakeSlack fake;
    SlackBot bot(fake, team_channel_options());
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    fake.fail_next("apps.connections.open", 2, "internal_error");
    fake.drop_connection();
    REQUIRE(bot.wait_connected(2));
    REQUIRE(bot.wait([&] { return back_online_notices(fake) == 1; }));
    const auto notice = ok_calls(fake, "chat.postMessage", "C0TEAM0001").back();
    CHECK(notice.args.value("channel", "") == "C0TEAM0001");

    // A short drop is not worth a message.
    fake.drop_connection();
    REQUIRE(bot.wait_connected(3));
    const std::string envelope = fake.send_slash_command(SlashCommandSpec{});
    REQUIRE(bot.wait_acked(envelope));
    CHECK(back_online_notices(fake) == 1);
}

TEST_CASE("Slack e2e: users.info is asked once per person, form-encoded - the time zone is kept") {
    FakeSlack fake;
    fake.add_user("U024BE7LH", "alice", "America/New_York");
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    // The first command asks; the answer serves the commands after it.
    REQUIRE(bot.wait_acked(fake.send_slash_command(SlashCommandSpec{})));
    REQUIRE(bot.wait_call("users.info", "U024BE7LH"));
    for (int i = 0; i < 2; ++i) {
        REQUIRE(bot.wait_acked(fake.send_slash_command(SlashCommandSpec{})));
    }
    const auto asked = fake.calls("users.info");
    CHECK(asked.size() == 1);
    CHECK(asked.front().content_type == "application/x-www-form-urlencoded");
    CHECK(bot.stop().exit_code == 0);

    onevoice::storage::Database db(bot.database());
    onevoice::storage::Statement query(
        db, "SELECT time_zone FROM users WHERE user_key = 'slack:U024BE7LH'");
    REQUIRE(query.step());
    CHECK(query.get_text(0) == "America/New_York");
}

TEST_SUITE_END();
