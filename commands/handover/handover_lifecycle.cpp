// accept, decline, answer, replied, reassign and close: the life of a handover.
#include "bot/model/errors.hpp"
#include "commands/handover/handover_card.hpp"
#include "commands/handover/handover_commands.hpp"

#include <set>

namespace onevoice::commands {
namespace {

constexpr std::size_t k_max_reason = 500;
constexpr std::size_t k_max_link = 500;

} // namespace

std::vector<bot::Reply> HandoverCommands::accept(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::HandoverRow handover = require(invocation);
    const std::string id = std::to_string(handover.id);
    // Accepting means "I will answer this": only the assignee can promise that.
    if (invocation.user().key() != handover.assignee_key) {
        throw bot::PermissionError(catalog.text("handover.accept_not_yours", {id}));
    }
    if (handover.status != "open") {
        throw bot::UsageError(catalog.text("handover.cannot_accept",
                                           {id, handover_status_label(handover.status, catalog)}));
    }
    handover.status = "accepted";
    handover.first_response_at = now_millis();
    m_handovers.update(handover);
    record(handover.id, invocation, "accepted", "");
    std::vector<bot::Reply> replies{
        bot::Reply::to_requester().text(catalog.rich("handover.accepted_you", {bot::plain(id)}))};
    if (auto requester = m_context.users.find(handover.requester_key);
        requester && !(*requester == invocation.user())) {
        replies.push_back(
            bot::Reply::direct_to(*requester)
                .text(catalog.rich("handover.accepted",
                                   {bot::plain(id), bot::mention(invocation.user())})));
    }
    return replies;
}

std::optional<bot::Availability::Assignee>
HandoverCommands::after_decline(const storage::HandoverRow& handover) {
    // Never back to anyone who declined, nor to whoever asked.
    const auto declined = m_handovers.decliners(handover.id);
    std::set<std::string> excluded(declined.begin(), declined.end());
    excluded.insert(handover.requester_key);
    const bot::LocalDate today = m_context.today();
    if (!handover.topic.empty()) {
        if (auto next = m_routing.for_topic(handover.topic, today, excluded)) {
            return next;
        }
    }
    if (auto boss = m_routing.manager(today, excluded)) {
        return bot::Availability::Assignee{*boss, bot::Availability::Via::manager, std::nullopt};
    }
    return std::nullopt;
}

std::vector<bot::Reply> HandoverCommands::decline(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::HandoverRow handover = require(invocation);
    const std::string id = std::to_string(handover.id);
    if (invocation.user().key() != handover.assignee_key) {
        throw bot::PermissionError(catalog.text("handover.decline_not_yours", {id}));
    }
    if (!handover.is_active()) {
        throw bot::UsageError(catalog.text("handover.cannot_decline",
                                           {id, handover_status_label(handover.status, catalog)}));
    }
    const std::string reason =
        m_context.text_arg(std::span<const std::string>(invocation.args).subspan(1), k_max_reason);
    m_handovers.add_decliner(handover.id, invocation.user().key());
    const std::optional<bot::Availability::Assignee> next = after_decline(handover);
    if (!next) {
        throw bot::UsageError(catalog.text("handover.nobody_left", {id}));
    }
    record(handover.id, invocation, "declined", reason);
    handover.status = "open";
    bot::Reply card = assign(handover, *next, invocation);
    std::vector<bot::Reply> replies{
        bot::Reply::to_requester().text(
            catalog.rich("handover.declined_you", {bot::plain(id), bot::mention(next->user)})),
        std::move(card)};
    if (auto requester = m_context.users.find(handover.requester_key)) {
        bot::Inline text =
            catalog.rich("handover.declined", {bot::plain(id), bot::mention(invocation.user()),
                                               bot::mention(next->user)});
        if (!reason.empty()) {
            text.push_back(bot::plain(" (" + reason + ")"));
        }
        replies.push_back(bot::Reply::direct_to(*requester).text(std::move(text)));
    }
    return replies;
}

std::vector<bot::Reply> HandoverCommands::answer(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::HandoverRow handover = require(invocation);
    const std::string id = std::to_string(handover.id);
    check_may_change(handover, invocation);
    check_not_finished(handover);
    const std::string text = m_context.raw_text_arg(invocation, 1, k_max_text);
    if (text.empty()) {
        // The Answer button lands here: the answer itself has to be typed.
        throw bot::UsageError(
            catalog.text("handover.need_answer", {catalog.command_text("handover answer " + id)}));
    }
    const std::int64_t now = now_millis();
    handover.status = "answered";
    handover.answer = text;
    handover.answered_at = now;
    if (!handover.first_response_at) {
        handover.first_response_at = now;
    }
    m_handovers.update(handover);
    record(handover.id, invocation, "answered", text);
    m_jobs.schedule_replied(handover, m_context.clock.now());

    // Back where the question came from, so the social team replies in context.
    bot::Reply back = bot::Reply::to_place();
    back.place = handover_origin(handover);
    back.heading(catalog.text("handover.answer_heading", {id}));
    back.text(
        catalog.rich("handover.answer_from", {bot::mention(invocation.user()),
                                              handover_person(handover.requester_key, m_context)}));
    back.text(bot::Inline{bot::plain(text)});
    back.context(catalog.rich("handover.answer_hint",
                              {catalog.command("handover replied " + id + " [link]")}));
    std::vector<bot::Reply> replies{std::move(back)};
    if (invocation.command.place.conversation != handover.conversation ||
        invocation.command.place.thread != handover.thread) {
        replies.push_back(bot::Reply::to_requester().text(
            catalog.rich("handover.answer_sent", {bot::plain(id)})));
    }
    return replies;
}

std::vector<bot::Reply> HandoverCommands::replied(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::HandoverRow handover = require(invocation);
    const std::string id = std::to_string(handover.id);
    check_may_change(handover, invocation);
    if (handover.status != "answered") {
        throw bot::UsageError(catalog.text("handover.not_answered",
                                           {id, handover_status_label(handover.status, catalog)}));
    }
    const auto& args = invocation.args;
    if (args.size() > 2) {
        throw bot::UsageError(catalog.text("arg.unexpected", {args[2]}));
    }
    const std::string link =
        args.size() == 2 ? m_context.text_arg(std::span(args).subspan(1), k_max_link) : "";
    handover.status = "done";
    handover.reply_link = link;
    handover.finished_at = now_millis();
    m_handovers.update(handover);
    record(handover.id, invocation, "replied", link);
    m_jobs.cancel(handover.id);
    return {bot::Reply::to_place().text(catalog.rich("handover.done", {bot::plain(id)}))};
}

std::vector<bot::Reply> HandoverCommands::reassign(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::HandoverRow handover = require(invocation);
    const std::string id = std::to_string(handover.id);
    check_may_change(handover, invocation);
    check_not_finished(handover);
    if (invocation.args.size() != 2) {
        throw bot::UsageError(catalog.text("handover.need_id_user"));
    }
    const bot::UserRef user = member_arg(invocation.args[1], invocation);
    if (user.key() == handover.assignee_key) {
        throw bot::UsageError(catalog.text("handover.already_assignee", {id, user.name()}));
    }
    if (handover.status == "accepted") {
        handover.status = "open"; // the new assignee has not responded yet
    }
    bot::Reply card = assign(
        handover, bot::Availability::Assignee{user, bot::Availability::Via::self, std::nullopt},
        invocation);
    std::vector<bot::Reply> replies{bot::Reply::to_place().text(
        catalog.rich("handover.reassigned", {bot::plain(id), bot::mention(user)}))};
    if (!(user == invocation.user())) {
        replies.push_back(std::move(card));
    }
    return replies;
}

std::vector<bot::Reply> HandoverCommands::close(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    storage::HandoverRow handover = require(invocation);
    const std::string id = std::to_string(handover.id);
    check_may_change(handover, invocation);
    check_not_finished(handover);
    if (invocation.args.size() > 1) {
        throw bot::UsageError(catalog.text("arg.unexpected", {invocation.args[1]}));
    }
    handover.status = "closed";
    handover.finished_at = now_millis();
    m_handovers.update(handover);
    record(handover.id, invocation, "closed", "");
    m_jobs.cancel(handover.id);
    return {bot::Reply::to_place().text(catalog.rich("handover.closed", {bot::plain(id)}))};
}

} // namespace onevoice::commands
