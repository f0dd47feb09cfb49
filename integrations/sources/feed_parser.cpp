#include "integrations/sources/feed_parser.hpp"

#include "bot/text/url.hpp"
#include "integrations/sources/feed_dates.hpp"
#include "integrations/sources/feed_xml.hpp"
#include "integrations/sources/html_text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace onevoice::integrations::sources {

namespace {

constexpr std::string_view k_atom = "http://www.w3.org/2005/Atom";
constexpr std::string_view k_rss1 = "http://purl.org/rss/1.0/";
constexpr std::string_view k_rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view k_dc = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view k_content = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view k_media = "http://search.yahoo.com/mrss/";
constexpr std::string_view k_xml_lang = "http://www.w3.org/XML/1998/namespace lang";

enum class Format { unknown, rss, rdf, atom };

// One item or entry while it is being read; the fields are plain text.
struct Entry {
    std::string id;
    std::string link;
    bool link_is_html = false;
    std::string other_link; // an Atom link with another rel, used only if nothing better
    std::string guid_link;  // an RSS guid that is a permalink
    std::string title;
    std::string media_title;
    std::string content;
    std::string summary;
    std::string media_description;
    std::string author;
    std::optional<bot::TimePoint> published;
    std::optional<bot::TimePoint> updated;
    std::string language;
};

std::string trim(std::string_view text) {
    return collapse_whitespace(text);
}

// "de-DE" -> "de"; RSS <language> and xml:lang carry full tags.
std::string primary_language(std::string_view tag) {
    std::string out;
    for (const char c : trim(tag)) {
        if (c == '-' || c == '_') {
            break;
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// RSS <author> is an e-mail address, often "jane@example.com (Jane Doe)".
std::string rss_author(std::string_view text) {
    const auto open = text.find('(');
    const auto close = text.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        return trim(text.substr(open + 1, close - open - 1));
    }
    return trim(text);
}

// Atom text constructs (RFC 4287 §3.1) and media:description declare their type.
std::string typed_text(const XmlElement& e, std::string_view fallback_type) {
    auto type = e.attr("type");
    type = type.empty() ? fallback_type : type;
    if (type == "html" || type == "text/html") {
        return html_to_text(e.text);
    }
    if (type == "xhtml") {
        return html_to_text(e.markup);
    }
    // Plain text, but feeds often double-escape entities in it ("&amp;amp;").
    return trim(decode_entities(e.text));
}

class FeedReader final : public XmlHandler {
public:
    explicit FeedReader(std::string_view feed_url)
        : m_base(bot::Url::parse(feed_url)) {}

    std::vector<bot::Mention> take() { return std::move(m_mentions); }

    std::string on_start(const XmlElement& e, std::size_t depth) override {
        if (depth == 1) {
            return detect_format(e);
        }
        if (!m_entry && is_entry(e)) {
            m_entry.emplace();
            m_entry_depth = depth;
            m_entry->language = primary_language(e.attr(k_xml_lang));
            m_entry->id = trim(e.attr(std::string(k_rdf).append(" about")));
        } else if (m_entry && depth == m_entry_depth + 1 && e.ns == k_atom && e.name == "link") {
            on_atom_link(e);
        }
        return {};
    }

    void on_end(const XmlElement& e, std::size_t depth, const XmlElement* parent) override {
        if (m_entry && depth == m_entry_depth) {
            finish_entry();
        } else if (m_entry && depth == m_entry_depth + 1) {
            on_field(e);
        } else if (!m_entry && parent != nullptr) {
            on_feed_field(e, depth);
        }
    }

    bool collects(std::size_t depth) const override {
        // Inside an entry for its fields; Atom's feed-level <author><name>.
        return m_entry ? depth > m_entry_depth : m_format == Format::atom && depth == 2;
    }

private:
    std::string detect_format(const XmlElement& root) {
        if (root.ns.empty() && root.name == "rss") {
            m_format = Format::rss;
        } else if (root.ns == k_rdf && root.name == "RDF") {
            m_format = Format::rdf;
        } else if (root.ns == k_atom && root.name == "feed") {
            m_format = Format::atom;
            m_feed_language = primary_language(root.attr(k_xml_lang));
        } else {
            return "not an RSS or Atom feed (root element " + root.name + ")";
        }
        return {};
    }

    bool is_entry(const XmlElement& e) const {
        switch (m_format) {
        case Format::rss:
            return e.ns.empty() && e.name == "item";
        case Format::rdf:
            return e.ns == k_rss1 && e.name == "item";
        case Format::atom:
            return e.ns == k_atom && e.name == "entry";
        case Format::unknown:
            break;
        }
        return false;
    }

    void on_atom_link(const XmlElement& e) {
        const auto href = trim(e.attr("href"));
        const auto rel = e.attr("rel");
        if (href.empty()) {
            return;
        }
        if (rel.empty() || rel == "alternate") {
            const bool html = e.attr("type") == "text/html";
            if (m_entry->link.empty() || (html && !m_entry->link_is_html)) {
                m_entry->link = href;
                m_entry->link_is_html = html;
            }
        } else if (m_entry->other_link.empty() && rel != "self" && rel != "enclosure") {
            m_entry->other_link = href;
        }
    }

    void on_field(const XmlElement& e) {
        Entry& entry = *m_entry;
        const bool plain_rss = e.ns.empty() || (m_format == Format::rdf && e.ns == k_rss1);
        if (plain_rss && m_format != Format::atom) {
            if (e.name == "title") {
                entry.title = html_to_text(e.text);
            } else if (e.name == "link") {
                entry.link = trim(e.text);
            } else if (e.name == "description") {
                entry.summary = html_to_text(e.text);
            } else if (e.name == "guid") {
                entry.id = trim(e.text);
                // isPermaLink defaults to true (RSS 2.0 spec, <guid>).
                if (e.attr("isPermaLink") != "false") {
                    entry.guid_link = entry.id;
                }
            } else if (e.name == "pubDate") {
                entry.published = parse_rfc822_date(e.text);
            } else if (e.name == "author" && entry.author.empty()) {
                entry.author = rss_author(e.text);
            }
        } else if (e.ns == k_dc) {
            if (e.name == "creator") {
                entry.author = trim(e.text);
            } else if (e.name == "date" && !entry.published) {
                entry.published = parse_rfc3339_date(e.text);
            } else if (e.name == "language") {
                entry.language = primary_language(e.text);
            }
        } else if (e.ns == k_content && e.name == "encoded") {
            entry.content = html_to_text(e.text);
        } else if (e.ns == k_media && e.name == "title") {
            entry.media_title = typed_text(e, "plain");
        } else if (e.ns == k_media && e.name == "description") {
            entry.media_description = typed_text(e, "plain");
        } else if (e.ns == k_atom) {
            on_atom_field(e);
        }
    }

    void on_atom_field(const XmlElement& e) {
        Entry& entry = *m_entry;
        if (e.name == "title") {
            entry.title = typed_text(e, "text");
        } else if (e.name == "id") {
            entry.id = trim(e.text);
        } else if (e.name == "published") {
            entry.published = parse_rfc3339_date(e.text);
        } else if (e.name == "updated") {
            entry.updated = parse_rfc3339_date(e.text);
        } else if (e.name == "summary") {
            entry.summary = typed_text(e, "text");
        } else if (e.name == "content" && e.attr("src").empty()) {
            entry.content = typed_text(e, "text");
        } else if (e.name == "author" && entry.author.empty()) {
            entry.author = trim(e.child_text(k_atom, "name"));
        }
    }

    // rss/channel/language (or dc:language), feed/author/name.
    void on_feed_field(const XmlElement& e, std::size_t depth) {
        if (depth == 3 && e.name == "language" && (e.ns.empty() || e.ns == k_dc)) {
            m_feed_language = primary_language(e.text);
        } else if (depth == 2 && e.ns == k_atom && e.name == "author") {
            m_feed_author = trim(e.child_text(k_atom, "name"));
        }
    }

    std::string absolute(const std::string& link) const {
        if (link.empty() || !m_base) {
            return link;
        }
        const auto resolved = bot::resolve_reference(*m_base, link);
        return resolved ? resolved->str() : link;
    }

    void finish_entry() {
        Entry entry = std::move(*m_entry);
        m_entry.reset();
        std::string link = !entry.link.empty()        ? entry.link
                           : !entry.guid_link.empty() ? entry.guid_link
                                                      : entry.other_link;
        link = bot::unwrap_google_redirect(absolute(link));
        if (entry.id.empty() && link.empty()) {
            return; // nothing to tell it apart or to link to
        }
        bot::Mention mention;
        mention.external_id = entry.id.empty() ? link : entry.id;
        mention.url = std::move(link);
        mention.title = entry.title.empty() ? entry.media_title : entry.title;
        mention.text = !entry.content.empty()   ? entry.content
                       : !entry.summary.empty() ? entry.summary
                                                : entry.media_description;
        mention.author = entry.author.empty() ? m_feed_author : entry.author;
        mention.published = entry.published ? entry.published : entry.updated;
        mention.language = entry.language.empty() ? m_feed_language : entry.language;
        m_mentions.push_back(std::move(mention));
    }

    std::optional<bot::Url> m_base;
    Format m_format = Format::unknown;
    std::optional<Entry> m_entry;
    std::size_t m_entry_depth = 0;
    std::string m_feed_language;
    std::string m_feed_author;
    std::vector<bot::Mention> m_mentions;
};

ParsedMentions read_feed(std::string_view xml, std::string_view feed_url) {
    FeedReader reader(feed_url);
    ParsedMentions out;
    out.error = parse_xml(xml, reader);
    if (out.ok()) {
        out.mentions = reader.take();
    }
    return out;
}

} // namespace

ParsedMentions parse_feed(std::string_view xml, std::string_view feed_url) {
    auto out = read_feed(xml, feed_url);
    if (is_undefined_entity_error(out.error)) {
        // HTML entities in a feed that declares none (&nbsp;): read it the
        // way browsers and feed readers do rather than dropping the feed.
        out = read_feed(replace_html_entities(xml), feed_url);
    }
    return out;
}

} // namespace onevoice::integrations::sources
