#include "integrations/sources/json_sources.hpp"

#include "integrations/sources/feed_dates.hpp"
#include "integrations/sources/html_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace onevoice::integrations::sources {

namespace {

using nlohmann::json;

// Field readers that tolerate null, missing and mistyped values: one odd
// entry must not cost the whole poll.
std::string text(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) {
        return {};
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    if (it->is_number_integer()) {
        return std::to_string(it->get<std::int64_t>());
    }
    return {};
}

// Counts are clamped to far beyond any real one: 1e300 would overflow the cast
// and INT64_MAX likes plus one boost Engagement::total() (fuzz/feed_fuzz checks both).
constexpr std::int64_t k_max_count = 1'000'000'000'000;

std::int64_t count(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number()) {
        return 0;
    }
    if (it->is_number_float()) {
        constexpr auto k_max = static_cast<double>(k_max_count);
        return static_cast<std::int64_t>(std::clamp(it->get<double>(), -k_max, k_max));
    }
    if (it->is_number_unsigned()) {
        return static_cast<std::int64_t>(
            std::min(it->get<std::uint64_t>(), static_cast<std::uint64_t>(k_max_count)));
    }
    return std::clamp(it->get<std::int64_t>(), -k_max_count, k_max_count);
}

std::optional<bot::TimePoint> epoch_seconds(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number()) {
        return std::nullopt;
    }
    const double seconds = it->get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e11) {
        return std::nullopt;
    }
    return bot::from_millis(static_cast<std::int64_t>(seconds * 1000));
}

// Parses `body`, or returns the reason in `error`.
std::optional<json> parse_json(std::string_view body, std::string& error) {
    try {
        return json::parse(body);
    } catch (const json::parse_error& e) {
        error = "invalid JSON at byte " + std::to_string(e.byte);
    } catch (const json::out_of_range&) {
        // A number beyond a double (1e400) is not a parse_error (found by fuzz/feed_fuzz).
        error = "invalid JSON: a number is out of range";
    }
    return std::nullopt;
}

// APIs answer errors with {"error": ..., "message"/"error_description": ...}
// even under 200 now and then.
std::string api_error(const json& root, std::string_view api) {
    if (root.is_object() && root.contains("error")) {
        auto what = text(root, "message");
        what = what.empty() ? text(root, "error_description") : what;
        what = what.empty() ? text(root, "error") : what;
        return std::string(api) + " error: " + what.substr(0, 200);
    }
    return std::string(api) + ": unexpected response shape";
}

bot::Mention mastodon_status(const json& status) {
    const auto boosted = status.find("reblog");
    if (boosted != status.end() && boosted->is_object()) {
        return mastodon_status(*boosted);
    }
    bot::Mention m;
    m.external_id = text(status, "id");
    m.url = text(status, "url");
    m.url = m.url.empty() ? text(status, "uri") : m.url;
    if (const auto account = status.find("account");
        account != status.end() && account->is_object()) {
        m.author = text(*account, "acct");
    }
    m.title = collapse_whitespace(text(status, "spoiler_text"));
    m.text = html_to_text(text(status, "content"));
    m.published = parse_rfc3339_date(text(status, "created_at"));
    m.language = text(status, "language");
    m.engagement = bot::Engagement{count(status, "favourites_count"),
                                   count(status, "reblogs_count"), count(status, "replies_count")};
    return m;
}

} // namespace

ParsedMentions parse_mastodon_statuses(std::string_view body) {
    ParsedMentions out;
    const auto root = parse_json(body, out.error);
    if (!root) {
        return out;
    }
    if (!root->is_array()) {
        out.error = api_error(*root, "Mastodon");
        return out;
    }
    for (const auto& status : *root) {
        if (status.is_object()) {
            auto mention = mastodon_status(status);
            if (!mention.external_id.empty()) {
                out.mentions.push_back(std::move(mention));
            }
        }
    }
    return out;
}

ParsedMentions parse_reddit_listing(std::string_view body) {
    ParsedMentions out;
    const auto root = parse_json(body, out.error);
    if (!root) {
        return out;
    }
    const json* children = nullptr;
    if (root->is_object() && root->contains("data") && (*root)["data"].is_object()) {
        const auto& data = (*root)["data"];
        if (data.contains("children") && data["children"].is_array()) {
            children = &data["children"];
        }
    }
    if (children == nullptr) {
        out.error = api_error(*root, "Reddit");
        return out;
    }
    for (const auto& child : *children) {
        if (!child.is_object() || !child.contains("data") || !child["data"].is_object()) {
            continue;
        }
        const auto& post = child["data"];
        bot::Mention m;
        m.external_id = text(post, "name");
        m.external_id = m.external_id.empty() ? text(post, "id") : m.external_id;
        const auto permalink = text(post, "permalink");
        // The permalink is site-relative ("/r/x/comments/…"); link to the
        // public site whatever base URL the search went to.
        m.url = permalink.empty() ? text(post, "url") : "https://www.reddit.com" + permalink;
        m.author = text(post, "author");
        m.title = collapse_whitespace(text(post, "title"));
        m.text = collapse_whitespace(text(post, "selftext"));
        m.published = epoch_seconds(post, "created_utc");
        m.engagement = bot::Engagement{count(post, "score"), 0, count(post, "num_comments")};
        if (!m.external_id.empty()) {
            out.mentions.push_back(std::move(m));
        }
    }
    return out;
}

ParsedMentions parse_algolia_hits(std::string_view body) {
    ParsedMentions out;
    const auto root = parse_json(body, out.error);
    if (!root) {
        return out;
    }
    if (!root->is_object() || !root->contains("hits") || !(*root)["hits"].is_array()) {
        out.error = api_error(*root, "Hacker News");
        return out;
    }
    for (const auto& hit : (*root)["hits"]) {
        if (!hit.is_object()) {
            continue;
        }
        bot::Mention m;
        m.external_id = text(hit, "objectID");
        if (m.external_id.empty()) {
            continue;
        }
        m.url = text(hit, "url");
        m.url = m.url.empty() ? "https://news.ycombinator.com/item?id=" + m.external_id : m.url;
        m.author = text(hit, "author");
        m.title = text(hit, "title");
        m.title = collapse_whitespace(m.title.empty() ? text(hit, "story_title") : m.title);
        const auto comment = text(hit, "comment_text");
        m.text = html_to_text(comment.empty() ? text(hit, "story_text") : comment);
        m.published = epoch_seconds(hit, "created_at_i");
        if (!m.published) {
            m.published = parse_rfc3339_date(text(hit, "created_at"));
        }
        m.engagement = bot::Engagement{count(hit, "points"), 0, count(hit, "num_comments")};
        out.mentions.push_back(std::move(m));
    }
    return out;
}

} // namespace onevoice::integrations::sources
