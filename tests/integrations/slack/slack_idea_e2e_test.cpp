// `idea` through the built binary on Slack (issue 5, "Done when"): the card
// with its Vote button, votes updating the posted card, and exports as files.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using nlohmann::json;
using onevoice::tests::BlockActionSpec;
using onevoice::tests::FakeSlack;
using onevoice::tests::PostedMessage;
using onevoice::tests::SlackBot;
using onevoice::tests::SlackBotOptions;
using onevoice::tests::SlashCommandSpec;

namespace {

SlashCommandSpec idea(const std::string& text, const std::string& user = "U024BE7LH") {
    SlashCommandSpec spec;
    spec.command = "/idea";
    spec.text = text;
    spec.user_id = user;
    spec.user_name = user == "U024BE7LH" ? "alice" : "bob";
    return spec;
}

// The posted (not ephemeral) message whose text contains `part`.
std::optional<PostedMessage> find_message(const FakeSlack& fake, const std::string& part) {
    for (const PostedMessage& message : fake.messages()) {
        if (message.ephemeral_user.empty() && message.text.find(part) != std::string::npos) {
            return message;
        }
    }
    return std::nullopt;
}

// The number of times the card with `part` was updated; -1 while there is none.
int updates_of(const FakeSlack& fake, const std::string& part) {
    const auto message = find_message(fake, part);
    return message ? message->updates : -1;
}

// The value of the button labelled `label` in Block Kit `blocks`.
std::string button_value(const json& blocks, const std::string& label) {
    for (const json& block : blocks) {
        for (const json& element : block.value("elements", json::array())) {
            if (element.value("type", "") == "button" &&
                element["text"].value("text", "") == label) {
                return element.value("value", "");
            }
        }
    }
    return {};
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack e2e: an idea's card is posted, and votes update it in place") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    REQUIRE(bot.wait_acked(fake.send_slash_command(idea("Behind the scenes at the fair #event"))));
    REQUIRE(bot.wait([&] { return find_message(fake, "Behind the scenes").has_value(); }));
    const PostedMessage card = *find_message(fake, "Behind the scenes");
    CHECK(card.channel == "C0TEAM0001");
    const std::string vote = button_value(card.blocks, "Vote");
    REQUIRE_FALSE(vote.empty());

    // A typed vote edits the posted card (the outbox remembered where it went).
    REQUIRE(bot.wait_acked(fake.send_slash_command(idea("vote 1", "U0BOB00001"))));
    REQUIRE(bot.wait([&] { return updates_of(fake, "Behind the scenes") == 1; }));

    // The Vote button on the card does the same, as the person who pressed it.
    BlockActionSpec press;
    press.action_id = "idea.vote";
    press.value = vote;
    press.message_ts = card.ts;
    REQUIRE(bot.wait_acked(fake.send_block_actions(press)));
    REQUIRE(bot.wait([&] { return updates_of(fake, "Behind the scenes") == 2; }));
    const auto messages = fake.messages();
    CHECK(std::count_if(messages.begin(), messages.end(), [](const PostedMessage& m) {
              return m.ephemeral_user.empty() &&
                     m.text.find("Behind the scenes") != std::string::npos;
          }) == 1);
}

TEST_CASE("Slack e2e: idea export csv arrives as a file in the channel") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    for (const char* text : {"\"Messe, Tag 1\" mit Grüßen #event", "status 1 approved",
                             "schedule 1 tomorrow 09:30 linkedin", "export csv"}) {
        REQUIRE(bot.wait_acked(fake.send_slash_command(idea(text))));
    }
    REQUIRE(bot.wait([&] {
        const auto files = fake.files();
        return !files.empty() && files.front().is_completed;
    }));
    const auto file = fake.files().front();
    CHECK(file.filename.ends_with(".csv"));
    CHECK(file.channel == "C0TEAM0001");
    CHECK(file.content.find("\"\"\"Messe, Tag 1\"\" mit Grüßen") != std::string::npos);
}

TEST_CASE("Slack e2e: a mention in a thread is answered in it - the export file and a reply for "
          "the requester alone") {
    FakeSlack fake;
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    REQUIRE(bot.wait_acked(fake.send_slash_command(idea("Messe #event"))));
    const std::string thread = "1700000000.000100";
    const auto in_thread = [&](const std::string& text) {
        const json mention = {{"type", "app_mention"},
                              {"user", "U024BE7LH"},
                              {"text", "<@" + fake.options().bot_user_id + "> " + text},
                              {"ts", "1700000100.000200"},
                              {"thread_ts", thread},
                              {"team", fake.options().team_id},
                              {"channel", "C0TEAM0001"},
                              {"event_ts", "1700000100.000200"}};
        return fake.send_event(mention);
    };
    REQUIRE(bot.wait_acked(in_thread("idea vote 99")));
    REQUIRE(bot.wait_acked(in_thread("idea export csv")));
    REQUIRE(bot.wait([&] {
        const auto files = fake.files();
        return !files.empty() && files.front().is_completed;
    }));
    const auto file = fake.files().front();
    CHECK(file.channel == "C0TEAM0001");
    CHECK(file.thread_ts == thread);
    CHECK(file.filename.ends_with(".csv"));
    const auto completed = onevoice::tests::ok_calls(fake, "files.completeUploadExternal");
    REQUIRE(completed.size() == 1);
    CHECK(completed.front().args.value("thread_ts", "") == thread);
    CHECK(onevoice::tests::ok_calls(fake, "files.getUploadURLExternal").size() == 1);

    REQUIRE(bot.wait_call("chat.postEphemeral", "There is no idea #99."));
    const auto refusal = onevoice::tests::ok_calls(fake, "chat.postEphemeral", "no idea #99");
    REQUIRE(refusal.size() == 1);
    CHECK(refusal.front().args.value("user", "") == "U024BE7LH");
    CHECK(refusal.front().args.value("channel", "") == "C0TEAM0001");
    CHECK(refusal.front().args.value("thread_ts", "") == thread);
    CHECK(onevoice::tests::ok_calls(fake, "chat.postMessage", "no idea #99").empty());
}

TEST_CASE("Slack e2e: the weekly nudge's Vote #n buttons vote for their idea and edit its card, "
          "not the nudge") {
    FakeSlack fake;
    SlackBotOptions options;
    options.clock_start = "2026-11-23T07:59:00Z"; // Monday, 08:59 in Berlin
    options.config = "time_zone = \"Europe/Berlin\"\n[slack]\nteam_channel = \"C0TEAM0001\"\n";
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    REQUIRE(bot.wait_acked(fake.send_slash_command(idea("Office dog portrait"))));
    REQUIRE(bot.wait_acked(fake.send_slash_command(idea("Team photo"))));
    REQUIRE(bot.wait([&] { return find_message(fake, "Team photo").has_value(); }));
    const std::string card_ts = find_message(fake, "Office dog portrait")->ts;

    // Monday 09:00 in Berlin: the nudge in the team channel, a Vote button per idea.
    bot.set_clock("2026-11-23T08:00:00Z");
    REQUIRE(bot.wait_call("chat.postMessage", "Ideas wanted"));
    const auto nudge = onevoice::tests::ok_calls(fake, "chat.postMessage", "Ideas wanted").at(0);
    CHECK(nudge.args.value("channel", "") == "C0TEAM0001");
    const auto vote_count = [&](const std::string& part) {
        return onevoice::tests::ok_calls(fake, "chat.postEphemeral", part).size();
    };
    fake.send_block_actions(onevoice::tests::press(nudge, "Vote #1", "U0BOB00001"));
    REQUIRE(bot.wait([&] { return vote_count("You voted for #1; it has 1 now.") == 1; }));
    REQUIRE(bot.wait([&] { return updates_of(fake, "Office dog portrait") == 1; }));
    // Pressed again: the vote is taken back, as typing it again does.
    fake.send_block_actions(onevoice::tests::press(nudge, "Vote #1", "U0BOB00001"));
    REQUIRE(bot.wait([&] { return vote_count("You took back your vote for #1") == 1; }));
    REQUIRE(bot.wait([&] { return updates_of(fake, "Office dog portrait") == 2; }));
    for (const auto& update : onevoice::tests::ok_calls(fake, "chat.update")) {
        CHECK(update.args.value("ts", "") == card_ts);
    }
    CHECK(updates_of(fake, "Team photo") == 0);
    CHECK(updates_of(fake, "Ideas wanted") == 0);
    CHECK(vote_count("You voted for #2") == 0);
}

TEST_SUITE_END();
