#include "integrations/sources/feed_xml.hpp"

#include "bot/text/escape.hpp"
#include "integrations/sources/html_text.hpp"

#include <array>
#include <cctype>
#include <climits>
#include <expat.h>
#include <optional>

namespace onevoice::integrations::sources {

namespace {

constexpr std::string_view k_undefined_entity = "undefined entity";

// windows-1252's 0x80-0x9F, where it differs from ISO-8859-1; -1: unused.
constexpr std::array<int, 32> k_cp1252 = {
    0x20AC, -1,     0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, -1,     0x017D, -1,     -1,     0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, -1,     0x017E, 0x0178};

// Expat knows UTF-8/16, ISO-8859-1 and US-ASCII; older German feeds still
// declare windows-1252.
int XMLCALL on_unknown_encoding(void*, const XML_Char* name, XML_Encoding* info) {
    std::string lower;
    for (const XML_Char* p = name; *p != 0; ++p) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(*p)));
    }
    if (lower != "windows-1252" && lower != "cp1252") {
        return XML_STATUS_ERROR;
    }
    for (int i = 0; i < 256; ++i) {
        info->map[i] = i >= 0x80 && i < 0xA0 ? k_cp1252[static_cast<std::size_t>(i - 0x80)] : i;
    }
    info->data = nullptr;
    info->convert = nullptr;
    info->release = nullptr;
    return XML_STATUS_OK;
}

struct Session {
    XML_Parser parser = nullptr;
    XmlHandler* handler = nullptr;
    std::vector<XmlElement> stack;
    std::string error;

    void stop(std::string why) {
        if (error.empty()) {
            error = std::move(why);
        }
        XML_StopParser(parser, XML_FALSE);
    }
};

// With namespace processing, expat names are "uri local" (separator ' ').
void split_name(const XML_Char* qualified, std::string& ns, std::string& local) {
    const std::string_view name(qualified);
    const auto space = name.rfind(' ');
    if (space == std::string_view::npos) {
        ns.clear();
        local = name;
    } else {
        ns = name.substr(0, space);
        local = name.substr(space + 1);
    }
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
    auto& s = *static_cast<Session*>(data);
    XmlElement element;
    split_name(name, element.ns, element.name);
    for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
        element.attributes.emplace_back(a[0], a[1]);
    }
    s.stack.push_back(std::move(element));
    auto error = s.handler->on_start(s.stack.back(), s.stack.size());
    if (!error.empty()) {
        s.stop(std::move(error));
    }
}

void XMLCALL on_end(void* data, const XML_Char*) {
    auto& s = *static_cast<Session*>(data);
    XmlElement element = std::move(s.stack.back());
    s.stack.pop_back();
    const std::size_t depth = s.stack.size() + 1;
    XmlElement* parent = s.stack.empty() ? nullptr : &s.stack.back();
    s.handler->on_end(element, depth, parent);
    if (parent != nullptr && s.handler->collects(depth - 1)) {
        parent->text += element.text;
        parent->markup += "<" + element.name + ">" + element.markup + "</" + element.name + ">";
        parent->children.emplace_back(element.ns + " " + element.name, std::move(element.text));
    }
}

void XMLCALL on_text(void* data, const XML_Char* text, int length) {
    auto& s = *static_cast<Session*>(data);
    if (!s.stack.empty()) {
        const std::string_view chunk(text, static_cast<std::size_t>(length));
        s.stack.back().text += chunk;
        s.stack.back().markup += bot::escape_markup(chunk);
    }
}

// Internal entities can expand exponentially ("billion laughs"); feeds
// never need them.
void XMLCALL on_entity_declaration(void* data, const XML_Char*, int, const XML_Char*, int,
                                   const XML_Char*, const XML_Char*, const XML_Char*,
                                   const XML_Char*) {
    static_cast<Session*>(data)->stop("invalid XML: entity declarations are not allowed");
}

// Owns the expat parser.
struct ParserHandle {
    XML_Parser parser = XML_ParserCreateNS(nullptr, ' ');
    ~ParserHandle() {
        if (parser != nullptr) {
            XML_ParserFree(parser);
        }
    }
    ParserHandle() = default;
    ParserHandle(const ParserHandle&) = delete;
    ParserHandle& operator=(const ParserHandle&) = delete;
};

} // namespace

std::string_view XmlElement::attr(std::string_view qualified_name) const {
    for (const auto& [key, value] : attributes) {
        if (key == qualified_name) {
            return value;
        }
    }
    return {};
}

std::string XmlElement::child_text(std::string_view child_ns, std::string_view child_name) const {
    const std::string key = std::string(child_ns) + " " + std::string(child_name);
    for (const auto& [child, child_text] : children) {
        if (child == key) {
            return child_text;
        }
    }
    return {};
}

std::string parse_xml(std::string_view xml, XmlHandler& handler) {
    if (xml.size() > static_cast<std::size_t>(INT_MAX)) {
        return "document too large";
    }
    ParserHandle handle;
    if (handle.parser == nullptr) {
        return "cannot create an XML parser";
    }
    Session session;
    session.parser = handle.parser;
    session.handler = &handler;
    XML_SetUserData(handle.parser, &session);
    XML_SetElementHandler(handle.parser, on_start, on_end);
    XML_SetCharacterDataHandler(handle.parser, on_text);
    XML_SetEntityDeclHandler(handle.parser, on_entity_declaration);
    XML_SetUnknownEncodingHandler(handle.parser, on_unknown_encoding, nullptr);
    const auto status =
        XML_Parse(handle.parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    if (!session.error.empty()) {
        return session.error;
    }
    if (status != XML_STATUS_OK) {
        const auto code = XML_GetErrorCode(handle.parser);
        return "invalid XML at line " + std::to_string(XML_GetCurrentLineNumber(handle.parser)) +
               ": " + XML_ErrorString(code);
    }
    return {};
}

bool is_undefined_entity_error(std::string_view error) {
    return error.find(k_undefined_entity) != std::string_view::npos;
}

std::string replace_html_entities(std::string_view xml) {
    std::string out;
    out.reserve(xml.size());
    std::size_t i = 0;
    while (i < xml.size()) {
        const auto amp = xml.find('&', i);
        out.append(xml.substr(i, amp == std::string_view::npos ? amp : amp - i));
        if (amp == std::string_view::npos) {
            break;
        }
        std::size_t end = amp + 1;
        while (end < xml.size() && std::isalnum(static_cast<unsigned char>(xml[end])) != 0) {
            ++end;
        }
        const auto name = xml.substr(amp + 1, end - amp - 1);
        const bool is_reference = !name.empty() && end < xml.size() && xml[end] == ';';
        const bool xml_defined =
            name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
        if (!is_reference || xml_defined) {
            out += '&';
            i = amp + 1;
            continue;
        }
        const auto cp = html_entity(name);
        out += cp ? "&#" + std::to_string(static_cast<std::uint32_t>(*cp)) + ";"
                  : "&amp;" + std::string(name) + ";";
        i = end + 1;
    }
    return out;
}

} // namespace onevoice::integrations::sources
