#pragma once

#include "bot/model/time_zone.hpp"

#include <optional>
#include <string_view>

namespace onevoice::commands {

// A stretch of the editorial plan: whole local days, both ends included.
struct PlanPeriod {
    bot::LocalDate first;
    bot::LocalDate last;
    bool is_week = false; // a week shows its empty days too
};

// "week" (Monday to Sunday around `today`), "month" (the month of `today`) or
// "YYYY-MM" (1970-01 to 9999-12); nullopt for anything else, e.g. "2025-13".
std::optional<PlanPeriod> parse_period(std::string_view word, bot::LocalDate today);

} // namespace onevoice::commands
