#pragma once

#include "bot/model/model.hpp"
#include "bot/runtime/handler_context.hpp"
#include "storage/idea_store.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace onevoice::commands {

// How ideas look in replies, shared by the commands and the weekly nudge.

// The localized name of a workflow status ("approved" -> "freigegeben").
std::string status_label(std::string_view status, const bot::Catalog& catalog);
// A mention of the person with this user key, or the key as text when unknown.
bot::Span person(std::string_view user_key, const bot::HandlerContext& context);
// The idea's text with its links as link spans (user text stays text).
bot::Inline idea_body(std::string_view text);
// "2026-11-20 09:30 · facebook, blog" (German: "20.11.2026, 09:30 Uhr · …"); "" if unplanned.
std::string schedule_text(const storage::IdeaRow& idea, const bot::HandlerContext& context);
// The Vote button that runs `idea vote <id>`.
bot::Button vote_button(std::int64_t id, const bot::Catalog& catalog);
// The full card: heading with the id, text, status, votes, tags, people, plan, Vote button.
bot::Reply idea_card(const storage::IdeaRow& idea, const bot::HandlerContext& context);
// One line for lists: "#12 Title — 3 votes · approved · #event".
bot::Inline idea_summary(const storage::IdeaRow& idea, const bot::HandlerContext& context);

} // namespace onevoice::commands
