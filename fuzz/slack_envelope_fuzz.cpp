// libFuzzer target: one Socket Mode websocket frame, as the Slack adapter
// reads it (integrations/slack/payloads): parse_envelope, then the slash
// command, event or block actions turned into the neutral Command or Action.
// Besides crashes and sanitizer findings, the target checks the promises of
// payloads.hpp: parse_envelope never throws (an exception aborts the run), and
// what reaches the router is valid UTF-8, as the JSON it came from was.
#include "bot/text/tokenizer.hpp"
#include "bot/text/utf8.hpp"
#include "integrations/slack/payloads.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

namespace {

using namespace onevoice;
using namespace onevoice::integrations::slack;

void check(bool condition) {
    if (!condition) {
        std::abort(); // libFuzzer keeps the input as a crash
    }
}

void check_command(const bot::Command& command) {
    check(!command.event_id.empty());
    check(bot::is_valid_utf8(command.name));
    check(bot::is_valid_utf8(command.text));
    (void)bot::tokenize(command.text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const ParsedEnvelope envelope = parse_envelope(text);
    check(bot::is_valid_utf8(envelope.envelope_id));
    const bot::TimePoint received = bot::from_millis(1'790'000'000'000);
    if (const auto* slash = std::get_if<SlashCommand>(&envelope.payload)) {
        check_command(to_command(*slash, received));
    } else if (const auto* callback = std::get_if<EventCallback>(&envelope.payload)) {
        const BotIdentity bot{"U0BOT0001", "T0TEAM001"};
        if (const auto command = to_command(*callback, bot, received)) {
            check(command->user.id != bot.user_id);
            check_command(*command);
        }
    } else if (const auto* actions = std::get_if<BlockActions>(&envelope.payload)) {
        const auto pressed = to_actions(*actions, received);
        check(pressed.size() == actions->actions.size());
        for (const bot::Action& action : pressed) {
            check(!action.action_id.empty());
        }
    }
    return 0;
}
