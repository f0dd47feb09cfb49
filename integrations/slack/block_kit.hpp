#pragma once

#include "bot/model/model.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>

namespace onevoice::integrations::slack {

// Slack's documented Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
inline constexpr std::size_t k_max_blocks = 50;
inline constexpr std::size_t k_max_section_text = 3000;
inline constexpr std::size_t k_max_fields = 10;
inline constexpr std::size_t k_max_field_text = 2000;
inline constexpr std::size_t k_max_header_text = 150;
inline constexpr std::size_t k_max_buttons = 25;
inline constexpr std::size_t k_max_button_text = 75;
inline constexpr std::size_t k_max_action_id = 255;
inline constexpr std::size_t k_max_button_value = 2000;
// The text of all blocks together: Slack answers msg_blocks_too_long beyond about 12,000
// characters (https://api.slack.com/methods/chat.postMessage#errors).
inline constexpr std::size_t k_max_blocks_text = 12000;
// chat.postMessage: "text" should stay under 4,000 characters.
inline constexpr std::size_t k_max_fallback_text = 4000;

// Renders a reply as the body of chat.postMessage / chat.update /
// chat.postEphemeral: {"blocks": [...], "text": fallback}. The fallback is the
// plain-text rendering, escaped and cut to k_max_fallback_text. Every block
// type is rendered; content over a limit is split over several blocks, and
// what would exceed k_max_blocks is folded into a last section, never dropped
// silently. Empty blocks (no text, no buttons) are left out, since Slack
// rejects them. Pure function. The caller includes <nlohmann/json.hpp>.
nlohmann::json render(const bot::Reply& reply);

// The notification text of `reply` alone (the "text" of render()).
std::string fallback_text(const bot::Reply& reply);

} // namespace onevoice::integrations::slack
