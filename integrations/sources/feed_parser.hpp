#pragma once

#include "integrations/sources/parsed_mentions.hpp"

#include <string_view>

namespace onevoice::integrations::sources {

// Parses an RSS 2.0, RSS 1.0 (RDF) or Atom 1.0 document into mentions.
//
// - id: RSS guid, RSS 1.0 rdf:about, Atom id; else the link. Entries with
//   neither are skipped.
// - url: the item link (Atom: rel="alternate" or no rel), resolved against
//   `feed_url` when relative; Google Alerts redirect links are unwrapped.
// - title and text are plain text: HTML (RSS description, content:encoded,
//   Atom type="html"/"xhtml", media:description) is reduced by html_to_text;
//   text prefers the full content over the summary.
// - author: dc:creator, RSS author, Atom author/name (entry, else feed).
// - published: pubDate (RFC 822), dc:date, Atom published else updated
//   (RFC 3339); empty when missing or unreadable.
// - language: xml:lang, or the channel's <language>/dc:language, as a
//   lower-case primary tag ("de").
// HTML entities that are not XML ones (&nbsp; &auml;) are accepted; DTD
// entity declarations are refused (entity expansion attacks).
ParsedMentions parse_feed(std::string_view xml, std::string_view feed_url = {});

} // namespace onevoice::integrations::sources
