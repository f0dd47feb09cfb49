#include "commands/ideas/idea_card.hpp"

#include "bot/model/dates.hpp"
#include "bot/text/truncate.hpp"
#include "commands/ideas/idea_text.hpp"

namespace onevoice::commands {
namespace {

std::string joined(const std::vector<std::string>& items, std::string_view prefix) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : ", ") + std::string(prefix) + item;
    }
    return out;
}

std::string votes_text(int votes, const bot::Catalog& catalog) {
    return catalog.plural("idea.votes", votes, {std::to_string(votes)});
}

} // namespace

std::string status_label(std::string_view status, const bot::Catalog& catalog) {
    return catalog.text("idea.status." + std::string(status));
}

bot::Span person(std::string_view user_key, const bot::HandlerContext& context) {
    if (const auto user = context.users.find(user_key)) {
        return bot::mention(*user);
    }
    return bot::plain(std::string(user_key));
}

bot::Inline idea_body(std::string_view text) {
    bot::Inline body;
    std::size_t from = 0;
    for (const std::string& url : extract_links(text)) {
        const std::size_t at = text.find(url, from);
        if (at == std::string_view::npos) {
            continue;
        }
        if (at > from) {
            body.push_back(bot::plain(std::string(text.substr(from, at - from))));
        }
        body.push_back(bot::link(url));
        from = at + url.size();
    }
    if (from < text.size()) {
        body.push_back(bot::plain(std::string(text.substr(from))));
    }
    return body;
}

std::string schedule_text(const storage::IdeaRow& idea, const bot::HandlerContext& context) {
    if (!idea.scheduled_on) {
        return {};
    }
    const auto date = bot::LocalDate::from_iso(*idea.scheduled_on);
    std::string out = date ? context.date_text(*date) : *idea.scheduled_on;
    if (idea.scheduled_time) {
        out += (context.locale() == bot::Locale::de ? ", " : " ") + *idea.scheduled_time;
        out += context.locale() == bot::Locale::de ? " Uhr" : "";
    }
    if (!idea.channels.empty()) {
        out += " · " + joined(idea.channels, "");
    }
    return out;
}

bot::Button vote_button(std::int64_t id, const bot::Catalog& catalog) {
    return bot::Button{catalog.text("idea.vote_button"), "idea.vote",
                       "idea vote " + std::to_string(id), bot::ButtonStyle::primary};
}

bot::Reply idea_card(const storage::IdeaRow& idea, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    bot::Reply card = bot::Reply::to_place();
    card.heading(catalog.text("idea.card_heading", {std::to_string(idea.id)}));
    card.text(idea_body(idea.text));
    std::vector<bot::Field> fields{
        {catalog.text("idea.field.status"), {bot::plain(status_label(idea.status, catalog))}},
        {catalog.text("idea.field.votes"), {bot::plain(std::to_string(idea.votes))}},
    };
    if (!idea.tags.empty()) {
        fields.push_back({catalog.text("idea.field.tags"), {bot::plain(joined(idea.tags, "#"))}});
    }
    fields.push_back({catalog.text("idea.field.author"), {person(idea.author_key, context)}});
    if (idea.assignee_key) {
        fields.push_back(
            {catalog.text("idea.field.assignee"), {person(*idea.assignee_key, context)}});
    }
    if (idea.scheduled_on) {
        fields.push_back(
            {catalog.text("idea.field.planned"), {bot::plain(schedule_text(idea, context))}});
    }
    card.fields(std::move(fields));
    card.buttons({vote_button(idea.id, catalog)});
    return card;
}

bot::Inline idea_summary(const storage::IdeaRow& idea, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    bot::Inline line{bot::strong("#" + std::to_string(idea.id)),
                     bot::plain(" " + bot::title_line(idea.text, 60) + " — " +
                                votes_text(idea.votes, catalog) + " · " +
                                status_label(idea.status, catalog))};
    if (!idea.tags.empty()) {
        line.push_back(bot::plain(" · " + joined(idea.tags, "#")));
    }
    if (idea.assignee_key) {
        line.push_back(bot::plain(" · "));
        line.push_back(person(*idea.assignee_key, context));
    }
    return line;
}

} // namespace onevoice::commands
