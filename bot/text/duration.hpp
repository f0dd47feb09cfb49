#pragma once

#include <chrono>
#include <string>

namespace onevoice::bot {

// The smallest unit duration_text shows.
enum class DurationUnit { second, minute };

// A duration in its two largest units, as lists show it: "45 min",
// "3 h 20 min", "2 d 5 h"; a zero second unit is left out ("3 h"). Under a
// minute it is "0 min", or "42 s" when `smallest` is DurationUnit::second.
// A negative duration (clocks that disagree) shows as zero. The units are the
// international symbols s, min, h and d (SI and accepted for use with it),
// written the same in English and German, so they need no catalog entry.
std::string duration_text(std::chrono::milliseconds duration,
                          DurationUnit smallest = DurationUnit::minute);

} // namespace onevoice::bot
