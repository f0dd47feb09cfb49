#include "bot/model/dates.hpp"

#include "bot/text/fold.hpp"

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
constexpr std::array<std::string_view, 7> k_german_short = {"mo", "di", "mi", "do",
                                                            "fr", "sa", "so"};
constexpr std::array<std::string_view, 7> k_english_names = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 7> k_german_names = {
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"};

// The weekday (0 = Monday) that `word` (folded) names, in English or German, in full or short
// ("mon", "mo", "mo."), or -1.
int weekday_index(std::string_view word) {
    for (std::size_t i = 0; i < 7; ++i) {
        const std::string_view english = k_english_days[i];
        const std::string_view german_short = k_german_short[i];
        if (word == english || word == english.substr(0, 3) || word == k_german_days[i] ||
            word == german_short ||
            (word.size() == 3 && word.substr(0, 2) == german_short && word[2] == '.')) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A number of one or two digits, or -1.
int small_number(std::string_view text) {
    if (text.empty() || text.size() > 2 || !is_digit(text[0]) ||
        (text.size() == 2 && !is_digit(text[1]))) {
        return -1;
    }
    return text.size() == 1 ? text[0] - '0' : (text[0] - '0') * 10 + (text[1] - '0');
}

// The date day.month.year when it exists (LocalDate::from_iso checks).
std::optional<LocalDate> existing(int year, int month, int day) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return LocalDate::from_iso(buf);
}

// "22.11.2026", "1.2.2027" or "22.11." (the next 22 November, today included), or nullopt.
std::optional<LocalDate> german_date(std::string_view text, LocalDate today) {
    const auto first = text.find('.');
    const auto second = first == std::string_view::npos ? first : text.find('.', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    const int day = small_number(text.substr(0, first));
    const int month = small_number(text.substr(first + 1, second - first - 1));
    const std::string_view year = text.substr(second + 1);
    if (day < 0 || month < 0) {
        return std::nullopt;
    }
    if (year.empty()) {
        // The next such date: this year's unless it has passed (or does not exist, 29.02.).
        const auto this_year = existing(today.year, month, day);
        if (this_year && !(*this_year < today)) {
            return this_year;
        }
        return existing(today.year + 1, month, day);
    }
    if (year.size() != 4 || year.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    return existing((year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10 +
                        (year[3] - '0'),
                    month, day);
}

// `text` folded, each run of white space one space: "Nächste  Woche" -> "nächste woche".
std::string folded_words(std::string_view text) {
    std::string out;
    for (const char c : fold(text)) {
        const bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!is_space) {
            out += c;
        } else if (out.empty() || out.back() != ' ') {
            out += ' ';
        }
    }
    return out;
}

} // namespace

bool is_next_week(std::string_view text) {
    const std::string words = folded_words(text);
    return words == "nächste woche" || words == "naechste woche" || words == "next week";
}

std::size_t date_phrase_length(std::span<const std::string> words) {
    return words.size() >= 2 && is_next_week(words[0] + " " + words[1]) ? 2 : 1;
}

LocalDate monday_of_next_week(LocalDate today) {
    return today.plus_days(7 - today.weekday());
}

std::optional<LocalDate> parse_date(std::string_view text, LocalDate today, Locale) {
    if (auto iso = LocalDate::from_iso(text)) {
        return iso;
    }
    if (auto german = german_date(text, today)) {
        return german;
    }
    // German and English words in either locale (COMMANDS.md, "Dates and words in German"):
    // a German team writes "morgen" whatever language the bot answers in.
    const std::string word = folded_words(text);
    if (word == "today" || word == "heute") {
        return today;
    }
    if (word == "tomorrow" || word == "morgen") {
        return today.plus_days(1);
    }
    if (word == "übermorgen" || word == "uebermorgen") {
        return today.plus_days(2);
    }
    if (is_next_week(word)) {
        return monday_of_next_week(today);
    }
    if (const int target = weekday_index(word); target >= 0) {
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
