// `idea list`: filters, ordering and paging.
#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"
#include "commands/ideas/idea_card.hpp"
#include "commands/ideas/idea_commands.hpp"
#include "commands/ideas/idea_text.hpp"

namespace onevoice::commands {
namespace {

struct ListQuery {
    std::string status = "open"; // a status, "open" or "all"
    std::optional<std::string> tag;
    bool is_mine = false;
    int page = 1;

    // The words that ask for this query again, for the "next page" hint.
    std::string words() const {
        std::string out = status;
        if (tag) {
            out += " #" + *tag;
        }
        if (is_mine) {
            out += " mine";
        }
        return out;
    }
};

int page_number(std::string_view word) {
    if (word.empty() || word.size() > 6) {
        return 0;
    }
    int page = 0;
    for (const char c : word) {
        if (c < '0' || c > '9') {
            return 0;
        }
        page = page * 10 + (c - '0');
    }
    return page;
}

ListQuery parse_query(const bot::Invocation& invocation, const bot::Catalog& catalog) {
    const std::vector<std::string>& args = invocation.args;
    ListQuery query;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string word = bot::ascii_lower(args[i]);
        const auto status = status_at(std::span<const std::string>(args).subspan(i));
        if (word == "open" || word == "all") {
            query.status = word;
        } else if (status) {
            query.status = status->status;
            i += status->length - 1;
        } else if (is_tag_word(args[i]) && extract_tags(args[i]).size() == 1) {
            query.tag = extract_tags(args[i]).front();
        } else if (word == "mine") {
            query.is_mine = true;
        } else if (word == "page" && i + 1 < args.size() && page_number(args[i + 1]) > 0) {
            query.page = page_number(args[++i]);
        } else if (const std::string meant = status_typo(args[i]); !meant.empty()) {
            throw bot::UsageError(
                catalog.text("idea.status_typo", {invocation.corrected(i, 1, meant), args[i]}));
        } else {
            throw bot::UsageError(catalog.text("idea.list_bad_word", {args[i]}));
        }
    }
    return query;
}

} // namespace

std::vector<bot::Reply> IdeaCommands::list(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const ListQuery query = parse_query(invocation, catalog);
    storage::IdeaFilter filter;
    if (query.status == "open") {
        filter.statuses = open_statuses();
    } else if (query.status != "all") {
        filter.statuses = {query.status};
    }
    filter.tag = query.tag;
    if (query.is_mine) {
        filter.involving = invocation.user().key();
    }
    const int total = m_ideas.count(filter);
    const int pages = std::max(1, (total + k_page_size - 1) / k_page_size);
    if (query.page > pages) {
        throw bot::UsageError(catalog.plural("idea.no_such_page", pages,
                                             {std::to_string(query.page), std::to_string(pages)}));
    }
    bot::Reply reply = bot::Reply::to_place();
    reply.heading(catalog.text("idea.list_heading", {query.words()}));
    if (total == 0) {
        reply.text(catalog.rich("idea.list_empty"));
        return {reply};
    }
    std::vector<bot::Inline> items;
    const int offset = (query.page - 1) * k_page_size;
    for (const storage::IdeaRow& idea : m_ideas.list(filter, k_page_size, offset)) {
        items.push_back(idea_summary(idea, m_context));
    }
    const int last = offset + static_cast<int>(items.size());
    reply.list(std::move(items));
    // Never cut silently: say how many there are, and how to see the rest.
    bot::Inline footer =
        catalog.rich("idea.list_range",
                     {bot::plain(std::to_string(offset + 1)), bot::plain(std::to_string(last)),
                      bot::plain(std::to_string(total)), bot::plain(std::to_string(query.page)),
                      bot::plain(std::to_string(pages))});
    if (query.page < pages) {
        const bot::Inline next = catalog.rich(
            "idea.list_next", {catalog.command("idea list " + query.words() + " page " +
                                               std::to_string(query.page + 1))});
        footer.insert(footer.end(), next.begin(), next.end());
    }
    reply.context(std::move(footer));
    return {reply};
}

} // namespace onevoice::commands
