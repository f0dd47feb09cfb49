#pragma once

#include "bot/model/model.hpp"
#include "bot/runtime/handler_context.hpp"
#include "storage/handover_store.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace onevoice::commands {

// How handovers look in replies, shared by the commands, the deadline jobs and
// the recap. Names carry "handover" where the idea module has the same word.

// A mention of the person with this user key, or the key as text when unknown.
bot::Span handover_person(std::string_view user_key, const bot::HandlerContext& context);
// An instant on the team's wall clock, localized.
std::string handover_time(std::int64_t millis, const bot::HandlerContext& context);
// "open" -> "offen".
std::string handover_status_label(std::string_view status, const bot::Catalog& catalog);
// The topic, or "direct" for a handover addressed to a person.
std::string handover_topic(const storage::HandoverRow& handover, const bot::Catalog& catalog);
// Where the handover started: the answer is posted back there.
bot::Place handover_origin(const storage::HandoverRow& handover);
// "#C0TEAM (thread)", "direct message": where it started, for people to find it.
std::string handover_origin_text(const storage::HandoverRow& handover, const bot::Catalog& catalog);
// The direct message to the assignee: question, who asked, where, due, and the
// Accept / Decline / Answer buttons with their text commands.
bot::Reply handover_card(const storage::HandoverRow& handover, const bot::HandlerContext& context);
// One line for lists: "#12 billing — @bob · open · due 2026-11-18 15:06 · overdue".
bot::Inline handover_summary(const storage::HandoverRow& handover, bot::TimePoint now,
                             const bot::HandlerContext& context);

} // namespace onevoice::commands
