#pragma once

#include "bot/command_handler.hpp"
#include "bot/handler_context.hpp"
#include "commands/availability.hpp"
#include "commands/crisis_jobs.hpp"
#include "commands/crisis_notice.hpp"
#include "storage/crisis_store.hpp"
#include "storage/team_store.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// Handles `crisis …` (issue #7): declaring a crisis with its notice, the
// crisis team's alerts and the default playbook; working the plan (steps,
// updates, lead, severity, statements and their approval); the all-clear.
// Writes only through CrisisStore (and the reminder job through CrisisJobs),
// records every change in the crisis's timeline; throws UsageError /
// PermissionError on bad input. Split over crisis_commands.cpp (declare,
// list, show, helpers) and crisis_plan.cpp (everything on an open crisis).
class CrisisCommands final : public bot::CommandHandler {
public:
    // The longest title, and the longest update, statement or summary, in characters.
    static constexpr std::size_t k_max_title = 200;
    static constexpr std::size_t k_max_text = 3000;

    CrisisCommands(storage::CrisisStore& crises, storage::TeamStore& team,
                   Availability& availability, CrisisJobs& jobs, const CrisisSettings& settings,
                   const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;

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

    // The crisis named by the first argument; UsageError when missing or unknown.
    storage::CrisisRow require(const bot::Invocation& invocation);
    // As require(), and UsageError when the crisis is resolved.
    storage::CrisisRow require_active(const bot::Invocation& invocation);
    // PermissionError unless the requester has a lead role or leads the crisis.
    void check_may_steer(const storage::CrisisRow& crisis, const bot::Invocation& invocation) const;
    // "sev1".."sev3" -> 1..3; nullopt when the token is no severity at all;
    // UsageError for a word like "sev4" that looks like one.
    std::optional<int> severity_arg(std::string_view token) const;
    // The words from `first` on as free text; UsageError with `missing_key` when empty.
    std::string text_from(const bot::Invocation& invocation, std::size_t first,
                          std::size_t max_length, std::string_view missing_key) const;
    void record(std::int64_t id, const bot::Invocation& invocation, std::string_view kind,
                std::string_view text);
    CrisisView view_of(const storage::CrisisRow& crisis);
    // The edit of the posted notice, showing the crisis as it is now.
    bot::Reply notice_edit(const storage::CrisisRow& crisis);
    // A new message in the crisis's place.
    static bot::Reply to_crisis_place(const storage::CrisisRow& crisis);
    // The manager, deputies and community managers, each replaced by their
    // stand-in when away; without duplicates.
    std::vector<Availability::Assignee> crisis_team(bot::LocalDate today);
    // The first manager's stand-in, else a present deputy; nullopt: nobody.
    std::optional<bot::UserRef> first_lead(bot::LocalDate today);
    std::int64_t now_millis() const;

    storage::CrisisStore& m_crises;
    storage::TeamStore& m_team;
    Availability& m_availability;
    CrisisJobs& m_jobs;
    const CrisisSettings& m_settings;
    const bot::HandlerContext& m_context;
    bot::CommandSpec m_spec;
};

// The catalog entries of `crisis`, English and German.
std::span<const bot::CatalogEntry> crisis_messages();

} // namespace onevoice::commands
