#include "bot/model/dates.hpp"

#include <array>
#include <cstdio>
#include <initializer_list>

namespace onevoice::bot {

namespace {

// Indexed by LocalDate::weekday(), Monday first.
constexpr std::array<std::string_view, 7> k_english_days = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 7> k_german_days = {
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"};
constexpr std::array<std::string_view, 7> k_english_names = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 7> k_german_names = {
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"};

// ASCII only on purpose: every keyword we accept is plain ASCII, and std::tolower would depend
// on the process locale.
std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// The weekday (0 = Monday) that `word` names, or -1.
int weekday_index(std::string_view word, Locale locale) {
    for (int i = 0; i < 7; ++i) {
        const std::string_view english = k_english_days[static_cast<std::size_t>(i)];
        if (word == english || word == english.substr(0, 3)) {
            return i;
        }
        if (locale == Locale::de && word == k_german_days[static_cast<std::size_t>(i)]) {
            return i;
        }
    }
    return -1;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<LocalDate> parse_date(std::string_view text, LocalDate today, Locale locale) {
    if (auto iso = LocalDate::from_iso(text)) {
        return iso;
    }
    const std::string word = to_lower_ascii(text);
    const bool is_de = locale == Locale::de;
    if (word == "today" || (is_de && word == "heute")) {
        return today;
    }
    if (word == "tomorrow" || (is_de && word == "morgen")) {
        return today.plus_days(1);
    }
    if (const int target = weekday_index(word, locale); target >= 0) {
        // "friday" on a Friday means today: teams plan for the rest of the day, too.
        return today.plus_days((target - today.weekday() + 7) % 7);
    }
    return std::nullopt;
}

std::optional<LocalTime> parse_time(std::string_view text) {
    const auto colon = text.find(':');
    if (colon != 1 && colon != 2) {
        return std::nullopt;
    }
    const std::string_view hours = text.substr(0, colon);
    const std::string_view minutes = text.substr(colon + 1);
    if (minutes.size() != 2) {
        return std::nullopt;
    }
    for (const std::string_view part : {hours, minutes}) {
        for (char c : part) {
            if (!is_digit(c)) {
                return std::nullopt;
            }
        }
    }
    int hour = 0;
    for (char c : hours) {
        hour = hour * 10 + (c - '0');
    }
    const int minute = (minutes[0] - '0') * 10 + (minutes[1] - '0');
    if (hour > 23 || minute > 59) {
        return std::nullopt;
    }
    return LocalTime{hour, minute};
}

std::string format_date(LocalDate d, Locale locale) {
    if (locale == Locale::en) {
        return d.iso();
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", d.day, d.month, d.year);
    return buf;
}

std::string format_time(LocalTime t, Locale locale) {
    return locale == Locale::de ? t.hhmm() + " Uhr" : t.hhmm();
}

std::string format_date_time(TimePoint t, const TimeZone& zone, Locale locale) {
    const std::string date = format_date(zone.date_of(t), locale);
    const std::string time = format_time(zone.time_of(t), locale);
    return date + (locale == Locale::de ? ", " : " ") + time;
}

std::string weekday_name(LocalDate d, Locale locale) {
    const auto index = static_cast<std::size_t>(d.weekday());
    return std::string(locale == Locale::de ? k_german_names[index] : k_english_names[index]);
}

} // namespace onevoice::bot
