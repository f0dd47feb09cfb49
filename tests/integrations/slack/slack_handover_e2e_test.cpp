// Handovers end to end through Slack (issue #6, "Done when"): the built binary
// against FakeSlack on a test clock (ONEVOICE_TEST_CLOCK_FILE). A question
// asked in a thread is routed around an absent expert to the cover, reminded
// at half time, escalated at the deadline, and its answer lands in that thread.
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/fake_slack.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/slack_bot.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

using nlohmann::json;
using onevoice::tests::ApiCall;
using onevoice::tests::direct_channel;
using onevoice::tests::FakeSlack;
using onevoice::tests::ok_calls_in;
using onevoice::tests::press;
using onevoice::tests::Process;
using onevoice::tests::SlackBot;
using onevoice::tests::SlashCommandSpec;
using onevoice::tests::TempDir;

namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

const std::string k_alice = "U024BE7LH"; // the admin: a manager
const std::string k_erik = "U0ERIK0001"; // expert for legal, away
const std::string k_bob = "U0BOB00001";  // erik's cover
const std::string k_dina = "U0DINA0001"; // expert for billing
const std::string k_channel = "C0TEAM0001";
const std::string k_thread = "1700000000.000100";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class SlackHandoverBot {
public:
    explicit SlackHandoverBot(FakeSlack& fake)
        : m_fake(fake)
        , m_clock(m_dir.write("clock", "2026-11-18T11:06:00Z"))
        , m_process(onevoice::tests::bot_binary(), options()) {}

    bool wait(const std::function<bool()>& done) {
        const auto end = SteadyClock::now() + std::chrono::seconds(10);
        while (!done()) {
            if (SteadyClock::now() >= end || m_process.has_exited()) {
                return done();
            }
            m_process.wait_until([](const Process&) { return false; }, milliseconds(10));
        }
        return true;
    }
    // Until chat.postMessage was answered ok with arguments containing every part.
    bool wait_post(const std::vector<std::string>& parts) { return !post(parts).is_null(); }
    json post(const std::vector<std::string>& parts) {
        json found;
        wait([&] {
            for (const ApiCall& call : m_fake.calls("chat.postMessage")) {
                const std::string args = call.args.dump();
                bool all = call.ok();
                for (const std::string& part : parts) {
                    all = all && contains(args, part);
                }
                if (all) {
                    found = call.args;
                    return true;
                }
            }
            return false;
        });
        return found;
    }
    void set_clock(const std::string& time) {
        m_dir.write("clock.new", time);
        std::rename(m_dir.file("clock.new").c_str(), m_clock.c_str());
    }
    void slash(const std::string& command, const std::string& text) {
        SlashCommandSpec spec;
        spec.command = command;
        spec.text = text;
        m_fake.send_slash_command(spec);
    }
    std::string log() const {
        return "stdout:\n" + m_process.out() + "\nstderr:\n" + m_process.err();
    }
    int stop() {
        m_process.send_signal(SIGTERM);
        return m_process.wait(std::chrono::seconds(10)).exit_code;
    }

private:
    Process::Options options() {
        Process::Options out;
        out.cwd = m_dir.str();
        const std::string config = m_dir.write(
            "onevoice.toml", "admins = [\"<@" + k_alice + ">\"]\ntime_zone = \"Europe/Berlin\"\n");
        out.args = {"--db", m_dir.file("bot.db"), "--config", config};
        out.env["SLACK_APP_TOKEN"] = m_fake.options().app_token;
        out.env["SLACK_BOT_TOKEN"] = m_fake.options().bot_token;
        out.env["SLACK_API_URL"] = m_fake.api_url();
        out.env["MATRIX_ACCESS_TOKEN"] = "";
        out.env["MATRIX_PASSWORD"] = "";
        out.env["ONEVOICE_TEST_CLOCK_FILE"] = m_dir.file("clock");
        return out;
    }

    FakeSlack& m_fake;
    TempDir m_dir;
    std::string m_clock;
    Process m_process;
};

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("Slack handover e2e: cover, half time, escalation, and the answer in the thread") {
    FakeSlack fake;
    fake.add_user(k_alice, "alice");
    fake.add_user(k_erik, "erik");
    fake.add_user(k_bob, "bob");
    SlackHandoverBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait([&] { return fake.hellos() >= 1; }));
    bot.slash("/team", "add <@" + k_erik + "> expert");
    bot.slash("/team", "add <@" + k_bob + "> helper");
    bot.slash("/experts", "add <@" + k_erik + "> legal");
    bot.slash("/team", "away <@" + k_erik + "> 2026-11-16 2026-11-20 cover <@" + k_bob + ">");
    REQUIRE(bot.wait_post({"You cover for"}));

    // A mention inside a customer thread of the team channel.
    json mention = {{"type", "app_mention"},
                    {"user", k_alice},
                    {"text", "<@" + fake.options().bot_user_id + "> handover legal Is this ok?"},
                    {"ts", "1700000100.000200"},
                    {"thread_ts", k_thread},
                    {"team", fake.options().team_id},
                    {"channel", k_channel},
                    {"event_ts", "1700000100.000200"}};
    fake.send_event(mention);
    const json created = bot.post({"Handover #1 is with", k_thread});
    REQUIRE_FALSE(created.is_null());
    CHECK(created["channel"] == k_channel);
    CHECK(contains(created.dump(), "cover for"));
    // The card goes to bob's direct conversation, with the Accept button.
    const json card = bot.post({"Is this ok?", "handover accept 1"});
    REQUIRE_FALSE(card.is_null());
    CHECK(card["channel"] != k_channel);

    bot.set_clock("2026-11-18T13:06:00Z");
    REQUIRE(bot.wait_post({"half the time for handover"}));
    bot.set_clock("2026-11-18T15:06:00Z");
    REQUIRE(bot.wait_post({"Escalated to you"}));

    fake.send_direct_message("handover answer 1 Yes, that is fine.", {}, k_bob, "D0BOB00001");
    const json answer = bot.post({"Yes, that is fine.", k_thread});
    REQUIRE_FALSE(answer.is_null());
    CHECK(answer["channel"] == k_channel);
    CHECK(answer["thread_ts"] == k_thread);
    CHECK(contains(answer.dump(), "Answer to handover #1"));
    CHECK(bot.stop() == 0);
}

TEST_CASE("Slack handover e2e: Accept, Decline and Answer pressed on the card in the direct "
          "conversation") {
    FakeSlack fake;
    for (const auto& [id, name] : {std::pair{k_alice, "alice"}, std::pair{k_erik, "erik"},
                                   std::pair{k_bob, "bob"}, std::pair{k_dina, "dina"}}) {
        fake.add_user(id, name);
    }
    SlackBot bot(fake);
    INFO(bot.log());
    REQUIRE(bot.wait_connected());
    const auto slash = [&](const std::string& user, const std::string& command,
                           const std::string& text) {
        SlashCommandSpec spec;
        spec.user_id = user;
        spec.command = command;
        spec.text = text;
        return fake.send_slash_command(spec);
    };
    slash(k_alice, "/team", "add <@" + k_erik + "> expert");
    slash(k_alice, "/team", "add <@" + k_dina + "> expert");
    slash(k_alice, "/team", "add <@" + k_bob + "> helper");
    slash(k_alice, "/experts", "add <@" + k_dina + "> billing");
    REQUIRE(bot.wait_call("chat.postMessage", "billing"));
    // The card in the assignee's own direct conversation, nowhere else.
    const auto cards = [&](const std::string& user, const std::string& id) {
        return ok_calls_in(fake, "chat.postMessage", direct_channel(fake, user),
                           "handover accept " + id);
    };
    const auto to_requester = [&](const std::string& user, const std::string& part) {
        std::vector<ApiCall> out;
        for (const ApiCall& call : fake.calls("chat.postEphemeral")) {
            if (call.ok() && call.args.value("user", "") == user &&
                contains(call.args.dump(), part)) {
                out.push_back(call);
            }
        }
        return out;
    };

    // Accept: once. A second press is told why, and alice hears of it once.
    slash(k_alice, "/handover", "<@" + k_erik + "> Is clause 4 ok?");
    REQUIRE(bot.wait([&] { return cards(k_erik, "1").size() == 1; }));
    const ApiCall card = cards(k_erik, "1").front();
    CHECK(contains(card.args.dump(), "Is clause 4 ok?"));
    CHECK(ok_calls_in(fake, "chat.postMessage", k_channel, "handover accept 1").empty());
    const std::string accept = fake.send_block_actions(press(card, "Accept", k_erik));
    REQUIRE(bot.wait([&] { return !to_requester(k_erik, "You accepted handover #1.").empty(); }));
    CHECK(bot.wait_acked(accept));
    CHECK(to_requester(k_erik, "You accepted handover #1.").front().args["channel"] ==
          direct_channel(fake, k_erik));
    REQUIRE(bot.wait([&] {
        return ok_calls_in(fake, "chat.postMessage", direct_channel(fake, k_alice),
                           "<@" + k_erik + "> accepted handover #1.")
                   .size() == 1;
    }));
    fake.send_block_actions(press(card, "Accept", k_erik));
    REQUIRE(bot.wait(
        [&] { return !to_requester(k_erik, "only an open handover can be accepted").empty(); }));
    CHECK(ok_calls_in(fake, "chat.postMessage", direct_channel(fake, k_alice), "accepted handover")
              .size() == 1);
    CHECK(to_requester(k_erik, "You accepted handover #1.").size() == 1);

    // Decline: bob's billing question goes from dina to a manager, alice, with a new card.
    slash(k_bob, "/handover", "billing Why was I charged twice?");
    REQUIRE(bot.wait([&] { return cards(k_dina, "2").size() == 1; }));
    const ApiCall dina_card = cards(k_dina, "2").front();
    fake.send_block_actions(press(dina_card, "Decline", k_dina));
    REQUIRE(bot.wait([&] { return cards(k_alice, "2").size() == 1; }));
    CHECK(contains(cards(k_alice, "2").front().args.dump(), "Why was I charged twice?"));
    REQUIRE(bot.wait([&] {
        return !to_requester(k_dina, "You declined handover #2; it went to <@" + k_alice + ">")
                    .empty();
    }));
    REQUIRE(bot.wait([&] {
        return ok_calls_in(fake, "chat.postMessage", direct_channel(fake, k_bob),
                           "<@" + k_dina + "> declined handover #2")
                   .size() == 1;
    }));
    // dina's old card is no longer hers to decline: nothing moves again.
    fake.send_block_actions(press(dina_card, "Decline", k_dina));
    REQUIRE(bot.wait([&] { return !to_requester(k_dina, "is not assigned to you").empty(); }));
    CHECK(cards(k_alice, "2").size() == 1);

    // Answer: the answer itself must be typed, and the button says how, to alice alone.
    fake.send_block_actions(press(cards(k_alice, "2").front(), "Answer", k_alice));
    REQUIRE(bot.wait([&] {
        for (const ApiCall& call : to_requester(k_alice, "Type the answer:")) {
            if (contains(call.args.dump(), "handover answer 2")) {
                return call.args["channel"] == direct_channel(fake, k_alice);
            }
        }
        return false;
    }));
    CHECK(ok_calls_in(fake, "chat.postMessage", k_channel, "Why was I charged twice?").empty());
    CHECK(bot.stop().exit_code == 0);
}

TEST_SUITE_END();
