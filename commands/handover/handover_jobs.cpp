#include "commands/handover/handover_jobs.hpp"

#include "commands/handover/handover_card.hpp"

#include <charconv>

namespace onevoice::commands {
namespace {

std::string job_key(std::int64_t id, const char* what) {
    return "handover:" + std::to_string(id) + ":" + what;
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

HandoverJobs::HandoverJobs(storage::HandoverStore& handovers, storage::JobStore& jobs,
                           HandoverRouting& routing, bot::Availability& availability,
                           const HandoverSettings& settings, const bot::HandlerContext& context)
    : m_handovers(handovers)
    , m_jobs(jobs)
    , m_routing(routing)
    , m_availability(availability)
    , m_settings(settings)
    , m_context(context) {}

void HandoverJobs::register_with(bot::Scheduler& scheduler) {
    scheduler.register_kind(k_half, [this](const storage::JobRow& job, bot::TimePoint now) {
        return run_half(job, now);
    });
    scheduler.register_kind(k_due, [this](const storage::JobRow& job, bot::TimePoint now) {
        return run_due(job, now);
    });
    scheduler.register_kind(k_replied, [this](const storage::JobRow& job, bot::TimePoint now) {
        return run_replied(job, now);
    });
}

void HandoverJobs::schedule_deadline(const storage::HandoverRow& handover) {
    const std::string payload = std::to_string(handover.id);
    const auto half = handover.created_at + (handover.due_at - handover.created_at) / 2;
    // Half of the counted (business) time; should the settings have changed so
    // that they no longer give the stored due time, the plain midpoint stands in.
    const Deadline deadline = deadline_for(bot::from_millis(handover.created_at), handover.topic,
                                           m_settings, m_context.zone);
    const auto half_at =
        bot::to_millis(deadline.due) == handover.due_at ? bot::to_millis(deadline.half) : half;
    m_jobs.upsert(job_key(handover.id, "half"), k_half, payload, half_at);
    m_jobs.upsert(job_key(handover.id, "due"), k_due, payload, handover.due_at);
}

void HandoverJobs::schedule_replied(const storage::HandoverRow& handover, bot::TimePoint now) {
    m_jobs.upsert(job_key(handover.id, "replied"), k_replied, std::to_string(handover.id),
                  bot::to_millis(now + m_settings.replied_reminder));
}

void HandoverJobs::cancel(std::int64_t id) {
    for (const char* what : {"half", "due", "replied"}) {
        m_jobs.remove_unique(job_key(id, what));
    }
}

std::optional<storage::HandoverRow> HandoverJobs::handover_of(const storage::JobRow& job) {
    const auto id = parse_payload(job.payload);
    return id ? m_handovers.find(*id) : std::nullopt;
}

bot::JobOutcome HandoverJobs::run_half(const storage::JobRow& job, bot::TimePoint) {
    const auto handover = handover_of(job);
    // Only a handover still waiting for its first response needs the nudge.
    if (!handover || handover->status != "open") {
        return {};
    }
    const auto user = m_context.users.find(handover->assignee_key);
    if (!user) {
        return {};
    }
    bot::Reply reminder = bot::Reply::direct_to(*user);
    reminder.text(m_context.catalog.rich("handover.half_time",
                                         {bot::plain(std::to_string(handover->id)),
                                          bot::plain(handover_time(handover->due_at, m_context))}));
    bot::Reply card = handover_card(*handover, m_context);
    for (bot::Block& block : card.blocks) {
        reminder.blocks.push_back(std::move(block));
    }
    return bot::JobOutcome{{std::move(reminder)}, std::nullopt};
}

bot::UserRef HandoverJobs::escalation_target(const storage::HandoverRow& handover,
                                             bot::LocalDate today) {
    std::optional<bot::UserRef> target;
    if (const auto assignee = m_context.users.find(handover.assignee_key)) {
        if (m_availability.is_away(assignee->key(), today)) {
            if (auto stand_in = m_routing.for_person(*assignee, today)) {
                target = stand_in->user;
            }
        } else {
            target = m_routing.manager(today, {});
        }
    }
    if (!target || target->key() == handover.assignee_key) {
        target = m_context.users.find(handover.requester_key);
    }
    return target ? *target : bot::UserRef{};
}

bot::JobOutcome HandoverJobs::run_due(const storage::JobRow& job, bot::TimePoint now) {
    auto handover = handover_of(job);
    if (!handover || handover->status != "open") {
        return {};
    }
    handover->overdue_at = bot::to_millis(now);
    m_handovers.update(*handover);
    const bot::UserRef target = escalation_target(*handover, m_context.zone.date_of(now));
    m_handovers.add_event(handover->id, "bot", "escalated", bot::mention_text(target.name()),
                          bot::to_millis(now));
    const auto& catalog = m_context.catalog;
    const std::string id = std::to_string(handover->id);
    const std::string since = handover_time(handover->due_at, m_context);
    bot::JobOutcome outcome;
    if (!target.id.empty()) {
        bot::Reply escalation = bot::Reply::direct_to(target);
        escalation.heading(catalog.text("handover.overdue_heading", {id}));
        escalation.text(catalog.rich("handover.escalated",
                                     {bot::plain(id), bot::plain(since),
                                      handover_person(handover->assignee_key, m_context),
                                      handover_person(handover->requester_key, m_context)}));
        escalation.text(bot::Inline{bot::plain(handover->question)});
        escalation.context(catalog.rich("handover.escalated_hint",
                                        {catalog.command("handover reassign " + id + " @user")}));
        outcome.replies.push_back(std::move(escalation));
    }
    if (const auto assignee = m_context.users.find(handover->assignee_key);
        assignee && !(*assignee == target)) {
        outcome.replies.push_back(bot::Reply::direct_to(*assignee).text(catalog.rich(
            "handover.overdue_you", {bot::plain(id), bot::plain(since), bot::mention(target)})));
    }
    return outcome;
}

bot::JobOutcome HandoverJobs::run_replied(const storage::JobRow& job, bot::TimePoint now) {
    const auto handover = handover_of(job);
    if (!handover || handover->status != "answered") {
        return {};
    }
    const auto requester = m_context.users.find(handover->requester_key);
    if (!requester) {
        return {};
    }
    const std::string id = std::to_string(handover->id);
    bot::Reply reminder = bot::Reply::direct_to(*requester);
    reminder.text(m_context.catalog.rich(
        "handover.reply_reminder",
        {bot::plain(id), bot::plain(handover_time(handover->answered_at.value_or(0), m_context)),
         m_context.catalog.command("handover replied " + id + " [link]")}));
    // Keeps reminding while the customer still waits for the public reply.
    return bot::JobOutcome{{std::move(reminder)}, now + m_settings.replied_reminder};
}

} // namespace onevoice::commands
