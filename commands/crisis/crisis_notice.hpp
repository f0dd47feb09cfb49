#pragma once

#include "bot/model/model.hpp"
#include "bot/runtime/handler_context.hpp"
#include "storage/crisis_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// How crises look in replies, shared by the commands and the reminder job.
// User text (title, steps, statements, summary) only ever goes into text spans.

// Everything the notice shows.
struct CrisisView {
    storage::CrisisRow crisis;
    std::vector<storage::CrisisStepRow> steps;
    std::optional<storage::CrisisStatementRow> approved;
};

// "crisis:12": the name of the notice message, for later edits.
std::string crisis_anchor(std::int64_t id);
// "crisis:12:room": the copy of the notice in the crisis's own conversation
// (crisis.open_channel), beside which updates are posted too.
std::string crisis_room_anchor(std::int64_t id);
// "sev1".
std::string crisis_severity_name(int severity);
// Where the notice of the crisis went.
bot::Place crisis_place(const storage::CrisisRow& crisis);
// A mention of the person with this user key, or the key as text when unknown.
bot::Span crisis_person(std::string_view user_key, const bot::HandlerContext& context);
// The crisis's lead, or "no lead yet".
bot::Span crisis_lead(const storage::CrisisRow& crisis, const bot::HandlerContext& context);
// An instant on the team's wall clock, localized.
std::string crisis_time(std::int64_t millis, const bot::HandlerContext& context);
// The notice: title, severity, status, who declared it and when, the lead, the
// approved statement, the checklist and, once resolved, the all-clear. Blocks
// only; the caller sets where it goes (posted with an anchor, or an edit).
bot::Reply crisis_notice(const CrisisView& view, const bot::HandlerContext& context);
// Drills are marked in every message: puts "DRILL — a practice run" first.
void crisis_mark_drill(bot::Reply& reply, const storage::CrisisRow& crisis,
                       const bot::HandlerContext& context);
// One line for lists: "#3 SEV1 Title — lead @boss · since 2026-11-18 12:06 · 2/7 steps".
bot::Inline crisis_summary(const CrisisView& view, const bot::HandlerContext& context);

} // namespace onevoice::commands
