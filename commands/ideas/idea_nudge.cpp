#include "commands/ideas/idea_nudge.hpp"

#include "commands/ideas/idea_card.hpp"
#include "commands/ideas/idea_text.hpp"

namespace onevoice::commands {
namespace {

constexpr int k_top_ideas = 3;

} // namespace

IdeaNudge::IdeaNudge(storage::IdeaStore& ideas, const bot::HandlerContext& context,
                     NudgeSettings settings)
    : m_ideas(ideas)
    , m_context(context)
    , m_settings(std::move(settings)) {}

bot::TimePoint IdeaNudge::next_due(bot::TimePoint after) const {
    bot::TimePoint due = m_context.zone.next_daily(after, m_settings.time);
    while (m_context.zone.date_of(due).weekday() != m_settings.weekday) {
        due = m_context.zone.next_daily(due, m_settings.time);
    }
    return due;
}

std::string IdeaNudge::payload() const {
    return std::to_string(m_settings.weekday) + " " + m_settings.time.hhmm() + " " +
           m_settings.place.platform + ":" + m_settings.place.conversation;
}

bot::JobOutcome IdeaNudge::run(bot::TimePoint now) {
    bot::JobOutcome outcome{{}, next_due(now)};
    const int pipeline = m_ideas.count(storage::IdeaFilter{{"approved", "drafting"}, {}, {}});
    if (pipeline >= m_settings.min_pipeline) {
        return outcome;
    }
    const auto& catalog = m_context.catalog;
    bot::Reply nudge = bot::Reply::to_place();
    nudge.place = m_settings.place;
    nudge.heading(catalog.text("idea.nudge_heading"));
    nudge.text(catalog.plural_rich("idea.nudge_text", pipeline,
                                   {bot::plain(std::to_string(pipeline)),
                                    bot::plain(std::to_string(m_settings.min_pipeline))}));
    const auto top = m_ideas.list(storage::IdeaFilter{{"new", "approved"}, {}, {}}, k_top_ideas, 0);
    if (!top.empty()) {
        std::vector<bot::Inline> items;
        std::vector<bot::Button> buttons;
        for (const storage::IdeaRow& idea : top) {
            items.push_back(idea_summary(idea, m_context));
            bot::Button button = vote_button(idea.id, catalog);
            button.label += " #" + std::to_string(idea.id);
            buttons.push_back(std::move(button));
        }
        nudge.context(catalog.rich("idea.nudge_top"));
        nudge.list(std::move(items));
        nudge.buttons(std::move(buttons));
    }
    outcome.replies.push_back(std::move(nudge));
    return outcome;
}

} // namespace onevoice::commands
