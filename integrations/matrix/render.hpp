#pragma once

#include "bot/model/model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace onevoice::integrations::matrix {

// The Unicode emoji for a Slack-style short name ("+1" → 👍,
// "white_check_mark" → ✅); empty when unknown.
std::string emoji_for(std::string_view short_name);

// The reaction that presses `button` of `reply` when a user adds it to the
// message (Matrix has no buttons): 👍 for a vote, ✅ to accept or approve, ❌
// to decline or reject, chosen by the button's action id; empty: none, also
// when another button of the reply has the same one (a 👍 on the weekly
// nudge could not say which idea it votes for).
std::string reaction_for(const bot::Reply& reply, const bot::Button& button);

// The m.room.message content of a reply: an m.notice with a plain-text
// `body` and an HTML `formatted_body` (org.matrix.custom.html). User text is
// escaped in both; "@room" in the body cannot notify the room, and
// `m.mentions` names only the users the reply mentions (intentional
// mentions, spec v1.7). Buttons are shown as the commands that do the same,
// with `prefix` ("!idea vote 12"), and their reaction if they have one (reaction_for).
nlohmann::json render_message(const bot::Reply& reply, std::string_view prefix);

// `content` as an edit (m.replace) of `original`: the new content in
// m.new_content, a "* " fallback outside (spec "Event replacements").
nlohmann::json as_edit(const nlohmann::json& content, const std::string& original);

// `content` inside the thread rooted at `root` (m.thread, with the reply
// fallback for clients without threads).
nlohmann::json in_thread(nlohmann::json content, const std::string& root);

// An m.annotation reaction with `key` on `target`.
nlohmann::json reaction_content(const std::string& target, const std::string& key);

// The m.file message for an uploaded attachment at `mxc_uri`.
nlohmann::json file_content(const bot::Attachment& attachment, const std::string& mxc_uri);

} // namespace onevoice::integrations::matrix
