// The digest as a reply: what a reader sees, in the team's language.
#include "bot/model/dates.hpp"
#include "bot/model/fetch_error.hpp"
#include "bot/text/truncate.hpp"
#include "commands/listening/digest/digest.hpp"

#include <cmath>
#include <cstdio>

namespace onevoice::commands {
namespace {

constexpr std::size_t k_max_label = 150;
constexpr std::size_t k_max_author = 60;
constexpr std::size_t k_shown_domains = 12;

// "37.5" / "37,5"; whole numbers without decimals.
std::string number_text(double value, bot::Locale locale) {
    const double rounded = std::round(value * 10.0) / 10.0;
    char buffer[32];
    if (rounded == std::floor(rounded)) {
        std::snprintf(buffer, sizeof buffer, "%.0f", rounded);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.1f", rounded);
    }
    std::string text = buffer;
    if (locale == bot::Locale::de) {
        for (char& c : text) {
            c = c == '.' ? ',' : c;
        }
    }
    return text;
}

std::string percent_text(long percent, bot::Locale locale) {
    const std::string sign = percent > 0 ? "+" : percent < 0 ? "−" : "±";
    return sign + std::to_string(std::labs(percent)) + (locale == bot::Locale::de ? " %" : "%");
}

std::string change_text(const QueryDigest& q, const bot::Catalog& catalog) {
    const auto percent = change_percent(q.count, q.average);
    if (!percent) {
        return q.count > 0 ? catalog.text("digest.change_new") : std::string("±0%");
    }
    return percent_text(*percent, catalog.locale());
}

} // namespace

bot::Inline mention_line(const DigestItem& item, const bot::Catalog& catalog) {
    const storage::DigestMention& m = item.mention;
    const std::string& source = m.title.empty() ? m.text : m.title;
    std::string label = bot::cut_text(source, k_max_label);
    if (label.empty()) {
        label = bot::cut_text(m.url, k_max_label);
    }
    bot::Inline line{bot::link(m.url, label)};
    std::string about = m.domain;
    if (!m.author.empty()) {
        about += (about.empty() ? "" : " · ") + bot::cut_text(m.author, k_max_author);
    }
    if (!about.empty()) {
        line.push_back(bot::plain(" — " + about));
    }
    const auto add = [&line](bot::Inline more) {
        line.insert(line.end(), more.begin(), more.end());
    };
    if (m.engagement && *m.engagement > 0) {
        add(catalog.plural_rich("digest.engagement", *m.engagement,
                                {bot::plain(std::to_string(*m.engagement))}));
    }
    if (m.polarity < 0) {
        add(catalog.rich("digest.negative_mark"));
    }
    if (item.similar > 0) {
        add(catalog.rich("digest.similar", {bot::plain(std::to_string(item.similar))}));
    }
    return line;
}

namespace {

void render_query(const QueryDigest& q, bot::Reply& reply, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    const std::string key = q.query.is_competitor ? "digest.competitor_line" : "digest.query_line";
    reply.text(catalog.plural_rich(key, q.count,
                                   {bot::strong(q.query.name), bot::plain(std::to_string(q.count)),
                                    bot::plain(change_text(q, catalog)),
                                    bot::plain(number_text(q.average, catalog.locale()))}));
    bot::Inline context_line = catalog.rich("digest.trend", {bot::plain(sparkline(q.days))});
    if (q.split.total() > 0) {
        const bot::Inline split =
            catalog.rich("digest.sentiment", {bot::plain(std::to_string(q.split.positive)),
                                              bot::plain(std::to_string(q.split.neutral)),
                                              bot::plain(std::to_string(q.split.negative))});
        context_line.push_back(bot::plain(" · "));
        context_line.insert(context_line.end(), split.begin(), split.end());
    }
    reply.context(std::move(context_line));
    if (!q.top.empty()) {
        std::vector<bot::Inline> items;
        for (const DigestItem& item : q.top) {
            items.push_back(mention_line(item, catalog));
        }
        reply.list(std::move(items));
    }
}

// "acme 62% · rival 38%" when at least one competitor query exists.
void render_share_of_voice(const DigestData& data, bot::Reply& reply,
                           const bot::HandlerContext& context) {
    std::int64_t total = 0;
    bool has_competitor = false;
    for (const QueryDigest& q : data.queries) {
        total += q.count;
        has_competitor = has_competitor || q.query.is_competitor;
    }
    if (!has_competitor || total == 0) {
        return;
    }
    std::string shares;
    for (const QueryDigest& q : data.queries) {
        const long percent =
            std::lround(static_cast<double>(q.count) * 100.0 / static_cast<double>(total));
        shares += (shares.empty() ? "" : " · ") + q.query.name + " " + std::to_string(percent) +
                  (context.locale() == bot::Locale::de ? " %" : "%");
    }
    reply.text(context.catalog.rich("digest.share_of_voice", {bot::plain(shares)}));
}

void render_sources(const DigestData& data, bot::Reply& reply, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    if (!data.new_domains.empty()) {
        std::string names;
        for (std::size_t i = 0; i < data.new_domains.size() && i < k_shown_domains; ++i) {
            names += (names.empty() ? "" : ", ") + data.new_domains[i];
        }
        bot::Inline line = catalog.rich("digest.new_sources", {bot::plain(names)});
        if (data.new_domains.size() > k_shown_domains) {
            const bot::Inline more = catalog.rich(
                "digest.more",
                {bot::plain(std::to_string(data.new_domains.size() - k_shown_domains))});
            line.insert(line.end(), more.begin(), more.end());
        }
        reply.text(std::move(line));
    }
    for (const storage::FailingSource& source : data.failing) {
        const std::string what =
            source.term.empty() ? source.target : source.target + " " + source.term;
        reply.text(catalog.rich(
            "digest.failing",
            {bot::plain(std::to_string(source.id)), bot::plain(source.kind + " " + what),
             bot::plain(bot::format_date_time(bot::from_millis(source.failing_since), context.zone,
                                              context.locale())),
             bot::plain(bot::cut_text(bot::describe_fetch_error(catalog, source.last_error),
                                      k_max_label))}));
    }
}

} // namespace

bot::Reply render_digest(const DigestData& data, const bot::HandlerContext& context) {
    const auto& catalog = context.catalog;
    bot::Reply reply = bot::Reply::to_place();
    reply.heading(catalog.text("digest.heading", {context.date_text(data.date)}));
    std::int64_t own = 0;
    double own_average = 0;
    bool has_own = false;
    for (const QueryDigest& q : data.queries) {
        if (!q.query.is_competitor) {
            has_own = true;
            own += q.count;
            own_average += q.average;
        }
    }
    if (!has_own) {
        reply.text(catalog.rich("digest.no_queries"));
    } else if (own == 0) {
        // Silence must never look like a broken feed: say whether it is usual.
        if (own_average < 1.0) {
            reply.text(catalog.rich("digest.quiet"));
        } else {
            reply.text(catalog.rich("digest.quiet_unusual",
                                    {bot::plain(number_text(own_average, catalog.locale()))}));
        }
    }
    for (const QueryDigest& q : data.queries) {
        render_query(q, reply, context);
    }
    render_share_of_voice(data, reply, context);
    render_sources(data, reply, context);
    return reply;
}

} // namespace onevoice::commands
