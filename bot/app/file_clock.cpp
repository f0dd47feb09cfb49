#include "bot/app/file_clock.hpp"

#include "bot/model/dates.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/text/tokenizer.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace onevoice::bot {
namespace {

std::optional<std::int64_t> whole_number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// "YYYY-MM-DDTHH:MM[:SS]Z"
std::optional<TimePoint> parse_iso_utc(std::string_view text) {
    if (text.size() < 17 || text[10] != 'T' || text.back() != 'Z') {
        return std::nullopt;
    }
    const auto date = LocalDate::from_iso(text.substr(0, 10));
    std::string_view clock = text.substr(11, text.size() - 12);
    int seconds = 0;
    if (clock.size() == 8 && clock[5] == ':') {
        const auto parsed = whole_number(clock.substr(6));
        if (!parsed || *parsed > 59) {
            return std::nullopt;
        }
        seconds = static_cast<int>(*parsed);
        clock = clock.substr(0, 5);
    }
    const auto time = clock.size() == 5 ? parse_time(clock) : std::nullopt;
    if (!date || !time) {
        return std::nullopt;
    }
    return TimeZone::utc().at(*date, *time) + std::chrono::seconds(seconds);
}

} // namespace

std::optional<TimePoint> parse_clock_text(std::string_view text) {
    text = trim(text);
    if (const auto millis = whole_number(text)) {
        return from_millis(*millis);
    }
    return parse_iso_utc(text);
}

FileClock::FileClock(std::string path)
    : m_path(std::move(path))
    , m_last(SystemClock().now()) {}

TimePoint FileClock::now() const {
    std::ifstream in(m_path);
    std::ostringstream text;
    text << in.rdbuf();
    if (const auto parsed = parse_clock_text(text.str())) {
        m_last = *parsed;
    }
    return m_last;
}

} // namespace onevoice::bot
