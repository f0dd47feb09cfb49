#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// Pure rules of the `idea` domain: the workflow, the channel names and how an
// idea's text yields tags, links and a title. No I/O, no catalog.

// The workflow statuses of COMMANDS.md, in workflow order.
const std::vector<std::string_view>& idea_statuses();
bool is_idea_status(std::string_view status);

// A status named at the front of some words: the workflow status and how many words name it.
struct StatusWords {
    std::string status;
    std::size_t length = 1;
};
// The status that `words` name at their front, in English or German, in any case (COMMANDS.md,
// "Dates and words in German"): "approved", "genehmigt" (and "freigegeben", as the German card
// shows it), "in Arbeit" (two words, or one quoted), "veröffentlicht"... nullopt when none.
std::optional<StatusWords> status_at(std::span<const std::string> words);
// The status name, English or German, that `word` looks mistyped from ("aproved" ->
// "approved", "genehmigtt" -> "genehmigt"); "" when none, and when `word` is a status.
std::string status_typo(std::string_view word);
// The statuses an idea in `from` may move to with `idea status`: the next step of
// new → approved → drafting → scheduled → published, and rejected from any state but
// published or rejected. Empty for a final status.
std::vector<std::string_view> next_statuses(std::string_view from);
// Whether the status is the sort of decision only lead roles make.
bool needs_lead(std::string_view status);
// Ideas that are still in play: everything but published and rejected.
std::vector<std::string> open_statuses();

// The channel names of COMMANDS.md (facebook ... newsletter).
const std::vector<std::string_view>& channel_names();
bool is_channel(std::string_view name);

// "#Messe" style words, case-folded (bot::fold: "#LÖSUNGEN" and "#lösungen"
// are one tag), without the '#', unique, sorted. A tag has at least one
// character that is not a digit, so "#12" stays an id.
std::vector<std::string> extract_tags(std::string_view text);
// Whether `word` is a tag as extract_tags finds them (with its '#').
bool is_tag_word(std::string_view word);
// http(s) links in order of appearance, without trailing punctuation.
std::vector<std::string> extract_links(std::string_view text);

} // namespace onevoice::commands
