#include "integrations/slack/payloads.hpp"
#include "tests/fakes/build_paths.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace onevoice;
using namespace onevoice::integrations::slack;
using nlohmann::json;

namespace {

const BotIdentity k_bot{"U0BOT1V0C", "T061EG9R6"};
const bot::TimePoint k_now = bot::from_millis(1700000000123);

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(onevoice::tests::source_dir()) + "/tests/fixtures/slack/" + name,
                     std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ParsedEnvelope parse_fixture(const std::string& name) {
    return parse_envelope(fixture(name));
}

template <class T>
const T& payload_as(const ParsedEnvelope& envelope) {
    if (const auto* malformed = std::get_if<Malformed>(&envelope.payload)) {
        FAIL("malformed: " << malformed->error);
    }
    REQUIRE(std::holds_alternative<T>(envelope.payload));
    return std::get<T>(envelope.payload);
}

// Parses a fixture after `edit` changed its JSON.
template <class Edit>
ParsedEnvelope parse_edited(const std::string& name, Edit edit) {
    json j = json::parse(fixture(name));
    edit(j);
    return parse_envelope(j.dump());
}

std::optional<bot::Command> event_command(const ParsedEnvelope& envelope) {
    return to_command(payload_as<EventCallback>(envelope), k_bot, k_now);
}

} // namespace

TEST_SUITE_BEGIN("slack");

TEST_CASE("slack payloads: hello carries the connection details and no envelope id") {
    const ParsedEnvelope envelope = parse_fixture("hello.json");
    CHECK(envelope.type == "hello");
    CHECK(envelope.envelope_id.empty());
    const Hello& hello = payload_as<Hello>(envelope);
    CHECK(hello.num_connections == 1);
    CHECK(hello.app_id == "A0F7YS25R");
    CHECK(hello.host == "applink-7fc4fdbb64-4x5xq");
    CHECK(hello.approximate_connection_time == 18060);
}

TEST_CASE("slack payloads: disconnect says why, only link_disabled is fatal") {
    const auto disconnect = [](const std::string& name) {
        const ParsedEnvelope envelope = parse_fixture(name);
        CHECK(envelope.envelope_id.empty());
        return payload_as<Disconnect>(envelope);
    };
    CHECK(disconnect("disconnect_refresh.json").reason == "refresh_requested");
    CHECK_FALSE(disconnect("disconnect_refresh.json").is_fatal());
    CHECK(disconnect("disconnect_refresh.json").host == "applink-7fc4fdbb64-4x5xq");
    CHECK(disconnect("disconnect_warning.json").reason == "warning");
    CHECK_FALSE(disconnect("disconnect_warning.json").is_fatal());
    CHECK(disconnect("disconnect_link_disabled.json").is_fatal());
}

TEST_CASE("slack payloads: a slash command becomes a Command named after it") {
    const ParsedEnvelope envelope = parse_fixture("slash_command.json");
    CHECK(envelope.envelope_id == "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545");
    CHECK(envelope.accepts_response_payload);
    const SlashCommand& slash = payload_as<SlashCommand>(envelope);
    CHECK(slash.response_url.starts_with("https://hooks.slack.com/commands/"));
    CHECK(slash.channel_name == "social-team");
    CHECK(slash.team_id == "T061EG9R6");

    const bot::Command command = to_command(slash, k_now);
    CHECK(command.event_id == "slack:cmd:13345224609.738474920.8088930838d88f008e0");
    CHECK(command.name == "idea");
    CHECK(command.text ==
          R"(add "Behind the scenes" at the fair #event & more https://example.org/fair)");
    CHECK(command.user.key() == "slack:U024BE7LH");
    CHECK(command.user.display_name == "alice");
    CHECK(command.place.platform == "slack");
    CHECK(command.place.conversation == "C0TEAM0001");
    CHECK(command.place.thread.empty());
    CHECK_FALSE(command.place.is_direct);
    CHECK(command.received_at == k_now);
    CHECK(command.args.empty());
}

TEST_CASE("slack payloads: /onevoice keeps its name, and a direct conversation is direct") {
    const bot::Command command =
        to_command(payload_as<SlashCommand>(parse_fixture("slash_command_onevoice.json")), k_now);
    CHECK(command.name == "onevoice");
    CHECK(command.text == "idea list");
    CHECK(command.place.conversation == "D0ALICE001");
    CHECK(command.place.is_direct);
}

TEST_CASE("slack payloads: a mention becomes a Command without the bot's mention") {
    const ParsedEnvelope envelope = parse_fixture("events_app_mention.json");
    CHECK(envelope.envelope_id == "57d6a792-4d35-4d0b-b6aa-3361493e1caf");
    CHECK(envelope.retry_attempt == 0);
    const auto command = event_command(envelope);
    REQUIRE(command);
    CHECK(command->event_id == "slack:Ev0MENTION01");
    // Other users stay mentions the router can read; <!here> becomes inert text.
    CHECK(command->text == "idea add Launch teaser with <@U0BOB0002> & @here");
    CHECK(command->name.empty());
    CHECK(command->user.key() == "slack:U024BE7LH");
    CHECK(command->place.conversation == "C0TEAM0001");
    CHECK(command->place.thread.empty()); // answered in the channel, not in a new thread
    CHECK_FALSE(command->place.is_direct);
    CHECK(command->received_at == k_now);
}

TEST_CASE("slack payloads: a mention in a thread is answered in that thread") {
    const auto command = event_command(parse_fixture("events_app_mention_thread.json"));
    REQUIRE(command);
    CHECK(command->text == "handover legal Can we say this?");
    CHECK(command->place.thread == "1699999000.000200");
}

TEST_CASE("slack payloads: the bot's mention is removed only at the start") {
    const auto with_text = [](const std::string& text) {
        const auto command = event_command(parse_edited(
            "events_app_mention.json", [&](json& j) { j["payload"]["event"]["text"] = text; }));
        REQUIRE(command);
        return command->text;
    };
    CHECK(with_text("  <@U0BOT1V0C|onevoice>,  team") == "team");
    CHECK(with_text("<@U0BOT1V0C>") == "");
    CHECK(with_text("<@U0BOT1V0CX> team") == "<@U0BOT1V0CX> team");
    CHECK(with_text("team <@U0BOT1V0C>") == "team <@U0BOT1V0C>");
}

TEST_CASE("slack payloads: a direct message becomes a Command as typed") {
    const auto command = event_command(parse_fixture("events_message_im.json"));
    REQUIRE(command);
    CHECK(command->event_id == "slack:Ev0DIRECT001");
    CHECK(command->text == "idea add Photo from the booth <3 https://example.org/booth.jpg");
    CHECK(command->place.conversation == "D0ALICE001");
    CHECK(command->place.is_direct);
    CHECK(command->place.thread.empty());
}

TEST_CASE("slack payloads: a retried event has a new envelope id but the same event id") {
    const ParsedEnvelope first = parse_fixture("events_message_im.json");
    const ParsedEnvelope retry = parse_fixture("events_retry.json");
    CHECK(retry.retry_attempt == 1);
    CHECK(retry.retry_reason == "timeout");
    CHECK(retry.envelope_id != first.envelope_id);
    const auto original = event_command(first);
    const auto again = event_command(retry);
    REQUIRE(original);
    REQUIRE(again);
    CHECK(again->event_id == original->event_id);
    CHECK(again->text == original->text);
}

TEST_CASE("slack payloads: events that are not commands are ignored") {
    const auto ignored = [](const ParsedEnvelope& envelope) {
        return !event_command(envelope).has_value();
    };
    SUBCASE("the bot's own message") {
        CHECK(ignored(parse_fixture("events_message_own.json")));
    }
    SUBCASE("another bot's message") {
        CHECK(ignored(parse_fixture("events_message_bot.json")));
    }
    SUBCASE("an edit") {
        CHECK(ignored(parse_fixture("events_message_edited.json")));
    }
    SUBCASE("a message with an edited mark") {
        CHECK(ignored(parse_edited("events_message_im.json", [](json& j) {
            j["payload"]["event"]["edited"] = {{"user", "U024BE7LH"}, {"ts", "1700000209.0"}};
        })));
    }
    SUBCASE("any other subtype") {
        CHECK(ignored(parse_edited("events_message_im.json", [](json& j) {
            j["payload"]["event"]["subtype"] = "me_message";
        })));
    }
    SUBCASE("a message in a channel (commands there come as mentions)") {
        CHECK(ignored(parse_fixture("events_message_channel.json")));
    }
    SUBCASE("a mention in a direct conversation (the message event counts there)") {
        CHECK(ignored(parse_edited("events_app_mention.json", [](json& j) {
            j["payload"]["event"]["channel"] = "D0ALICE001";
        })));
    }
    SUBCASE("a mention written by a bot") {
        CHECK(ignored(parse_edited("events_app_mention.json", [](json& j) {
            j["payload"]["event"]["bot_id"] = "B0DEPLOY01";
        })));
    }
    SUBCASE("another event type") {
        CHECK(ignored(parse_fixture("events_reaction_added.json")));
    }
}

TEST_CASE("slack payloads: a button press becomes one Action per pressed element") {
    const ParsedEnvelope envelope = parse_fixture("block_actions.json");
    CHECK(envelope.type == "interactive");
    const BlockActions& payload = payload_as<BlockActions>(envelope);
    CHECK(payload.response_url.starts_with("https://hooks.slack.com/actions/"));
    const std::vector<bot::Action> actions = to_actions(payload, k_now);
    REQUIRE(actions.size() == 1);
    const bot::Action& action = actions.front();
    CHECK(action.event_id == "slack:act:1700000123.456789:idea.vote");
    CHECK(action.action_id == "idea.vote");
    CHECK(action.value == "idea vote 12");
    CHECK(action.user.key() == "slack:U024BE7LH");
    CHECK(action.user.display_name == "alice");
    CHECK(action.place.conversation == "C0TEAM0001");
    CHECK(action.place.thread == "1700000000.000100");
    CHECK_FALSE(action.place.is_direct);
    CHECK(action.source_message == "1700000100.000300");
    CHECK(action.received_at == k_now);
}

TEST_CASE("slack payloads: a button press falls back to the message and container fields") {
    const ParsedEnvelope envelope = parse_edited("block_actions.json", [](json& j) {
        json& payload = j["payload"];
        payload.erase("channel");
        payload["container"].erase("thread_ts");
        payload["user"].erase("username");
    });
    const auto actions = to_actions(payload_as<BlockActions>(envelope), k_now);
    REQUIRE(actions.size() == 1);
    CHECK(actions.front().place.conversation == "C0TEAM0001");  // container.channel_id
    CHECK(actions.front().place.thread == "1700000000.000100"); // message.thread_ts
    CHECK(actions.front().user.display_name == "alice");        // user.name
}

TEST_CASE("slack payloads: unknown types are reported with their envelope id for the ack") {
    const ParsedEnvelope unknown = parse_fixture("unknown_type.json");
    CHECK(unknown.envelope_id == "18d3ee3f-ffff-4f1c-9f4e-3c2b1a0d9e8f");
    CHECK(payload_as<Unknown>(unknown).type == "future_feature");
    CHECK(payload_as<Unknown>(parse_fixture("interactive_view_submission.json")).type ==
          "interactive:view_submission");
    const ParsedEnvelope limited = parse_fixture("events_rate_limited.json");
    CHECK(payload_as<Unknown>(limited).type == "events_api:app_rate_limited");
    CHECK_FALSE(limited.envelope_id.empty());
}

TEST_CASE("slack payloads: malformed input never throws and keeps the envelope id it could read") {
    const auto malformed = [](const ParsedEnvelope& envelope) {
        const auto* error = std::get_if<Malformed>(&envelope.payload);
        REQUIRE_MESSAGE(error, "expected Malformed for type " << envelope.type);
        CHECK_FALSE(error->error.empty());
        return *error;
    };
    SUBCASE("not JSON") {
        const ParsedEnvelope envelope = parse_fixture("malformed_not_json.json");
        CHECK(envelope.envelope_id.empty());
        CHECK(malformed(envelope).error == "not JSON");
        CHECK(malformed(parse_envelope("")).error == "not JSON");
        CHECK(malformed(parse_envelope("{\"type\": \"hello\xff\"}")).error == "not JSON");
    }
    SUBCASE("not an object") {
        CHECK(malformed(parse_fixture("malformed_array.json")).error == "not a JSON object");
        CHECK(malformed(parse_envelope("null")).error == "not a JSON object");
        CHECK(malformed(parse_envelope(std::string(1000, '[') + std::string(1000, ']'))).error ==
              "not a JSON object");
    }
    SUBCASE("no type") {
        const ParsedEnvelope envelope = parse_fixture("malformed_missing_type.json");
        CHECK(envelope.envelope_id == "29e4ff40-0101-4f1c-9f4e-3c2b1a0d9e8f");
        malformed(envelope);
        malformed(parse_envelope(R"({"type": 5})"));
    }
    SUBCASE("a slash command without its user") {
        const ParsedEnvelope envelope = parse_fixture("malformed_slash_missing_user.json");
        CHECK(envelope.envelope_id == "a8b1d0c2-0000-4f94-bfb4-133d0e6c1545");
        CHECK(malformed(envelope).error == R"(slash_commands: missing field "user_id")");
    }
    SUBCASE("an event callback without its event") {
        const ParsedEnvelope envelope = parse_fixture("malformed_events_missing_event.json");
        CHECK_FALSE(envelope.envelope_id.empty());
        CHECK(malformed(envelope).error == R"(events_api: missing object "event")");
    }
    SUBCASE("a mention without its author") {
        malformed(parse_edited("events_app_mention.json",
                               [](json& j) { j["payload"]["event"].erase("user"); }));
    }
    SUBCASE("a button press without actions or with a broken one") {
        malformed(parse_fixture("malformed_block_actions_no_actions.json"));
        malformed(parse_edited("block_actions.json",
                               [](json& j) { j["payload"]["actions"][0]["action_id"] = 5; }));
        malformed(parse_edited("block_actions.json", [](json& j) {
            j["payload"].erase("channel");
            j["payload"].erase("container");
        }));
    }
    SUBCASE("an envelope that needs an id but has none") {
        malformed(parse_edited("slash_command.json", [](json& j) { j.erase("envelope_id"); }));
    }
    SUBCASE("a disconnect without a reason") {
        malformed(parse_envelope(R"({"type": "disconnect"})"));
    }
}

// Issue #17, circles: the author's workspace as each payload names it (circles.hpp decides).
TEST_CASE("slack payloads: a slash command names the workspace and Grid it was typed in") {
    CHECK(payload_as<SlashCommand>(parse_fixture("slash_command.json")).enterprise_id.empty());
    // The envelope owns the payload: it must outlive the reference.
    const ParsedEnvelope envelope = parse_edited("slash_command.json", [](json& j) {
        j["payload"]["team_id"] = "T0GRIDTWO";
        j["payload"]["enterprise_id"] = "E0EXAMPLE";
        j["payload"]["is_enterprise_install"] = "false";
    });
    const SlashCommand& grid = payload_as<SlashCommand>(envelope);
    CHECK(grid.team_id == "T0GRIDTWO");
    CHECK(grid.enterprise_id == "E0EXAMPLE");
}

TEST_CASE("slack payloads: a message's author team is user_team, else team") {
    SUBCASE("a member: team only") {
        const ParsedEnvelope envelope = parse_fixture("events_app_mention.json");
        const EventCallback& callback = payload_as<EventCallback>(envelope);
        CHECK(callback.event.team == "T061EG9R6");
        CHECK(callback.event.user_team.empty());
        CHECK(callback.event.author_team() == "T061EG9R6");
        CHECK(callback.enterprise_id.empty());
    }
    SUBCASE("Slack Connect: user_team and source_team name the author's workspace") {
        const ParsedEnvelope envelope = parse_edited("events_app_mention.json", [](json& j) {
            json& event = j["payload"]["event"];
            event["team"] = "T061EG9R6";
            event["user_team"] = "T0CUSTOMER";
            event["source_team"] = "T0CUSTOMER";
            j["payload"]["is_ext_shared_channel"] = true;
            j["payload"]["enterprise_id"] = "E0EXAMPLE";
        });
        const EventCallback& callback = payload_as<EventCallback>(envelope);
        CHECK(callback.event.author_team() == "T0CUSTOMER");
        CHECK(callback.event.source_team == "T0CUSTOMER");
        // The envelope's ids are the receiving installation's, never the author's.
        CHECK(callback.team_id == "T061EG9R6");
        CHECK(callback.enterprise_id == "E0EXAMPLE");
    }
    SUBCASE("an old shape without any team") {
        const ParsedEnvelope envelope = parse_edited(
            "events_app_mention.json", [](json& j) { j["payload"]["event"].erase("team"); });
        CHECK(payload_as<EventCallback>(envelope).event.author_team().empty());
    }
}

TEST_CASE("slack payloads: a button press names the presser's team, else the payload's") {
    CHECK(payload_as<BlockActions>(parse_fixture("block_actions.json")).team_id == "T061EG9R6");
    const ParsedEnvelope other = parse_edited(
        "block_actions.json", [](json& j) { j["payload"]["user"]["team_id"] = "T0CUSTOMER"; });
    CHECK(payload_as<BlockActions>(other).team_id == "T0CUSTOMER");
    const ParsedEnvelope old = parse_edited("block_actions.json", [](json& j) {
        j["payload"]["user"].erase("team_id");
        j["payload"]["team"]["id"] = "T0OLDSHAPE";
    });
    CHECK(payload_as<BlockActions>(old).team_id == "T0OLDSHAPE");
}

TEST_SUITE_END();
