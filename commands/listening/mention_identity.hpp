#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// When two mentions are the same thing: the same page under two URLs, the
// same text from two sources, the same story syndicated by many sites. Pure
// functions of their arguments, safe from any thread.
namespace onevoice::commands {

// Texts with fewer words than this get no text key: short posts ("Danke
// @bahn!", "Love it") are written alike by different people, and folding
// them into one mention would hide real volume from the digest and spikes.
inline constexpr std::size_t k_min_text_key_words = 6;

// The key of "the same normalised text seen from another source": the words
// of title and text, folded as in matching (case, accents, ä → ae), without
// URLs, punctuation, hashtag signs and the feed footers blogs append ("The
// post … appeared first on …", "Der Beitrag … erschien zuerst auf …", a
// trailing "Read more"/"Weiterlesen"), hashed to 16 hex digits. When the
// text repeats the title (many feeds do), the title is not counted twice, so
// a source with title and one without agree. Empty when there are fewer than
// k_min_text_key_words words: then the text identifies nothing.
std::string normalized_text_key(std::string_view title, std::string_view text);

// The URL in the form two links to the same page share: scheme and host in
// lower case, user info, default port (:80, :443), fragment and a trailing
// '/' of the path dropped (the bare host keeps "/"), %-escapes in upper case
// with unreserved characters decoded, tracking parameters dropped (utm_*,
// fbclid, gclid, msclkid, mc_cid, igshid, wt_mc... see the .cpp) and the rest
// sorted. A Google redirect (https://www.google.com/url?...&url=<target>, as
// in Google Alerts feeds) becomes its target, by the rule of
// bot::unwrap_google_redirect. Text that is no absolute URL is returned
// trimmed.
std::string canonical_url(std::string_view url);

// A 64-bit SimHash (Charikar) of the text's word pairs (2-shingles of the
// folded words, as in normalized_text_key): near-identical texts get hashes
// a few bits apart. 0 for a text without words.
std::uint64_t simhash(std::string_view text);

// Near duplicates differ in at most this many of the 64 bits. Unrelated
// texts differ in about 32 bits (each bit is a coin flip), so 10 is far from
// chance (fewer than 1 in a million unrelated pairs). On the examples of
// mention_identity_test.cpp one story syndicated with another lead-in,
// agency tag or footer, or a retweet, stays within 7 bits; other stories
// about the same company, even one opening with the same sentence, are 17 or
// more apart. The classic web-page setting of 3 bits (Manku et al., 2007) is
// too strict for texts of a few sentences, where one changed word moves
// several of few pairs.
inline constexpr int k_near_duplicate_bits = 10;

// Whether two simhashes are within k_near_duplicate_bits; never for 0 (a
// text without words, which is like nothing else).
bool is_near_duplicate(std::uint64_t a, std::uint64_t b);

} // namespace onevoice::commands
