#include "bot/text/duration.hpp"

#include <algorithm>
#include <cstdint>

namespace onevoice::bot {
namespace {

// "<big> <big_unit>", and " <small> <small_unit>" unless it is zero.
std::string two_units(std::int64_t big, const char* big_unit, std::int64_t small,
                      const char* small_unit) {
    std::string out = std::to_string(big) + " " + big_unit;
    if (small != 0) {
        out += " " + std::to_string(small) + " " + small_unit;
    }
    return out;
}

} // namespace

std::string duration_text(std::chrono::milliseconds duration, DurationUnit smallest) {
    using std::chrono::duration_cast;
    duration = std::max(duration, std::chrono::milliseconds::zero());
    const std::int64_t minutes = duration_cast<std::chrono::minutes>(duration).count();
    if (minutes < 1 && smallest == DurationUnit::second) {
        return std::to_string(duration_cast<std::chrono::seconds>(duration).count()) + " s";
    }
    if (minutes < 60) {
        return std::to_string(minutes) + " min";
    }
    if (minutes < 24 * 60) {
        return two_units(minutes / 60, "h", minutes % 60, "min");
    }
    return two_units(minutes / (24 * 60), "d", (minutes / 60) % 24, "h");
}

} // namespace onevoice::bot
