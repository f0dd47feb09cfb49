#pragma once

// Independent readers for the exported files (CSV, iCalendar), written from
// the RFCs rather than from the bot's writers, so that a test reads back what a
// spreadsheet or a calendar would. Shared by the unit and the console e2e tests.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace onevoice::tests {

// An independent RFC 4180 reader: records of fields, quoted fields may hold
// commas, CRLF and doubled quotes.
inline std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            record.push_back(field);
            records.push_back(record);
            record.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());
    return records;
}

struct IcsProperty {
    std::string name; // with parameters: "DTSTART;VALUE=DATE"
    std::string value;
};

// An independent RFC 5545 reader: unfolds CRLF + space, splits at the first
// ':' and unescapes TEXT values.
inline std::vector<IcsProperty> parse_ics(const std::string& text) {
    std::string unfolded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += text[i];
    }
    std::vector<IcsProperty> properties;
    std::size_t start = 0;
    while (start < unfolded.size()) {
        const std::size_t end = unfolded.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        const std::string line = unfolded.substr(start, end - start);
        const std::size_t colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        std::string value;
        const std::string raw = line.substr(colon + 1);
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '\\' && i + 1 < raw.size()) {
                ++i;
                value += raw[i] == 'n' || raw[i] == 'N' ? '\n' : raw[i];
            } else {
                value += raw[i];
            }
        }
        properties.push_back({line.substr(0, colon), value});
        start = end + 2;
    }
    return properties;
}

inline std::vector<std::string> values_of(const std::vector<IcsProperty>& properties,
                                          const std::string& name) {
    std::vector<std::string> out;
    for (const auto& property : properties) {
        if (property.name == name) {
            out.push_back(property.value);
        }
    }
    return out;
}

inline bool is_utf8_start(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

// Every physical line: at most 75 octets, never starting inside a UTF-8 sequence.
inline void check_folding(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        CHECK(end - start <= 75);
        if (end > start) {
            const std::size_t first = text[start] == ' ' ? start + 1 : start;
            CHECK((first >= end || is_utf8_start(text[first])));
        }
        CHECK((end + 2 >= text.size() || is_utf8_start(text[end + 2])));
        start = end + 2;
    }
}

} // namespace onevoice::tests
