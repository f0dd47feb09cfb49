#include "commands/ideas/idea_text.hpp"

#include "bot/text/fold.hpp"
#include "bot/text/typo.hpp"

#include <algorithm>
#include <array>

namespace onevoice::commands {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Letters, digits, '_' and '-', plus any non-ASCII byte so "#Bühne" is one tag.
bool is_tag_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    return words;
}

// A tag ends at the first character that cannot be part of one ("#event," -> "event").
std::string_view tag_of(std::string_view word) {
    if (word.size() < 2 || word.front() != '#') {
        return {};
    }
    std::size_t end = 1;
    while (end < word.size() && is_tag_char(word[end])) {
        ++end;
    }
    const std::string_view tag = word.substr(1, end - 1);
    const bool all_digits =
        std::all_of(tag.begin(), tag.end(), [](char c) { return c >= '0' && c <= '9'; });
    return all_digits ? std::string_view{} : tag;
}

} // namespace

const std::vector<std::string_view>& idea_statuses() {
    static const std::vector<std::string_view> statuses{"new",       "approved",  "drafting",
                                                        "scheduled", "published", "rejected"};
    return statuses;
}

bool is_idea_status(std::string_view status) {
    const auto& all = idea_statuses();
    return std::find(all.begin(), all.end(), status) != all.end();
}

namespace {

struct StatusName {
    std::string_view name; // folded
    std::string_view status;
};

// Every name of a status that is accepted, English first; "in arbeit" is two words.
constexpr std::array<StatusName, 14> k_status_names{{
    {"new", "new"},
    {"approved", "approved"},
    {"drafting", "drafting"},
    {"scheduled", "scheduled"},
    {"published", "published"},
    {"rejected", "rejected"},
    {"neu", "new"},
    {"genehmigt", "approved"},
    {"freigegeben", "approved"},
    {"in arbeit", "drafting"},
    {"geplant", "scheduled"},
    {"veröffentlicht", "published"},
    {"veroeffentlicht", "published"},
    {"abgelehnt", "rejected"},
}};

std::optional<std::string_view> status_named(std::string_view folded) {
    for (const StatusName& name : k_status_names) {
        if (name.name == folded) {
            return name.status;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<StatusWords> status_at(std::span<const std::string> words) {
    if (words.empty()) {
        return std::nullopt;
    }
    if (words.size() >= 2) {
        if (const auto status = status_named(bot::fold(words[0] + " " + words[1]))) {
            return StatusWords{std::string(*status), 2};
        }
    }
    if (const auto status = status_named(bot::fold(words[0]))) {
        return StatusWords{std::string(*status), 1};
    }
    return std::nullopt;
}

std::string status_typo(std::string_view word) {
    const std::string folded = bot::fold(word);
    if (status_named(folded)) {
        return {};
    }
    std::vector<std::string_view> names;
    for (const StatusName& name : k_status_names) {
        if (name.name.find(' ') == std::string_view::npos) {
            names.push_back(name.name);
        }
    }
    return std::string(bot::closest_typo(folded, names));
}

std::vector<std::string_view> next_statuses(std::string_view from) {
    if (from == "published" || from == "rejected" || !is_idea_status(from)) {
        return {};
    }
    const auto& all = idea_statuses();
    const auto at = std::find(all.begin(), all.end(), from);
    return {*(at + 1), "rejected"};
}

bool needs_lead(std::string_view status) {
    return status == "approved" || status == "rejected";
}

std::vector<std::string> open_statuses() {
    return {"new", "approved", "drafting", "scheduled"};
}

const std::vector<std::string_view>& channel_names() {
    static const std::vector<std::string_view> names{"facebook", "instagram", "linkedin",
                                                     "x",        "xing",      "tiktok",
                                                     "youtube",  "blog",      "newsletter"};
    return names;
}

bool is_channel(std::string_view name) {
    const auto& all = channel_names();
    return std::find(all.begin(), all.end(), name) != all.end();
}

bool is_tag_word(std::string_view word) {
    return !tag_of(word).empty();
}

std::vector<std::string> extract_tags(std::string_view text) {
    std::vector<std::string> tags;
    for (const std::string_view word : words_of(text)) {
        const std::string_view tag = tag_of(word);
        if (!tag.empty()) {
            tags.push_back(bot::fold(tag));
        }
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    return tags;
}

std::vector<std::string> extract_links(std::string_view text) {
    std::vector<std::string> links;
    for (std::string_view word : words_of(text)) {
        if (word.starts_with('<') || word.starts_with('(')) {
            word.remove_prefix(1);
        }
        if (!word.starts_with("https://") && !word.starts_with("http://")) {
            continue;
        }
        // "see https://x.org/a." means the link without the full stop.
        while (!word.empty() &&
               std::string_view(".,;:!?)>\"'").find(word.back()) != std::string_view::npos) {
            word.remove_suffix(1);
        }
        if (word.size() > 8) {
            links.emplace_back(word);
        }
    }
    return links;
}

} // namespace onevoice::commands
