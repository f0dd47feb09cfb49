#include "commands/crisis/crisis_jobs.hpp"

#include "commands/crisis/crisis_notice.hpp"

#include <charconv>

namespace onevoice::commands {
namespace {

std::string job_key(std::int64_t id) {
    return "crisis:" + std::to_string(id) + ":reminder";
}

std::optional<std::int64_t> parse_payload(const std::string& payload) {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(payload.data(), payload.data() + payload.size(), id);
    if (error != std::errc{} || end != payload.data() + payload.size()) {
        return std::nullopt;
    }
    return id;
}

} // namespace

CrisisJobs::CrisisJobs(storage::CrisisStore& crises, storage::JobStore& jobs,
                       const CrisisSettings& settings, const bot::HandlerContext& context)
    : m_crises(crises)
    , m_jobs(jobs)
    , m_settings(settings)
    , m_context(context) {}

void CrisisJobs::register_with(bot::Scheduler& scheduler) {
    scheduler.register_kind(k_reminder, [this](const storage::JobRow& job, bot::TimePoint now) {
        return run_reminder(job, now);
    });
}

void CrisisJobs::schedule(const storage::CrisisRow& crisis) {
    const auto due =
        bot::from_millis(crisis.last_update_at) + m_settings.reminder_for(crisis.severity);
    m_jobs.upsert(job_key(crisis.id), k_reminder, std::to_string(crisis.id), bot::to_millis(due));
}

void CrisisJobs::cancel(std::int64_t id) {
    m_jobs.remove_unique(job_key(id));
}

bot::JobOutcome CrisisJobs::run_reminder(const storage::JobRow& job, bot::TimePoint now) {
    const auto id = parse_payload(job.payload);
    const auto crisis = id ? m_crises.find(*id) : std::nullopt;
    if (!crisis || !crisis->is_active()) {
        return {};
    }
    const std::string id_text = std::to_string(crisis->id);
    bot::Reply reminder;
    if (crisis->lead_key.empty()) {
        // Nobody leads yet: the crisis channel, where the lead roles were
        // alerted, is asked until one of them takes it.
        reminder.place = crisis_place(*crisis);
        reminder.text(m_context.catalog.rich(
            "crisis.no_lead_reminder",
            {bot::plain(id_text), bot::plain(crisis->title),
             m_context.catalog.command("crisis lead " + id_text + " @name")}));
        crisis_mark_drill(reminder, *crisis, m_context);
        return bot::JobOutcome{{std::move(reminder)},
                               now + m_settings.reminder_for(crisis->severity)};
    }
    if (const auto lead = m_context.users.find(crisis->lead_key)) {
        reminder = bot::Reply::direct_to(*lead);
    } else {
        // A lead the bot cannot reach: the crisis channel is reminded instead.
        reminder.place = crisis_place(*crisis);
    }
    reminder.text(m_context.catalog.rich(
        "crisis.reminder", {bot::plain(id_text), bot::plain(crisis->title),
                            bot::plain(crisis_time(crisis->last_update_at, m_context)),
                            m_context.catalog.command("crisis update " + id_text + " <text>")}));
    crisis_mark_drill(reminder, *crisis, m_context);
    // Keeps reminding in the crisis's rhythm until an update moves the job or resolve removes it.
    return bot::JobOutcome{{std::move(reminder)}, now + m_settings.reminder_for(crisis->severity)};
}

} // namespace onevoice::commands
