// Crisis notices end to end through Slack (issue #7, "Done when"): the built
// binary against FakeSlack on a test clock (ONEVOICE_TEST_CLOCK_FILE), with a
// crisis channel and crisis.open_channel. Declared by a helper, the team is
// alerted (the cover in place of an absent member), the notice is pinned and
// copied into the crisis's own channel, the lead is reminded until an update,
// a statement is approved into the notice, the all-clear unpins it, and the
// report arrives as a file with every step and its durations.
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

using nlohmann::json;
using onevoice::tests::ApiCall;
using onevoice::tests::direct_channel;
using onevoice::tests::FakeSlack;
using onevoice::tests::ok_calls;
using onevoice::tests::ok_calls_in;
using onevoice::tests::press;
using onevoice::tests::SlackBot;
using onevoice::tests::SlackBotOptions;
using onevoice::tests::SlashCommandSpec;
using onevoice::tests::TempDir;

namespace {

const std::string k_alice = "U024BE7LH"; // the admin: manager, so the crisis lead
const std::string k_dina = "U0DINA0001"; // deputy
const std::string k_carl = "U0CARL0001"; // community manager, away
const std::string k_bob = "U0BOB00001";  // carl's cover
const std::string k_erik = "U0ERIK0001"; // a helper, who declares
const std::string k_crisis_channel = "C0CRISIS01";

const std::pair<std::string, std::string> k_names[] = {
    {k_alice, "alice"}, {k_dina, "dina"}, {k_carl, "carl"}, {k_bob, "bob"}, {k_erik, "erik"}};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void slash(FakeSlack& fake, const std::string& user, const std::string& command,
           const std::string& text) {
    SlashCommandSpec spec;
    spec.user_id = user;
    // Slack sends the user's name along; the bot shows people by it.
    for (const auto& [id, name] : k_names) {
        spec.user_name = id == user ? name : spec.user_name;
    }
    spec.command = command;
    spec.text = text;
    fake.send_slash_command(spec);
}

// The ok chat.postMessage calls to `channel` whose arguments contain `part`.
int posts(const FakeSlack& fake, const std::string& channel, const std::string& part) {
    int count = 0;
    for (const ApiCall& call : ok_calls(fake, "chat.postMessage", part)) {
        count += call.args.value("channel", "") == channel ? 1 : 0;
    }
    return count;
}

// A rename, so the bot never reads half a time.
void set_clock(const TempDir& dir, const std::string& time) {
    dir.write("clock.new", time);
    std::rename(dir.file("clock.new").c_str(), dir.file("clock").c_str());
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack crisis e2e: alerts, pinned notice, own channel, reminders, approval, all-clear, "
          "report") {
    onevoice::tests::FakeSlackOptions slack;
    slack.bot_channels.push_back(k_crisis_channel); // invited there (README, Slack step 4)
    FakeSlack fake(slack);
    for (const auto& [id, name] : k_names) {
        fake.add_user(id, name);
    }
    TempDir clock_dir;
    clock_dir.write("clock", "2026-11-18T11:06:00Z"); // Wednesday, 12:06 in Berlin
    SlackBotOptions options;
    options.config = "time_zone = \"Europe/Berlin\"\n[crisis]\nchannel = \"" + k_crisis_channel +
                     "\"\nopen_channel = true\n";
    options.env["ONEVOICE_TEST_CLOCK_FILE"] = clock_dir.file("clock");
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    slash(fake, k_alice, "/team", "add <@" + k_dina + "> deputy");
    slash(fake, k_alice, "/team", "add <@" + k_carl + "> community");
    slash(fake, k_alice, "/team", "add <@" + k_bob + "> helper");
    slash(fake, k_alice, "/team", "add <@" + k_erik + "> helper");
    slash(fake, k_alice, "/team",
          "away <@" + k_carl + "> 2026-11-16 2026-11-20 cover <@" + k_bob + ">");
    REQUIRE(bot.wait_call("chat.postMessage", "You cover for"));

    // Declare: the notice in the crisis channel, pinned.
    slash(fake, k_erik, "/crisis", "declare sev1 Outrage about the ad");
    REQUIRE(bot.wait([&] { return posts(fake, k_crisis_channel, "Outrage about the ad") > 0; }));
    const ApiCall notice = ok_calls(fake, "chat.postMessage", "Crisis team").at(0);
    CHECK(notice.args["channel"] == k_crisis_channel);
    CHECK(contains(notice.args.dump(), "(cover for <@" + k_carl + ">)"));
    const std::string notice_ts = notice.response.value("ts", "");
    REQUIRE(bot.wait_call("pins.add", notice_ts));

    // The team is alerted in direct messages: carl's cover instead of carl, not erik himself.
    REQUIRE(bot.wait([&] {
        return posts(fake, direct_channel(fake, k_bob), "as the cover for <@" + k_carl + ">") == 1;
    }));
    for (const std::string& member : {k_alice, k_dina}) {
        REQUIRE(bot.wait(
            [&] { return posts(fake, direct_channel(fake, member), "Crisis #1 (sev1)") == 1; }));
    }
    CHECK(direct_channel(fake, k_carl).empty());
    CHECK(direct_channel(fake, k_erik).empty());

    // The crisis's own private channel, with the team invited and the notice copied in.
    REQUIRE(bot.wait_call("conversations.create", "crisis-1-outrage-about-the-ad"));
    const auto channels = fake.channels();
    REQUIRE(channels.size() == 1);
    const std::string own = channels[0].id;
    CHECK(channels[0].is_private);
    REQUIRE(bot.wait([&] { return posts(fake, own, "Outrage about the ad") == 1; }));
    REQUIRE(bot.wait_call("conversations.invite", own));
    const std::string invited = ok_calls(fake, "conversations.invite").at(0).args["users"];
    for (const std::string& member : {k_erik, k_alice, k_dina, k_bob}) {
        CHECK(contains(invited, member));
    }
    CHECK_FALSE(contains(invited, k_carl));

    // No update for 30 minutes: the lead is reminded, in a direct message.
    set_clock(clock_dir, "2026-11-18T11:37:00Z");
    REQUIRE(bot.wait([&] {
        return posts(fake, direct_channel(fake, k_alice), "Reminder: no update on crisis #1") == 1;
    }));

    // An update goes to the crisis channel and the crisis's own channel.
    set_clock(clock_dir, "2026-11-18T11:41:00Z");
    slash(fake, k_dina, "/crisis", "update 1 Facts checked, the ad is paused");
    REQUIRE(bot.wait([&] { return posts(fake, own, "Facts checked") == 1; }));
    CHECK(posts(fake, k_crisis_channel, "Facts checked") == 1);

    // One voice: a statement proposed, approved by the manager, shown in the notice.
    set_clock(clock_dir, "2026-11-18T11:46:00Z");
    slash(fake, k_dina, "/crisis", "statement 1 We hear you and have paused the ad.");
    REQUIRE(bot.wait_call("chat.postMessage", "Statement #1 for crisis #1"));
    set_clock(clock_dir, "2026-11-18T11:51:00Z");
    slash(fake, k_alice, "/crisis", "approve 1");
    REQUIRE(bot.wait([&] {
        for (const ApiCall& call : ok_calls(fake, "chat.update", "have paused the ad")) {
            if (call.args.value("ts", "") == notice_ts) {
                return true;
            }
        }
        return false;
    }));

    // Past two reminder rhythms since the declaration, but not 30 minutes since the
    // update: the reminders started over, none more yet.
    set_clock(clock_dir, "2026-11-18T12:08:00Z");
    slash(fake, k_alice, "/crisis", "resolve 1 The ad is withdrawn, calm again.");
    REQUIRE(bot.wait_call("pins.remove", notice_ts));
    CHECK(bot.wait([&] {
        for (const auto& message : fake.messages()) {
            if (message.ts == notice_ts) {
                return !message.is_pinned && contains(message.text, "resolved");
            }
        }
        return false;
    }));
    REQUIRE(bot.wait_call("chat.postMessage", "is resolved, given by"));

    // Hours later: no reminder for a resolved crisis. The report comes as a file.
    set_clock(clock_dir, "2026-11-18T16:00:00Z");
    slash(fake, k_alice, "/crisis", "report 1");
    REQUIRE(bot.wait_call("files.completeUploadExternal", "crisis-1-report.md"));
    CHECK(posts(fake, direct_channel(fake, k_alice), "Reminder: no update") == 1);
    const auto files = fake.files();
    REQUIRE(files.size() == 1);
    const std::string& report = files[0].content;
    INFO(report);
    CHECK(contains(report, "# Crisis report #1: Outrage about the ad"));
    CHECK(contains(report, "**Declared to first update:** 35 min"));
    CHECK(contains(report, "**First update to approved statement:** 10 min"));
    CHECK(contains(report, "**Declared to approved statement:** 45 min"));
    CHECK(contains(report, "**Approved statement to all-clear:** 17 min"));
    CHECK(contains(report, "**Declared to all-clear:** 1 h 2 min"));
    CHECK(contains(report, "@erik declared: sev1 Outrage about the ad"));
    CHECK(contains(report, "@dina posted an update: Facts checked, the ad is paused"));
    CHECK(contains(report, "@dina proposed a statement"));
    CHECK(contains(report, "@alice approved statement"));
    CHECK(contains(report, "@alice gave the all-clear: The ad is withdrawn, calm again."));
    CHECK(bot.stop().exit_code == 0);
}

TEST_CASE("Slack crisis e2e: the Confirm button under [crisis] confirm = true pins the notice "
          "once, Pause all and Resume freeze the plan") {
    onevoice::tests::FakeSlackOptions slack;
    // This test's clock stands still between its steps, and the bot measures a Retry-After
    // on it: a paced channel would wait until the next step.
    slack.channel_burst = 0;
    FakeSlack fake(slack);
    for (const auto& [id, name] : k_names) {
        fake.add_user(id, name);
    }
    SlackBotOptions options;
    options.clock_start = "2026-11-18T11:06:00Z"; // Wednesday, 12:06 in Berlin
    options.config = "time_zone = \"Europe/Berlin\"\n[crisis]\nconfirm = true\n";
    SlackBot bot(fake, options);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    const std::string channel = SlashCommandSpec{}.channel_id;
    slash(fake, k_alice, "/team", "add <@" + k_dina + "> deputy");
    slash(fake, k_alice, "/team", "add <@" + k_erik + "> helper");
    slash(fake, k_alice, "/idea", "Black Friday teaser");
    slash(fake, k_alice, "/idea", "status 1 approved");
    slash(fake, k_alice, "/idea", "schedule 1 2026-11-19 10:00 instagram");
    REQUIRE(bot.wait_call("chat.postMessage", "#1 is planned for"));
    const auto ephemeral = [&](const std::string& user, const std::string& part) {
        int count = 0;
        for (const ApiCall& call : ok_calls_in(fake, "chat.postEphemeral", channel, part)) {
            count += call.args.value("user", "") == user ? 1 : 0;
        }
        return count;
    };
    const auto one_post = [&](const std::string& part) {
        REQUIRE(bot.wait(
            [&] { return !ok_calls_in(fake, "chat.postMessage", channel, part).empty(); }));
        const auto found = ok_calls_in(fake, "chat.postMessage", channel, part);
        CHECK(found.size() == 1);
        return found.front();
    };

    // Declared by erik: only the request to confirm, nothing pinned, nobody alerted.
    slash(fake, k_erik, "/crisis", "declare sev1 Outrage about the ad");
    const ApiCall request = one_post("Crisis #1 awaits confirmation");
    fake.send_block_actions(press(request, "Confirm", k_erik));
    REQUIRE(bot.wait([&] { return ephemeral(k_erik, "You asked for this yourself") == 1; }));
    CHECK(fake.calls("pins.add").empty());
    CHECK(direct_channel(fake, k_dina).empty());

    // alice confirms with the button: the notice, pinned once, dina alerted, the freeze offered.
    fake.send_block_actions(press(request, "Confirm", k_alice));
    const ApiCall notice = one_post("Crisis team");
    const std::string notice_ts = notice.response.value("ts", "");
    REQUIRE(bot.wait_call("pins.add", notice_ts));
    REQUIRE(bot.wait([&] {
        return !ok_calls_in(fake, "chat.postMessage", direct_channel(fake, k_dina),
                            "Crisis #1 (sev1)")
                    .empty();
    }));
    const ApiCall offer = one_post("Calendar freeze: 1 scheduled in the next 48 hours");
    fake.send_block_actions(press(request, "Confirm", k_alice));
    REQUIRE(bot.wait(
        [&] { return ephemeral(k_alice, "Crisis #1 has nothing awaiting confirmation.") == 1; }));
    CHECK(ok_calls(fake, "pins.add").size() == 1);
    CHECK(ok_calls(fake, "chat.postMessage", "Crisis team").size() == 1);

    // dina pauses with the button; a second press finds nothing left to pause.
    fake.send_block_actions(press(offer, "Pause all", k_dina));
    REQUIRE(bot.wait_call("chat.postMessage", "Paused for crisis #1 by <@" + k_dina + ">: #1."));
    fake.send_block_actions(press(offer, "Pause all", k_dina));
    REQUIRE(bot.wait([&] { return ephemeral(k_dina, "Nothing to pause for crisis #1") == 1; }));
    CHECK(ok_calls(fake, "chat.postMessage", "Paused for crisis #1").size() == 1);

    // dina's all-clear waits for a second person; alice's press unpins the notice.
    slash(fake, k_dina, "/crisis", "resolve 1 Calm again");
    const ApiCall all_clear = one_post("All-clear for crisis #1 awaits confirmation");
    CHECK(fake.calls("pins.remove").empty());
    fake.send_block_actions(press(all_clear, "Confirm", k_alice));
    REQUIRE(bot.wait_call("pins.remove", notice_ts));
    const ApiCall unpinned = ok_calls(fake, "pins.remove").at(0);
    CHECK(unpinned.args.value("channel", "") == channel);
    const ApiCall resume = one_post("1 idea is still paused for this crisis");
    fake.send_block_actions(press(resume, "Resume", k_alice));
    REQUIRE(
        bot.wait_call("chat.postMessage", "Resumed after crisis #1 by <@" + k_alice + ">: #1."));
    CHECK(ok_calls(fake, "pins.remove").size() == 1);
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
