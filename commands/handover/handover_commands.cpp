#include "commands/handover/handover_commands.hpp"

#include "bot/model/errors.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/fold.hpp"
#include "commands/handover/handover_card.hpp"

#include <set>

namespace onevoice::commands {

HandoverCommands::HandoverCommands(storage::HandoverStore& handovers, storage::TeamStore& team,
                                   HandoverRouting& routing, HandoverJobs& jobs,
                                   const HandoverSettings& settings,
                                   const bot::HandlerContext& context)
    : m_handovers(handovers)
    , m_team(team)
    , m_routing(routing)
    , m_jobs(jobs)
    , m_settings(settings)
    , m_context(context)
    , m_spec{
          "handover",
          "handover.summary",
          {
              {"create", "handover <topic|@expert> <question...>", "handover.usage.create",
               bot::Access::colleague},
              // Customer questions and answers are for the team only (the trust model).
              {"list", "handover list [open|mine|overdue|all]", "handover.usage.list",
               bot::Access::member},
              {"show", "handover show <id>", "handover.usage.show", bot::Access::member},
              {"accept", "handover accept <id>", "handover.usage.accept", bot::Access::colleague},
              {"decline", "handover decline <id> [reason...]", "handover.usage.decline",
               bot::Access::colleague},
              {"answer", "handover answer <id> <answer...>", "handover.usage.answer",
               bot::Access::colleague},
              {"replied", "handover replied <id> [link]", "handover.usage.replied",
               bot::Access::colleague},
              {"reassign", "handover reassign <id> @user", "handover.usage.reassign",
               bot::Access::colleague},
              {"close", "handover close <id>", "handover.usage.close", bot::Access::colleague},
              {"stats", "handover stats [7d|30d]", "handover.usage.stats", bot::Access::member},
          },
          {"handover billing Can I pay by invoice?", "handover @alice Is the fair booth open?",
           "handover accept 12", "handover answer 12 Yes, invoices are fine.",
           "handover replied 12", "handover list overdue", "handover stats 30d"},
          bot::Fallback{"create", ""}} {}

std::vector<bot::Reply> HandoverCommands::handle(const bot::Invocation& invocation) {
    using Handler = std::vector<bot::Reply> (HandoverCommands::*)(const bot::Invocation&);
    static const std::pair<std::string_view, Handler> k_table[] = {
        {"list", &HandoverCommands::list},         {"show", &HandoverCommands::show},
        {"accept", &HandoverCommands::accept},     {"decline", &HandoverCommands::decline},
        {"answer", &HandoverCommands::answer},     {"replied", &HandoverCommands::replied},
        {"reassign", &HandoverCommands::reassign}, {"close", &HandoverCommands::close},
        {"stats", &HandoverCommands::stats},
    };
    for (const auto& [name, function] : k_table) {
        if (name == invocation.subcommand.name) {
            return (this->*function)(invocation);
        }
    }
    return create(invocation);
}

std::int64_t HandoverCommands::now_millis() const {
    return bot::to_millis(m_context.clock.now());
}

storage::HandoverRow HandoverCommands::require(const bot::Invocation& invocation) {
    if (invocation.args.empty()) {
        throw bot::UsageError(m_context.catalog.text("handover.need_id"));
    }
    const std::int64_t id = m_context.id_arg(invocation.args[0]);
    auto handover = m_handovers.find(id);
    if (!handover) {
        throw bot::UsageError(m_context.catalog.text("handover.unknown_id", {std::to_string(id)}));
    }
    return std::move(*handover);
}

void HandoverCommands::check_may_change(const storage::HandoverRow& handover,
                                        const bot::Invocation& invocation) const {
    const std::string& me = invocation.user().key();
    if (me != handover.assignee_key && me != handover.requester_key && !invocation.is_lead()) {
        throw bot::PermissionError(
            m_context.catalog.text("handover.not_yours", {std::to_string(handover.id)}));
    }
}

void HandoverCommands::check_not_finished(const storage::HandoverRow& handover) const {
    if (handover.is_finished()) {
        throw bot::UsageError(m_context.catalog.text(
            "handover.finished", {std::to_string(handover.id),
                                  handover_status_label(handover.status, m_context.catalog)}));
    }
}

void HandoverCommands::record(std::int64_t id, const bot::Invocation& invocation,
                              std::string_view action, std::string_view detail) {
    m_handovers.add_event(id, invocation.user().key(), action, detail, now_millis());
}

bot::Inline HandoverCommands::assignee_text(const storage::HandoverRow& handover) const {
    bot::Inline text{handover_person(handover.assignee_key, m_context)};
    if (handover.instead_of_key) {
        const bot::Inline cover = m_context.catalog.rich(
            "handover.instead_of", {handover_person(*handover.instead_of_key, m_context)});
        text.insert(text.end(), cover.begin(), cover.end());
    }
    return text;
}

bot::Reply HandoverCommands::assign(storage::HandoverRow& handover,
                                    const bot::Availability::Assignee& to,
                                    const bot::Invocation& invocation) {
    handover.assignee_key = to.user.key();
    handover.instead_of_key =
        to.instead_of ? std::optional<std::string>(to.instead_of->key()) : std::nullopt;
    handover.assigned_at = now_millis();
    m_handovers.update(handover);
    std::string detail = bot::mention_text(to.user.name());
    if (to.instead_of) {
        detail += " (@" + to.instead_of->name() + ")";
    }
    record(handover.id, invocation, "assigned", detail);
    bot::Reply card = handover_card(handover, m_context);
    card.audience = bot::Audience::direct;
    card.recipient = to.user;
    return card;
}

std::string HandoverCommands::known_topics() {
    std::set<std::string> topics;
    for (const storage::ExpertRow& row : m_team.all_experts()) {
        topics.insert(row.topic);
    }
    for (const auto& [topic, target] : m_settings.topic_targets) {
        topics.insert(topic);
    }
    std::string out;
    for (const std::string& topic : topics) {
        out += (out.empty() ? "" : ", ") + topic;
    }
    return out.empty() ? "-" : out;
}

bot::UserRef HandoverCommands::member_arg(std::string_view token,
                                          const bot::Invocation& invocation) {
    bot::UserRef user = m_context.user_arg(token, invocation.command.place.platform);
    if (m_team.roles_of(user.key()).empty()) {
        throw bot::UsageError(m_context.catalog.text("handover.not_member", {user.name()}));
    }
    return user;
}

std::optional<bot::Availability::Assignee>
HandoverCommands::route(const bot::Invocation& invocation, std::string& topic) {
    const std::string& target = invocation.args[0];
    const bot::LocalDate today = m_context.today();
    if (bot::parse_user_token(target, invocation.command.place.platform)) {
        return m_routing.for_person(member_arg(target, invocation), today);
    }
    topic = bot::fold(target);
    if (m_team.experts_for(topic).empty() && !m_settings.topic_targets.contains(topic)) {
        throw bot::UsageError(
            m_context.catalog.text("handover.unknown_topic", {target, known_topics()}));
    }
    return m_routing.for_topic(topic, today);
}

storage::HandoverRow HandoverCommands::open_handover(const bot::Invocation& invocation,
                                                     std::string topic, std::string question) {
    const bot::Place& place = invocation.command.place;
    storage::HandoverRow handover;
    handover.topic = std::move(topic);
    handover.question = std::move(question);
    handover.requester_key = invocation.user().key();
    handover.assignee_key = handover.requester_key;
    handover.platform = place.platform;
    handover.conversation = place.conversation;
    handover.thread = place.thread;
    handover.message = invocation.command.message;
    handover.is_direct = place.is_direct;
    handover.created_at = now_millis();
    handover.assigned_at = handover.created_at;
    handover.due_at = bot::to_millis(
        deadline_for(m_context.clock.now(), handover.topic, m_settings, m_context.zone).due);
    handover.id = m_handovers.add(handover);
    record(handover.id, invocation, "created", handover.topic);
    return handover;
}

std::vector<bot::Reply> HandoverCommands::create(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.empty()) {
        throw bot::UsageError(catalog.text("handover.need_target", {known_topics()}));
    }
    std::string question = m_context.raw_text_arg(invocation, 1, k_max_text);
    if (question.empty()) {
        throw bot::UsageError(catalog.text("handover.need_question"));
    }
    std::string topic;
    const std::optional<bot::Availability::Assignee> to = route(invocation, topic);
    // Nobody is there at all: the requester keeps it rather than losing it.
    const bot::Availability::Assignee assignee =
        to ? *to
           : bot::Availability::Assignee{invocation.user(), bot::Availability::Via::self,
                                         std::nullopt};
    storage::HandoverRow handover = open_handover(invocation, topic, std::move(question));
    bot::Reply card = assign(handover, assignee, invocation);
    m_jobs.schedule_deadline(handover);

    bot::Inline text = catalog.rich("handover.created", {bot::plain(std::to_string(handover.id))});
    const bot::Inline who = assignee_text(handover);
    text.insert(text.end(), who.begin(), who.end());
    const bot::Inline due = catalog.rich("handover.created_due",
                                         {bot::plain(handover_time(handover.due_at, m_context))});
    text.insert(text.end(), due.begin(), due.end());
    std::vector<bot::Reply> replies{bot::Reply::to_place().text(std::move(text))};
    if (!to) {
        replies.push_back(bot::Reply::to_requester().text(catalog.rich("handover.nobody_there")));
    } else if (!(assignee.user == invocation.user())) {
        replies.push_back(std::move(card));
    }
    return replies;
}

} // namespace onevoice::commands
