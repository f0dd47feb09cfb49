#include "commands/handover/handover_deadlines.hpp"

#include <algorithm>

namespace onevoice::commands {
namespace {

// A year of days without a working day cannot happen with a valid config; the
// bound only keeps a broken one (no days at all) from looping forever.
constexpr int k_max_days_scanned = 400;

bool is_working_day(const BusinessHours& hours, bot::LocalDate date) {
    return hours.days[static_cast<std::size_t>(date.weekday())];
}

// The working window of `date`, or nullopt on a day off.
std::optional<std::pair<bot::TimePoint, bot::TimePoint>>
window_of(const BusinessHours& hours, bot::LocalDate date, const bot::TimeZone& zone) {
    if (!is_working_day(hours, date)) {
        return std::nullopt;
    }
    return std::make_pair(zone.at(date, hours.start), zone.at(date, hours.end));
}

} // namespace

bot::TimePoint add_working_time(bot::TimePoint from, bot::Duration work, const bot::TimeZone& zone,
                                const std::optional<BusinessHours>& hours) {
    if (!hours || hours->is_none()) {
        return from + work;
    }
    bot::TimePoint cursor = from;
    bot::LocalDate date = zone.date_of(from);
    for (int scanned = 0; scanned < k_max_days_scanned; ++scanned, date = date.plus_days(1)) {
        const auto window = window_of(*hours, date, zone);
        if (!window || cursor >= window->second) {
            continue;
        }
        cursor = std::max(cursor, window->first);
        const bot::Duration available = window->second - cursor;
        if (work <= available) {
            return cursor + work;
        }
        work -= available;
        cursor = window->second;
    }
    return from + work;
}

Deadline deadline_for(bot::TimePoint created, std::string_view topic,
                      const HandoverSettings& settings, const bot::TimeZone& zone) {
    const bot::Duration target = settings.target_for(topic);
    return Deadline{add_working_time(created, target / 2, zone, settings.business_hours),
                    add_working_time(created, target, zone, settings.business_hours)};
}

} // namespace onevoice::commands
