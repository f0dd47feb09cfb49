#pragma once

#include "integrations/sources/parsed_mentions.hpp"

#include <string_view>

namespace onevoice::integrations::sources {

// The body of GET /api/v1/timelines/tag/{hashtag}: an array of Mastodon
// Status entities. id, url (else uri), account.acct, content (HTML, reduced
// to text), spoiler_text as the title, created_at, language,
// favourites/reblogs/replies counts. A boost is read as the boosted status.
ParsedMentions parse_mastodon_statuses(std::string_view json);

// The body of Reddit's /search.json: a Listing whose data.children[].data
// are posts. name (else id), https://www.reddit.com + permalink, author,
// title, selftext, created_utc, score and num_comments.
ParsedMentions parse_reddit_listing(std::string_view json);

// The body of Algolia's Hacker News /api/v1/search_by_date: hits[] of
// stories and comments. objectID, url (else the item page
// https://news.ycombinator.com/item?id=…), author, title (else
// story_title), comment_text or story_text (HTML), created_at_i, points,
// num_comments.
ParsedMentions parse_algolia_hits(std::string_view json);

} // namespace onevoice::integrations::sources
