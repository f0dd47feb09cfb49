#pragma once

#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/scheduler.hpp"
#include "commands/listening/digest/digest.hpp"
#include "storage/digest_store.hpp"
#include "storage/event_log.hpp"
#include "storage/job_store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// The daily digest's schedule: the local time and where it goes.
struct DigestSchedule {
    bot::LocalTime time;
    bot::Place place;

    // One line for the settings table and the job payload.
    std::string encode() const;
    static std::optional<DigestSchedule> decode(std::string_view text);
};

// Handles `digest [today|yesterday|<date>]`, `digest schedule HH:MM [#channel]`
// and `digest off` (COMMANDS.md). The schedule lives in the settings table
// (key "digest.schedule") and drives one recurring job (kind and unique key
// "digest") due at the next local HH:MM in the team's time zone, so it keeps
// its wall-clock time across DST changes. The scheduled digest covers the
// previous local day. Throws UsageError on bad input.
class DigestCommands final : public bot::CommandHandler {
public:
    static constexpr const char* k_kind = "digest";
    static constexpr const char* k_setting = "digest.schedule";

    DigestCommands(storage::DigestStore& store, storage::ListenStore& queries,
                   storage::Settings& settings, storage::JobStore& jobs,
                   const bot::HandlerContext& context);
    const bot::CommandSpec& spec() const override { return m_spec; }
    std::vector<bot::Reply> handle(const bot::Invocation& invocation) override;

    // Registers the job kind with the scheduler.
    void register_with(bot::Scheduler& scheduler);
    // The stored schedule, if the digest is on.
    std::optional<DigestSchedule> schedule();
    // The next run strictly after `after` by the stored schedule; nullopt when off.
    std::optional<bot::TimePoint> next_due(bot::TimePoint after);
    // Posts yesterday's digest and comes back the next day; a job left over
    // from a schedule that was turned off ends.
    bot::JobOutcome run(bot::TimePoint now);

private:
    std::vector<bot::Reply> show(const bot::Invocation& invocation);
    std::vector<bot::Reply> set_schedule(const bot::Invocation& invocation);
    std::vector<bot::Reply> off(const bot::Invocation& invocation);
    bot::LocalDate date_arg(std::string_view token) const;
    bot::Place place_arg(std::string_view token, const bot::Place& here) const;

    storage::Settings& m_settings;
    storage::JobStore& m_jobs;
    const bot::HandlerContext& m_context;
    Digest m_digest;
    bot::CommandSpec m_spec;
};

} // namespace onevoice::commands
