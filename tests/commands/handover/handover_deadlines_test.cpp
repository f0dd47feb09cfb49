#include "commands/handover/handover_deadlines.hpp"

#include <doctest/doctest.h>

using namespace onevoice;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

const bot::TimeZone k_berlin = *bot::TimeZone::find("Europe/Berlin");

bot::TimePoint local(int year, unsigned month, unsigned day, int hour, int minute) {
    return k_berlin.at(bot::LocalDate{year, month, day}, bot::LocalTime{hour, minute});
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("handover deadlines: without business hours the clock runs around the clock") {
    const auto friday_evening = local(2026, 11, 20, 19, 0);
    CHECK(commands::add_working_time(friday_evening, hours(4), k_berlin, std::nullopt) ==
          local(2026, 11, 20, 23, 0));
}

TEST_CASE("handover deadlines: business hours skip nights and the weekend, in local time") {
    const std::optional<commands::BusinessHours> hours9to17 = commands::BusinessHours{};
    SUBCASE("Friday evening is due on Monday morning") {
        CHECK(commands::add_working_time(local(2026, 11, 20, 19, 0), hours(4), k_berlin,
                                         hours9to17) == local(2026, 11, 23, 13, 0));
    }
    SUBCASE("Friday 15:00 plus 4 h is Monday 11:00") {
        CHECK(commands::add_working_time(local(2026, 11, 20, 15, 0), hours(4), k_berlin,
                                         hours9to17) == local(2026, 11, 23, 11, 0));
    }
    SUBCASE("early morning starts counting at 09:00") {
        CHECK(commands::add_working_time(local(2026, 11, 18, 6, 30), minutes(90), k_berlin,
                                         hours9to17) == local(2026, 11, 18, 10, 30));
    }
    SUBCASE("across the autumn DST change the local hours stay") {
        CHECK(commands::add_working_time(local(2026, 10, 23, 16, 0), hours(2), k_berlin,
                                         hours9to17) == local(2026, 10, 26, 10, 0));
    }
}

TEST_CASE("handover deadlines: per-topic targets and the half-time point") {
    commands::HandoverSettings settings;
    settings.topic_targets["legal"] = hours(24);
    settings.business_hours = commands::BusinessHours{};
    const auto friday = local(2026, 11, 20, 15, 0);
    const auto billing = commands::deadline_for(friday, "billing", settings, k_berlin);
    CHECK(billing.half == local(2026, 11, 20, 17, 0));
    CHECK(billing.due == local(2026, 11, 23, 11, 0));
    const auto legal = commands::deadline_for(friday, "legal", settings, k_berlin);
    CHECK(legal.due == local(2026, 11, 25, 15, 0));
}

TEST_SUITE_END();
