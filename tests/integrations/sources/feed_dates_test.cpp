// RFC 822 (RSS) and RFC 3339 (Atom) dates.
#include "integrations/sources/feed_dates.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace onevoice::integrations::sources;
using namespace std::chrono;

namespace {

onevoice::bot::TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
    return time_point_cast<milliseconds>(sys_days{year{y} / month{mo} / day{d}} + hours{h} +
                                         minutes{mi} + seconds{s});
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("parse_rfc822_date: the forms RSS feeds use") {
    CHECK(parse_rfc822_date("Tue, 10 Jun 2003 04:00:00 GMT") == utc(2003, 6, 10, 4, 0));
    CHECK(parse_rfc822_date("Sun, 29 Mar 2026 09:15:00 +0200") == utc(2026, 3, 29, 7, 15));
    CHECK(parse_rfc822_date("29 Mar 2026 09:15 -0130") == utc(2026, 3, 29, 10, 45));
    CHECK(parse_rfc822_date("Mon, 30 Mar 2026 07:00:00 CEST") == utc(2026, 3, 30, 5, 0));
    CHECK(parse_rfc822_date("Mon, 2 Feb 2026 07:00:00 MEZ") == utc(2026, 2, 2, 6, 0));
    CHECK(parse_rfc822_date("Wed, 02 Oct 02 08:00:00 EST") == utc(2002, 10, 2, 13, 0));
    CHECK(parse_rfc822_date("Tuesday, 10 June 2003 4:00:00 UT") == utc(2003, 6, 10, 4, 0));
    CHECK(parse_rfc822_date("10 Jun 2003 04:00:00") == utc(2003, 6, 10, 4, 0));
    CHECK(parse_rfc822_date("10 Jun 2003 04:00:00 XYZ") == utc(2003, 6, 10, 4, 0));
}

TEST_CASE("parse_rfc822_date: unreadable dates are nullopt") {
    CHECK_FALSE(parse_rfc822_date(""));
    CHECK_FALSE(parse_rfc822_date("yesterday"));
    CHECK_FALSE(parse_rfc822_date("31 Feb 2026 10:00:00 GMT"));
    CHECK_FALSE(parse_rfc822_date("10 Foo 2026 10:00:00 GMT"));
    CHECK_FALSE(parse_rfc822_date("10 Jun 2026 25:00:00 GMT"));
    CHECK_FALSE(parse_rfc822_date("10 Jun 2026 10:00:00 +99"));
    CHECK_FALSE(parse_rfc822_date("2026-03-29T10:00:00Z"));
}

TEST_CASE("parse_rfc3339_date: offsets, fractions and bare dates") {
    CHECK(parse_rfc3339_date("2026-03-29T01:30:00+02:00") == utc(2026, 3, 28, 23, 30));
    CHECK(parse_rfc3339_date("2026-03-29T08:15:30.123Z") ==
          utc(2026, 3, 29, 8, 15, 30) + milliseconds(123));
    CHECK(parse_rfc3339_date("2026-03-29t08:15:30z") == utc(2026, 3, 29, 8, 15, 30));
    CHECK(parse_rfc3339_date("2026-03-29 08:15:30-0500") == utc(2026, 3, 29, 13, 15, 30));
    CHECK(parse_rfc3339_date(" 2026-03-28 ") == utc(2026, 3, 28, 0, 0));
    CHECK(parse_rfc3339_date("2026-03-29T08:15Z") == utc(2026, 3, 29, 8, 15));
}

TEST_CASE("parse_rfc3339_date: unreadable dates are nullopt") {
    CHECK_FALSE(parse_rfc3339_date(""));
    CHECK_FALSE(parse_rfc3339_date("2026-13-01T00:00:00Z"));
    CHECK_FALSE(parse_rfc3339_date("2026-03-29T08:15:30 CEST"));
    CHECK_FALSE(parse_rfc3339_date("Sun, 29 Mar 2026 09:15:00 GMT"));
    CHECK_FALSE(parse_rfc3339_date("2026-03-29X08:15:30Z"));
}

TEST_SUITE_END();
