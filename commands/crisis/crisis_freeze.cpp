// The calendar freeze: during a real crisis, cheerful posts scheduled for the
// next 48 hours are paused (`crisis pause`), and resumed after the all-clear
// (`crisis resume`). A paused idea keeps its date and status; `idea plan` marks it.
#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/text/truncate.hpp"
#include "commands/crisis/crisis_commands.hpp"

#include <algorithm>
#include <chrono>

namespace onevoice::commands {
namespace {

constexpr auto k_freeze_window = std::chrono::hours(48);

// "#12 Thu 2026-11-19 10:00 Behind the scenes…" for the freeze and resume lists.
bot::Inline idea_line(std::int64_t id, const std::string& text, const std::string& when) {
    return bot::Inline{bot::strong("#" + std::to_string(id)),
                       bot::plain(when.empty() ? " " : " " + when + " · "),
                       bot::plain(bot::title_line(text, 60))};
}

std::string ids_text(const std::vector<std::int64_t>& ids) {
    std::string out;
    for (const auto id : ids) {
        out += (out.empty() ? "#" : ", #") + std::to_string(id);
    }
    return out;
}

// Every scheduled idea due from now to 48 hours on; all-day ideas count by their date.
std::vector<storage::CrisisIdeaRow> ideas_in_window(storage::CalendarFreezeStore& freeze,
                                                    const bot::HandlerContext& context) {
    const bot::TimePoint now = context.clock.now();
    const bot::TimePoint until = now + k_freeze_window;
    const bot::LocalDate first = context.zone.date_of(now);
    const bot::LocalDate last = context.zone.date_of(until);
    std::vector<storage::CrisisIdeaRow> ideas;
    for (auto& idea : freeze.scheduled_ideas(first.iso(), last.iso())) {
        const auto date = bot::LocalDate::from_iso(idea.scheduled_on);
        const auto time = bot::parse_time(idea.scheduled_time.value_or(""));
        if (date && time) {
            const bot::TimePoint at = context.zone.at(*date, *time);
            if (at < now || at > until) {
                continue;
            }
        }
        ideas.push_back(std::move(idea));
    }
    return ideas;
}

std::string when_text(const storage::CrisisIdeaRow& idea, const bot::HandlerContext& context) {
    const auto date = bot::LocalDate::from_iso(idea.scheduled_on);
    const auto time = bot::parse_time(idea.scheduled_time.value_or(""));
    std::string out = date ? context.date_text(*date) : idea.scheduled_on;
    if (time) {
        out += " " + bot::format_time(*time, context.locale());
    }
    return out;
}

} // namespace

std::optional<bot::Reply> CrisisCommands::freeze_offer(const storage::CrisisRow& crisis) {
    // A drill must never touch the real editorial plan.
    if (crisis.is_drill) {
        return std::nullopt;
    }
    const auto ideas = ideas_in_window(m_freeze, m_context);
    if (ideas.empty()) {
        return std::nullopt;
    }
    const auto& catalog = m_context.catalog;
    const std::string id = std::to_string(crisis.id);
    bot::Reply post = to_crisis_place(crisis);
    post.heading(catalog.text("crisis.freeze_heading", {std::to_string(ideas.size())}));
    std::vector<bot::Inline> lines;
    for (const auto& idea : ideas) {
        lines.push_back(idea_line(idea.id, idea.text, when_text(idea, m_context)));
    }
    post.list(std::move(lines));
    post.buttons({bot::Button{catalog.text("crisis.pause_button"), "crisis.pause",
                              "crisis pause " + id, bot::ButtonStyle::primary}});
    post.context(
        catalog.rich("crisis.freeze_hint", {catalog.command("crisis pause " + id + " <idea>")}));
    return post;
}

std::optional<bot::Reply> CrisisCommands::resume_offer(const storage::CrisisRow& crisis) {
    std::vector<bot::Inline> lines;
    for (const auto& pause : m_freeze.pauses(crisis.id)) {
        if (pause.is_paused()) {
            lines.push_back(idea_line(pause.idea_id, pause.text, ""));
        }
    }
    if (lines.empty()) {
        return std::nullopt;
    }
    const auto& catalog = m_context.catalog;
    const std::string id = std::to_string(crisis.id);
    bot::Reply post = to_crisis_place(crisis);
    post.text(catalog.plural_rich("crisis.resume_offer", static_cast<std::int64_t>(lines.size()),
                                  {bot::plain(std::to_string(lines.size()))}));
    post.list(std::move(lines));
    post.buttons({bot::Button{catalog.text("crisis.resume_button"), "crisis.resume",
                              "crisis resume " + id, bot::ButtonStyle::primary}});
    return post;
}

std::vector<bot::Reply> CrisisCommands::pause(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const storage::CrisisRow crisis = require_active(invocation);
    const std::string id = std::to_string(crisis.id);
    if (crisis.is_drill) {
        throw bot::UsageError(catalog.text("crisis.drill_no_pause", {id}));
    }
    check_may_steer(crisis, invocation);
    std::vector<storage::CrisisIdeaRow> chosen;
    if (invocation.args.size() == 1) {
        for (auto& idea : ideas_in_window(m_freeze, m_context)) {
            if (!idea.paused_by) {
                chosen.push_back(std::move(idea));
            }
        }
    }
    for (std::size_t i = 1; i < invocation.args.size(); ++i) {
        const std::int64_t idea_id = m_context.id_arg(invocation.args[i]);
        auto idea = m_freeze.find_idea(idea_id);
        if (!idea) {
            throw bot::UsageError(catalog.text("crisis.unknown_idea", {invocation.args[i]}));
        }
        if (idea->status != "scheduled") {
            throw bot::UsageError(catalog.text("crisis.idea_not_scheduled", {invocation.args[i]}));
        }
        if (std::none_of(chosen.begin(), chosen.end(),
                         [&](const auto& c) { return c.id == idea_id; })) {
            chosen.push_back(std::move(*idea));
        }
    }
    std::vector<std::int64_t> paused;
    for (const auto& idea : chosen) {
        if (idea.paused_by == crisis.id) {
            continue;
        }
        m_freeze.pause_idea(crisis.id, idea.id, invocation.user().key(), now_millis());
        record(crisis.id, invocation, "paused",
               "#" + std::to_string(idea.id) + " " + bot::title_line(idea.text, 60));
        paused.push_back(idea.id);
    }
    if (paused.empty()) {
        return {bot::Reply::to_requester().text(
            catalog.rich("crisis.nothing_to_pause", {bot::plain(id)}))};
    }
    bot::Reply post = to_crisis_place(crisis);
    post.text(catalog.rich("crisis.paused", {bot::plain(ids_text(paused)), bot::plain(id),
                                             bot::mention(invocation.user())}));
    return {std::move(post)};
}

std::vector<bot::Reply> CrisisCommands::resume(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    // Resuming is what the all-clear offers, so a resolved crisis is fine here.
    const storage::CrisisRow crisis = require(invocation);
    const std::string id = std::to_string(crisis.id);
    check_may_steer(crisis, invocation);
    std::vector<std::int64_t> still_paused;
    for (const auto& pause : m_freeze.pauses(crisis.id)) {
        if (pause.is_paused()) {
            still_paused.push_back(pause.idea_id);
        }
    }
    std::vector<std::int64_t> chosen;
    for (std::size_t i = 1; i < invocation.args.size(); ++i) {
        const std::int64_t idea_id = m_context.id_arg(invocation.args[i]);
        if (std::find(still_paused.begin(), still_paused.end(), idea_id) == still_paused.end()) {
            throw bot::UsageError(catalog.text("crisis.idea_not_paused", {invocation.args[i], id}));
        }
        if (std::find(chosen.begin(), chosen.end(), idea_id) == chosen.end()) {
            chosen.push_back(idea_id);
        }
    }
    if (invocation.args.size() == 1) {
        chosen = still_paused;
    }
    if (chosen.empty()) {
        throw bot::UsageError(catalog.text("crisis.nothing_paused", {id}));
    }
    for (const auto idea_id : chosen) {
        m_freeze.resume_idea(crisis.id, idea_id, invocation.user().key(), now_millis());
        record(crisis.id, invocation, "resumed", "#" + std::to_string(idea_id));
    }
    bot::Reply post = to_crisis_place(crisis);
    post.text(catalog.rich("crisis.resumed", {bot::plain(ids_text(chosen)), bot::plain(id),
                                              bot::mention(invocation.user())}));
    return {std::move(post)};
}

} // namespace onevoice::commands
