#pragma once

#include "bot/model/clock.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace onevoice::bot {

// A clock whose time is read from a file, for end-to-end tests of the built
// binary only: with ONEVOICE_TEST_CLOCK_FILE set, the bot runs on this clock,
// so a test moves time (reminders, escalations) by rewriting the file instead
// of waiting hours. Never used otherwise. The file holds one instant, ISO-8601
// UTC ("2026-11-20T17:00:00Z", seconds optional) or Unix epoch milliseconds.
// Every now() reads the file; while it is missing or malformed the last good
// time is kept (the system time before the first good read), so a test that
// rewrites the file non-atomically never sees time jump to garbage.
// Runtime thread only.
class FileClock final : public Clock {
public:
    explicit FileClock(std::string path);
    TimePoint now() const override;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    mutable TimePoint m_last;
};

// Parses the file's text (surrounding white space ignored); nullopt when it is neither form.
std::optional<TimePoint> parse_clock_text(std::string_view text);

} // namespace onevoice::bot
