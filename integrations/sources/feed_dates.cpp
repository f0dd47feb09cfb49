#include "integrations/sources/feed_dates.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace onevoice::integrations::sources {

namespace {

using namespace std::chrono;

// Digits at `pos`, exactly `count` of them; advances `pos`.
std::optional<int> fixed_digits(std::string_view text, std::size_t& pos, std::size_t count) {
    if (text.size() < pos + count) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    pos += count;
    return value;
}

std::optional<int> whole_number(std::string_view text) {
    std::size_t pos = 0;
    if (text.empty() || text.size() > 4) {
        return std::nullopt;
    }
    return fixed_digits(text, pos, text.size());
}

std::optional<bot::TimePoint> make_time(int y, int mo, int d, int h, int mi, int s, minutes offset,
                                        milliseconds fraction = {}) {
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                              day{static_cast<unsigned>(d)}};
    // 60 allows a leap second; it rolls into the next minute.
    if (!date.ok() || h > 23 || mi > 59 || s > 60) {
        return std::nullopt;
    }
    const auto local = sys_days{date} + hours{h} + minutes{mi} + seconds{s};
    return time_point_cast<milliseconds>(local - offset) + fraction;
}

std::optional<minutes> zone_offset(std::string_view zone) {
    if (!zone.empty() && (zone.front() == '+' || zone.front() == '-')) {
        std::string digits;
        for (const char c : zone.substr(1)) {
            if (c != ':') {
                digits += c;
            }
        }
        std::size_t pos = 0;
        const auto hh = fixed_digits(digits, pos, 2);
        const auto mm = digits.size() == 4 ? fixed_digits(digits, pos, 2) : std::optional<int>{0};
        if (!hh || !mm || pos != digits.size() || *hh > 23 || *mm > 59) {
            return std::nullopt;
        }
        const minutes offset{*hh * 60 + *mm};
        return zone.front() == '-' ? -offset : offset;
    }
    static constexpr std::array<std::pair<std::string_view, int>, 22> k_zones = {{
        {"GMT", 0},    {"UT", 0},     {"UTC", 0},    {"Z", 0},      {"WET", 0},    {"WEST", 60},
        {"BST", 60},   {"CET", 60},   {"MEZ", 60},   {"CEST", 120}, {"MESZ", 120}, {"EET", 120},
        {"EEST", 180}, {"MSK", 180},  {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
        {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
    }};
    std::string upper;
    for (const char c : zone) {
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    for (const auto& [name, offset] : k_zones) {
        if (name == upper) {
            return minutes{offset};
        }
    }
    return minutes{0};
}

std::optional<int> month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> k_months = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() < 3) {
        return std::nullopt;
    }
    std::string prefix;
    for (const char c : name.substr(0, 3)) {
        prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        if (k_months[i] == prefix) {
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> tokens(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t')) {
            ++i;
        }
        const auto start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '\t') {
            ++i;
        }
        if (i > start) {
            out.push_back(text.substr(start, i - start));
        }
    }
    return out;
}

} // namespace

std::optional<bot::TimePoint> parse_rfc822_date(std::string_view text) {
    auto parts = tokens(text);
    // A leading weekday ("Tue" or "Tuesday") carries nothing we need.
    if (!parts.empty() && std::isalpha(static_cast<unsigned char>(parts.front().front())) != 0) {
        parts.erase(parts.begin());
    }
    if (parts.size() < 4) {
        return std::nullopt;
    }
    const auto day_of_month = whole_number(parts[0]);
    const auto month_of_year = month_number(parts[1]);
    auto year_number = whole_number(parts[2]);
    if (!day_of_month || !month_of_year || !year_number) {
        return std::nullopt;
    }
    if (parts[2].size() == 2) {
        *year_number += *year_number < 50 ? 2000 : 1900;
    }
    const auto time = parts[3];
    std::size_t pos = 0;
    const auto h = fixed_digits(time, pos, time.size() > 1 && time[1] == ':' ? 1 : 2);
    const bool has_colon = pos < time.size() && time[pos] == ':';
    pos += has_colon ? 1 : 0;
    const auto mi = has_colon ? fixed_digits(time, pos, 2) : std::nullopt;
    std::optional<int> s = 0;
    if (pos < time.size() && time[pos] == ':') {
        ++pos;
        s = fixed_digits(time, pos, 2);
    }
    if (!h || !mi || !s || pos != time.size()) {
        return std::nullopt;
    }
    const auto offset = parts.size() > 4 ? zone_offset(parts[4]) : minutes{0};
    if (!offset) {
        return std::nullopt;
    }
    return make_time(*year_number, *month_of_year, *day_of_month, *h, *mi, *s, *offset);
}

std::optional<bot::TimePoint> parse_rfc3339_date(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    std::size_t pos = 0;
    const auto y = fixed_digits(text, pos, 4);
    const bool dash1 = pos < text.size() && text[pos++] == '-';
    const auto mo = fixed_digits(text, pos, 2);
    const bool dash2 = pos < text.size() && text[pos++] == '-';
    const auto d = fixed_digits(text, pos, 2);
    if (!y || !dash1 || !mo || !dash2 || !d) {
        return std::nullopt;
    }
    if (pos == text.size()) {
        return make_time(*y, *mo, *d, 0, 0, 0, minutes{0});
    }
    const char sep = text[pos++];
    if (sep != 'T' && sep != 't' && sep != ' ') {
        return std::nullopt;
    }
    const auto h = fixed_digits(text, pos, 2);
    const bool colon1 = pos < text.size() && text[pos++] == ':';
    const auto mi = fixed_digits(text, pos, 2);
    std::optional<int> s = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        s = fixed_digits(text, pos, 2);
    }
    milliseconds fraction{0};
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        int scale = 100;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
            fraction += milliseconds{(text[pos] - '0') * scale};
            scale /= 10;
            ++pos;
        }
    }
    if (!h || !colon1 || !mi || !s) {
        return std::nullopt;
    }
    const auto zone = text.substr(pos);
    // W3C-DTF requires a zone; a missing one is read as UTC rather than dropped.
    const auto offset = zone.empty() ? std::optional<minutes>{0} : zone_offset(zone);
    if (!offset || (!zone.empty() && zone != "Z" && zone != "z" && zone.front() != '+' &&
                    zone.front() != '-')) {
        return std::nullopt;
    }
    return make_time(*y, *mo, *d, *h, *mi, *s, *offset, fraction);
}

} // namespace onevoice::integrations::sources
