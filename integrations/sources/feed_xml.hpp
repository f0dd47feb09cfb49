#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onevoice::integrations::sources {

// One element while a document is streamed (namespace-aware, expat).
struct XmlElement {
    std::string ns;   // namespace URI, empty when none
    std::string name; // local name
    // Names are "uri local" for namespaced attributes, "local" otherwise.
    std::vector<std::pair<std::string, std::string>> attributes;
    // Character data of this element, plus its descendants' when the
    // handler collects() at this depth; `markup` is the same as HTML with the
    // descendants' tags (for Atom type="xhtml").
    std::string text;
    std::string markup;
    // Direct children's text ("uri local", text) when collected.
    std::vector<std::pair<std::string, std::string>> children;

    std::string_view attr(std::string_view qualified_name) const;
    std::string child_text(std::string_view ns, std::string_view name) const;
};

// Receives elements from parse_xml. `depth` is 1 for the root.
class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    // Attributes are known, text not yet. A non-empty return stops parsing
    // with that error.
    virtual std::string on_start(const XmlElement& element, std::size_t depth) = 0;
    // The element is complete; `parent` is null for the root.
    virtual void on_end(const XmlElement& element, std::size_t depth, const XmlElement* parent) = 0;
    // Whether the element at `depth` gathers its descendants' text (keeps
    // memory flat for the elements that do not need it).
    virtual bool collects(std::size_t depth) const = 0;
};

// Streams `xml` through `handler`. Returns an empty string on success, else
// one line: "invalid XML at line 3: mismatched tag", or the handler's error.
// DTD entity declarations are refused; UTF-8, UTF-16, ISO-8859-1, US-ASCII
// and windows-1252 documents are read. An HTML named entity (&nbsp;) is an
// error here; see replace_html_entities.
std::string parse_xml(std::string_view xml, XmlHandler& handler);

// `xml` with every named entity reference that XML does not define replaced
// by a numeric one (&auml; -> &#228;), or by "&amp;name;" when unknown: feeds
// contain HTML entities XML does not define, and a reader should still read
// them. Used for a second attempt after an undefined-entity error.
std::string replace_html_entities(std::string_view xml);

// Whether `error` (from parse_xml) is an undefined-entity error, which
// replace_html_entities can fix.
bool is_undefined_entity_error(std::string_view error);

} // namespace onevoice::integrations::sources
