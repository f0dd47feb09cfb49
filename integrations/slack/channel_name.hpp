#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onevoice::integrations::slack {

// Slack's limit on channel names (https://api.slack.com/methods/conversations.create#naming).
constexpr std::size_t k_max_channel_name = 80;

// A valid Slack channel name made from a readable one: lowercase letters,
// digits, '-' and '_' only (German umlauts spelled out, "ä" -> "ae"), runs of
// anything else as one '-', at most 80 characters. `attempt` 2, 3... adds
// "-2", "-3"... for when conversations.create answers name_taken. Never empty
// ("onevoice" when nothing of `readable` is left).
std::string channel_name(std::string_view readable, int attempt = 1);

} // namespace onevoice::integrations::slack
