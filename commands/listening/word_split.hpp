#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// The text folding behind listening: what counts as a word and when two words
// are the same. Shared by query matching (listen_query) and text identity
// (mention_identity), so a query and the texts it runs on are cut alike.
namespace onevoice::commands {

struct WordSplitOptions {
    // Keep "#tag" and "@handle" with their sign (matching); false drops the
    // sign and keeps the word (identity keys, where a hashtag that another
    // site turned into a link is still the same word).
    bool keep_signs = true;
    // Keep the host of a URL as words ("telekom", "de" from
    // https://www.telekom.de/...) and drop the rest; false drops the whole URL.
    bool url_hosts = true;
};

// Splits UTF-8 text into folded words:
// - letters are lower-cased (ASCII, Latin-1, Latin Extended-A, Greek and
//   Cyrillic) and lose their accents (é → e, ł → l), except the German
//   umlauts, which expand as Germans type them without an umlaut key:
//   ä → ae, ö → oe, ü → ue, ß and ẞ → ss; decomposed umlauts (u + U+0308)
//   fold the same;
// - a word is a run of letters, digits and '_'; everything else separates
//   (punctuation, apostrophes, hyphens, emoji), so "McDonald's" is
//   "mcdonald" "s" and "E-Mail" is "e" "mail";
// - '#' or '@' at the start of a word keeps the sign ("#bahn", "@db_bahn");
//   a Mastodon handle "@user@instance.social" is "@user"; inside a handle
//   '.' and '-' are kept when a word character follows (Bluesky handles);
// - URLs (http://, https://, www.) yield their host words only (see options):
//   slugs, ids and tracking parameters in a path are not what people said.
// Invalid UTF-8 bytes separate words.
std::vector<std::string> split_words(std::string_view text, WordSplitOptions options = {});

// The number of characters (code points) in `text`; invalid bytes count one each.
std::size_t char_count(std::string_view text);

} // namespace onevoice::commands
