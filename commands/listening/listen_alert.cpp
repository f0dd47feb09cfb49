// The spike alert message and what its buttons do: declare a crisis with the
// query and the top mentions, or exclude what made the alert irrelevant.
#include "bot/model/errors.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/truncate.hpp"
#include "commands/listening/digest/digest.hpp"
#include "commands/listening/listen_spikes.hpp"
#include "commands/listening/query/listen_query.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace onevoice::commands {
namespace {

constexpr int k_top = 3;
constexpr int k_sample = 60;
constexpr std::size_t k_min_term_chars = 4;

// Words too common in either language to set a story apart.
constexpr std::array<std::string_view, 36> k_stopwords{
    "about", "after", "also",  "been",  "from", "have", "just", "more",  "that",
    "their", "there", "they",  "this",  "were", "what", "when", "which", "will",
    "with",  "your",  "aber",  "auch",  "dass", "dies", "eine", "einem", "einen",
    "einer", "haben", "heute", "nicht", "noch", "sich", "sind", "wird",  "wurde"};

std::string fixed(double value, const char* format) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

std::string share_text(double share) {
    return std::to_string(std::lround(share * 100.0)) + " %";
}

std::string quoted(const std::string& term) {
    return term.find(' ') == std::string::npos ? term : "\"" + term + "\"";
}

} // namespace

bot::Reply SpikeAlerts::alert_message(const storage::SpikeAlertRow& alert,
                                      const storage::ListenQueryRow& query) {
    const auto& catalog = m_context.catalog;
    bot::Reply reply = bot::Reply::to_place();
    reply.place = m_place_of();
    const bool is_volume = alert.kind == "volume";
    reply.heading(
        catalog.text(is_volume ? "spike.heading_volume" : "spike.heading_negative", {query.name}));
    if (is_volume) {
        reply.text(catalog.plural_rich("spike.volume_text", alert.count,
                                       {bot::strong(std::to_string(alert.count)),
                                        bot::plain(fixed(alert.baseline, "%.1f")),
                                        bot::plain(fixed(std::ceil(alert.threshold), "%.0f"))}));
    } else {
        reply.text(catalog.plural_rich("spike.negative_text", alert.count,
                                       {bot::strong(share_text(alert.negative_share.value_or(0))),
                                        bot::plain(std::to_string(alert.count)),
                                        bot::plain(share_text(alert.baseline)),
                                        bot::plain(share_text(alert.threshold))}));
    }
    reply.context(catalog.rich("spike.explain",
                               {bot::plain(catalog.text("spike.sensitivity." + query.sensitivity)),
                                bot::plain(fixed(m_settings.z_threshold, "%.1f")),
                                bot::plain(std::to_string(m_settings.min_count)),
                                bot::plain(share_text(m_settings.negative_share_jump))}));
    const auto top = top_of(alert, k_top);
    if (!top.empty()) {
        const bool negative = top.front().polarity < 0;
        reply.text(catalog.rich(negative ? "spike.top_negative" : "spike.top"));
        std::vector<bot::Inline> items;
        for (const storage::DigestMention& mention : top) {
            items.push_back(mention_line(DigestItem{mention, 0}, catalog));
        }
        reply.list(std::move(items));
    }
    const std::string id = std::to_string(alert.id);
    std::vector<bot::Button> buttons{
        {catalog.text("spike.button_declare"), "spike_declare", "listen alert " + id + " declare",
         bot::ButtonStyle::danger},
        {catalog.text("spike.button_mute"), "spike_mute", "listen mute " + query.name + " 24",
         bot::ButtonStyle::normal},
    };
    if (query.sensitivity != "low") {
        const std::string lower = query.sensitivity == "high" ? "normal" : "low";
        buttons.push_back({catalog.text("spike.button_less"), "spike_less",
                           "listen sensitivity " + query.name + " " + lower,
                           bot::ButtonStyle::normal});
    }
    buttons.push_back({catalog.text("spike.button_irrelevant"), "spike_irrelevant",
                       "listen alert " + id + " irrelevant", bot::ButtonStyle::normal});
    reply.buttons(std::move(buttons));
    return reply;
}

std::string SpikeAlerts::distinguishing_term(const storage::SpikeAlertRow& alert,
                                             const storage::ListenQueryRow& query) {
    const std::int64_t end = alert.hour_start + 3'600'000;
    const auto sample = m_store.top_mentions(alert.query_id, alert.hour_start, end, k_sample);
    const auto top = top_of(alert, 1);
    if (top.empty()) {
        return {};
    }
    const storage::DigestMention& first = top.front();
    // A flood from one site is best excluded by the site.
    const auto same_site = std::ranges::count_if(
        sample, [&first](const storage::DigestMention& m) { return m.domain == first.domain; });
    if (!first.domain.empty() && same_site * 2 > static_cast<std::ptrdiff_t>(sample.size())) {
        return "site:" + first.domain;
    }
    std::set<std::string> own;
    try {
        for (const std::string& term : Query::parse(query.query).positive_terms()) {
            const MatchText folded(term);
            own.insert(folded.words().begin(), folded.words().end());
        }
    } catch (const QueryError&) {
        // A stored query always parses; if not, every word is a candidate.
    }
    std::map<std::string, int> spread;
    for (const storage::DigestMention& m : sample) {
        const MatchText folded(m.title + " " + m.text);
        for (const std::string& word :
             std::set<std::string>(folded.words().begin(), folded.words().end())) {
            ++spread[word];
        }
    }
    std::string best;
    int best_count = 1; // a word in one mention only sets nothing apart
    const MatchText top_words(first.title + " " + first.text);
    for (const std::string& word : top_words.words()) {
        const bool is_candidate = word.size() >= k_min_term_chars && !own.contains(word) &&
                                  std::ranges::find(k_stopwords, word) == k_stopwords.end() &&
                                  word.find_first_not_of("0123456789") != std::string::npos;
        if (is_candidate && spread[word] > best_count) {
            best = word;
            best_count = spread[word];
        }
    }
    if (best.empty() && !first.domain.empty()) {
        return "site:" + first.domain;
    }
    return best;
}

std::vector<bot::Reply> SpikeAlerts::handle_alert(const bot::Invocation& invocation) {
    const auto& catalog = m_context.catalog;
    const auto& args = invocation.args;
    if (args.size() < 2) {
        throw bot::UsageError(catalog.text("spike.need_action"));
    }
    const std::int64_t id = m_context.id_arg(args[0]);
    const auto alert = m_store.find_alert(id);
    if (!alert) {
        throw bot::UsageError(catalog.text("spike.alert_unknown", {std::to_string(id)}));
    }
    const auto query = m_queries.find_query(alert->query_id);
    if (!query) {
        throw bot::UsageError(catalog.text("spike.query_gone", {std::to_string(id)}));
    }
    const std::string action = bot::ascii_lower(args[1]);
    if (action == "declare" && args.size() == 2) {
        return declare(invocation, *alert, *query);
    }
    if (action == "irrelevant" && args.size() == 2) {
        return confirm_exclusion(*alert, *query);
    }
    if (action == "exclude" && args.size() == 3) {
        return exclude(invocation, *query);
    }
    throw bot::UsageError(catalog.text("spike.need_action"));
}

std::vector<bot::Reply> SpikeAlerts::declare(const bot::Invocation& invocation,
                                             const storage::SpikeAlertRow& alert,
                                             const storage::ListenQueryRow& query) {
    const auto& catalog = m_context.catalog;
    // The first entry of the crisis's timeline: what the team saw when it decided.
    std::string mentions;
    for (const storage::DigestMention& m : top_of(alert, k_top)) {
        const std::string label = bot::cut_text(m.title.empty() ? m.text : m.title, 100);
        mentions += (mentions.empty() ? "" : "; ") + label + " <" + m.url + ">";
    }
    const std::string entry =
        catalog.plural("spike.crisis_entry", alert.count,
                       {std::to_string(alert.count), query.name,
                        mentions.empty() ? catalog.text("spike.no_mentions") : mentions});
    return m_declare_crisis(invocation, catalog.text("spike.crisis_title", {query.name}), entry);
}

std::vector<bot::Reply> SpikeAlerts::confirm_exclusion(const storage::SpikeAlertRow& alert,
                                                       const storage::ListenQueryRow& query) {
    const auto& catalog = m_context.catalog;
    const std::string term = distinguishing_term(alert, query);
    if (term.empty()) {
        return {bot::Reply::to_requester().text(catalog.rich("spike.no_term"))};
    }
    bot::Reply reply = bot::Reply::to_requester();
    reply.text(catalog.rich("spike.confirm_exclude",
                            {bot::code("-" + quoted(term)), bot::strong(query.name)}));
    reply.buttons({{catalog.text("spike.button_exclude"), "spike_exclude",
                    "listen alert " + std::to_string(alert.id) + " exclude " + quoted(term),
                    bot::ButtonStyle::primary}});
    return {std::move(reply)};
}

std::vector<bot::Reply> SpikeAlerts::exclude(const bot::Invocation& invocation,
                                             const storage::ListenQueryRow& query) {
    const auto& catalog = m_context.catalog;
    if (!invocation.is_lead()) {
        throw bot::PermissionError(catalog.text("spike.lead_only"));
    }
    const std::string& term = invocation.args[2];
    std::string text;
    try {
        const Query current = Query::parse(query.query);
        const Query changed = term.starts_with("site:") ? current.with_excluded_site(term.substr(5))
                                                        : current.with_exclusion(term);
        text = changed.text();
    } catch (const QueryError& e) {
        const std::string why = catalog.has(e.key())
                                    ? catalog.text(e.key(), {std::to_string(e.position())})
                                    : catalog.text("spike.bad_term");
        throw bot::UsageError(catalog.text("spike.cannot_exclude", {term, why}));
    }
    m_queries.set_query_text(query.id, text);
    return {bot::Reply::to_place().text(
        catalog.rich("spike.excluded",
                     {bot::strong(query.name), bot::code("-" + quoted(term)), bot::code(text)}))};
}

} // namespace onevoice::commands
