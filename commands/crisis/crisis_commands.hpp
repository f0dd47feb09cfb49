#pragma once

#include "bot/runtime/availability.hpp"
#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "commands/crisis/crisis_jobs.hpp"
#include "commands/crisis/crisis_notice.hpp"
#include "storage/calendar_freeze_store.hpp"
#include "storage/crisis_store.hpp"
#include "storage/crisis_template_store.hpp"
#include "storage/team_store.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// Handles `crisis …` (issue #7): declaring a crisis (or a drill) with its
// notice, the crisis team's alerts and the playbook of its severity; working
// the plan (steps, updates, lead, severity, statements and their approval);
// the all-clear; the two-person rule; the calendar freeze; holding-statement
// templates and the report. Writes only through CrisisStore (and the reminder
// job through CrisisJobs), records every change in the crisis's timeline;
// throws UsageError / PermissionError on bad input. Split by subcommand group:
// crisis_commands.cpp (declare, helpers), crisis_setup.cpp (team, lead,
// playbook), crisis_show.cpp (list, show), crisis_plan.cpp (work on an open
// crisis, resolve), crisis_confirm.cpp, crisis_freeze.cpp (pause, resume),
// crisis_templates.cpp and crisis_report.cpp.
class CrisisCommands final : public bot::CommandHandler {
public:
    // The longest title, and the longest update, statement or summary, in characters.
    static constexpr std::size_t k_max_title = 200;
    static constexpr std::size_t k_max_text = 3000;

    CrisisCommands(storage::CrisisStore& crises, storage::CrisisTemplateStore& templates,
                   storage::CalendarFreezeStore& freeze, storage::TeamStore& team,
                   bot::Availability& availability, CrisisJobs& jobs,
                   const CrisisSettings& settings, const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;
    // `crisis declare sev2 <title>` as `by` (a spike alert's "Declare crisis"
    // button), then `first_entry` on the new crisis's timeline.
    std::vector<bot::Reply> declare_with_entry(const bot::Invocation& by, const std::string& title,
                                               const std::string& first_entry);

private:
    std::vector<bot::Reply> declare(const bot::Invocation& invocation);
    std::vector<bot::Reply> list(const bot::Invocation& invocation);
    std::vector<bot::Reply> show(const bot::Invocation& invocation);
    // crisis_plan.cpp
    std::vector<bot::Reply> check(const bot::Invocation& invocation);
    std::vector<bot::Reply> update(const bot::Invocation& invocation);
    std::vector<bot::Reply> lead(const bot::Invocation& invocation);
    std::vector<bot::Reply> severity(const bot::Invocation& invocation);
    std::vector<bot::Reply> statement(const bot::Invocation& invocation);
    std::vector<bot::Reply> approve(const bot::Invocation& invocation);
    std::vector<bot::Reply> resolve(const bot::Invocation& invocation);
    // crisis_confirm.cpp
    std::vector<bot::Reply> confirm(const bot::Invocation& invocation);
    // A post asking a second person to confirm what `crisis.pending` names.
    bot::Reply confirmation_request(const storage::CrisisRow& crisis);
    // crisis_freeze.cpp
    std::vector<bot::Reply> pause(const bot::Invocation& invocation);
    std::vector<bot::Reply> resume(const bot::Invocation& invocation);
    // The ideas scheduled in the next 48 hours with a "Pause all" button; nullopt: none.
    std::optional<bot::Reply> freeze_offer(const storage::CrisisRow& crisis);
    // The ideas the crisis still keeps paused, with a "Resume" button; nullopt: none.
    std::optional<bot::Reply> resume_offer(const storage::CrisisRow& crisis);
    // crisis_templates.cpp
    std::vector<bot::Reply> template_command(const bot::Invocation& invocation);
    // The template named `name` filled in for the crisis; UsageError when unknown.
    std::string filled_template(const storage::CrisisRow& crisis, std::string_view name);
    // crisis_report.cpp
    std::vector<bot::Reply> report(const bot::Invocation& invocation);

    // The effects of a declaration once it stands (at once, or when confirmed):
    // the pinned notice, the alerts to the crisis team, reminders, the freeze offer.
    std::vector<bot::Reply> announce(const storage::CrisisRow& crisis, const bot::UserRef& declarer,
                                     const bot::Place& here);
    // The all-clear once it stands: the crisis resolved with `summary`, given by `by_key`.
    std::vector<bot::Reply> all_clear(storage::CrisisRow crisis, const std::string& by_key,
                                      const std::string& summary);
    // crisis_setup.cpp
    // Opens the checklist: the configured playbook of the severity, else the built-in one.
    void open_playbook(const storage::CrisisRow& crisis);
    // "Crisis team: @boss @bob (cover for @dana)" for the notice.
    bot::Inline team_line(const std::vector<bot::Availability::Assignee>& members) const;
    // The direct message that calls one member of the crisis team.
    bot::Reply alert(const bot::Availability::Assignee& member, const storage::CrisisRow& crisis,
                     const bot::UserRef& declarer) const;
    // True when the user is on the crisis team: a lead role, a configured member, or the lead.
    bool is_on_crisis_team(const bot::Invocation& invocation,
                           const storage::CrisisRow& crisis) const;

    // The crisis named by the first argument; UsageError when missing or unknown.
    storage::CrisisRow require(const bot::Invocation& invocation);
    // As require(), and UsageError when the crisis is resolved.
    storage::CrisisRow require_active(const bot::Invocation& invocation);
    // PermissionError unless the requester has a lead role or leads the crisis.
    void check_may_steer(const storage::CrisisRow& crisis, const bot::Invocation& invocation) const;
    // Argument `index`: "sev1".."sev3" or "stufe1".."stufe3" -> 1..3; nullopt when it is no
    // severity at all; UsageError for a word like "sev4" that looks like one, and a "did you
    // mean" for a near miss like "sevv1".
    std::optional<int> severity_arg(const bot::Invocation& invocation, std::size_t index) const;
    // The words from `first` on as free text; UsageError with `missing_key` when empty.
    std::string text_from(const bot::Invocation& invocation, std::size_t first,
                          std::size_t max_length, std::string_view missing_key) const;
    void record(std::int64_t id, const bot::Invocation& invocation, std::string_view kind,
                std::string_view text);
    CrisisView view_of(const storage::CrisisRow& crisis);
    // The edit of the posted notice, showing the crisis as it is now.
    bot::Reply notice_edit(const storage::CrisisRow& crisis);
    // A new message in the crisis's place, marked when the crisis is a drill.
    bot::Reply to_crisis_place(const storage::CrisisRow& crisis) const;
    // The manager, deputies, community managers and the configured members, each
    // replaced by their stand-in when away; without duplicates.
    std::vector<bot::Availability::Assignee> crisis_team(bot::LocalDate today,
                                                         std::string_view platform);
    // The first manager's stand-in, else a present deputy; nullopt: nobody.
    std::optional<bot::UserRef> first_lead(bot::LocalDate today);
    std::int64_t now_millis() const;

    storage::CrisisStore& m_crises;
    storage::CrisisTemplateStore& m_templates;
    storage::CalendarFreezeStore& m_freeze;
    storage::TeamStore& m_team;
    bot::Availability& m_availability;
    CrisisJobs& m_jobs;
    const CrisisSettings& m_settings;
    const bot::HandlerContext& m_context;
    bot::CommandSpec m_spec;
};

// The catalog entries of `crisis`, English and German.
std::span<const bot::CatalogEntry> crisis_messages();

} // namespace onevoice::commands
