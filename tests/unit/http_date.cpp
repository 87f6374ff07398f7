// HTTP-date parsing (RFC 9110 §5.6.7) for Retry-After: the preferred format,
// the two obsolete ones recipients must accept, and everything else refused.

#include <doctest/doctest.h>

#include <oauth2cc/detail/http/http_date.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

using namespace oauth2cc;
using namespace std::chrono_literals;
using detail::parse_http_date;

namespace http_date_test {

namespace {

// 2026-01-01T00:00:00Z, the "now" that resolves RFC 850's two-digit years.
const WallTime in_2026 = WallTime(std::chrono::seconds(1'767'225'600));

// Seconds since the epoch of a date that must parse.
std::int64_t epoch_seconds(std::string_view text, WallTime now = in_2026) {
  const auto date = parse_http_date(text, now);
  REQUIRE_MESSAGE(date.has_value(), text);
  return date->time_since_epoch().count();
}

bool refused(std::string_view text) { return !parse_http_date(text, in_2026).has_value(); }

}  // namespace

TEST_SUITE("HTTP-date") {
  TEST_CASE("IMF-fixdate, the format servers send") {
    CHECK(epoch_seconds("Sun, 06 Nov 1994 08:49:37 GMT") == 784'111'777);
    CHECK(epoch_seconds("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
    CHECK(epoch_seconds("Thu, 01 Jan 2026 00:00:02 GMT") == 1'767'225'602);
    CHECK(epoch_seconds("Fri, 31 Dec 9999 23:59:59 GMT") == 253'402'300'799);  // beyond system_clock's nanoseconds
    CHECK(epoch_seconds("Mon, 01 Jan 1900 00:00:00 GMT") == -2'208'988'800);
  }

  TEST_CASE("the obsolete RFC 850 and asctime formats give the same instant") {
    CHECK(epoch_seconds("Sunday, 06-Nov-94 08:49:37 GMT") == 784'111'777);
    CHECK(epoch_seconds("Sun Nov  6 08:49:37 1994") == 784'111'777);
    CHECK(epoch_seconds("Wed Nov 16 08:49:37 1994") == 784'975'777);
  }

  TEST_CASE("an RFC 850 two-digit year is never more than 50 years ahead") {
    CHECK(epoch_seconds("Thursday, 02-Jan-76 03:04:05 GMT") == 3'345'159'845);  // 2076: 50 years ahead
    CHECK(epoch_seconds("Sunday, 02-Jan-77 03:04:05 GMT") == 221'022'245);      // 1977, not 2077
    CHECK(epoch_seconds("Thursday, 01-Jan-26 00:00:02 GMT") == 1'767'225'602);
    // The same text means another year when read at another time; the day name
    // is not checked against the date (RFC 9110 does not ask recipients to).
    const WallTime in_1990 = WallTime(std::chrono::seconds(631'152'000));
    CHECK(epoch_seconds("Thursday, 02-Jan-76 03:04:05 GMT", in_1990) == 189'399'845);  // 1976
  }

  TEST_CASE("leap years follow the Gregorian rules") {
    CHECK(epoch_seconds("Thu, 29 Feb 2024 00:00:00 GMT") == 1'709'164'800);
    CHECK(epoch_seconds("Tue, 29 Feb 2000 12:00:00 GMT") == 951'825'600);  // divisible by 400
    CHECK(refused("Thu, 29 Feb 1900 00:00:00 GMT"));                       // divisible by 100
    CHECK(refused("Sat, 29 Feb 2025 00:00:00 GMT"));
  }

  TEST_CASE("days_from_civil agrees with std::chrono's calendar for every day of 1601 to 2400") {
    using namespace std::chrono;
    int mismatches = 0;
    for (sys_days day = sys_days(year(1601) / January / 1); day <= sys_days(year(2400) / December / 31); day += days(1)) {
      const year_month_day ymd(day);
      const std::int64_t ours = detail::days_from_civil(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                                                        static_cast<int>(static_cast<unsigned>(ymd.day())));
      const std::int64_t theirs = day.time_since_epoch().count();
      if (ours != theirs || detail::year_of_day(theirs) != static_cast<int>(ymd.year())) ++mismatches;
    }
    CHECK(mismatches == 0);
  }

  TEST_CASE("surrounding spaces and tabs are ignored, and a leap second is accepted") {
    CHECK(epoch_seconds(" \tSun, 06 Nov 1994 08:49:37 GMT \t") == 784'111'777);
    CHECK(epoch_seconds("Sun, 06 Nov 1994 08:49:60 GMT") == 784'111'800);
  }

  TEST_CASE("anything else is refused") {
    for (const std::string_view text : {
             "",
             "garbage",
             "120",
             "Sun, 06 Nov 1994 08:49:37 UTC",        // only GMT
             "Sun, 06 Nov 1994 08:49:37",            // no zone
             "Sun, 06 Nov 1994 08:49:37 GMT+1",      // trailing text
             "sun, 06 Nov 1994 08:49:37 GMT",        // names are case-sensitive
             "Sun, 06 nov 1994 08:49:37 GMT",
             "Xyz, 06 Nov 1994 08:49:37 GMT",        // no such day
             "Sun, 06 Foo 1994 08:49:37 GMT",        // no such month
             "Sun, 6 Nov 1994 08:49:37 GMT",         // one-digit day
             "Sun,  06 Nov 1994 08:49:37 GMT",       // doubled space
             "Sun, 06 Nov 94 08:49:37 GMT",          // two-digit year outside RFC 850
             "Sun, 06 Nov 1994 8:49:37 GMT",
             "Sun, 06 Nov 1994 08-49-37 GMT",
             "Sun, 06 Nov 1994 24:00:00 GMT",        // hour 24
             "Sun, 06 Nov 1994 08:60:00 GMT",        // minute 60
             "Sun, 06 Nov 1994 08:49:61 GMT",        // second 61
             "Sun, 00 Nov 1994 08:49:37 GMT",        // day 0
             "Sun, 31 Nov 1994 08:49:37 GMT",        // November has 30 days
             "Sun, 30 Feb 1994 08:49:37 GMT",
             "Sun, 06 Nov 0000 08:49:37 GMT",        // year 0
             "Sun, 06 Nov 1994 08:49:37 GMT\r\n",    // a line ending is not whitespace here
             "Sun, 0x Nov 1994 08:49:37 GMT",
             "Sun, +6 Nov 1994 08:49:37 GMT",
             "Sun, 06 Nov 1994 08:49:37 GMTX",
             "Sunday, 06-Nov-1994 08:49:37 GMT",    // RFC 850 has two digits
             "Sun, 06-Nov-94 08:49:37 GMT",          // RFC 850 with a short day name
             "Sunday, 06 Nov 1994 08:49:37 GMT",     // IMF-fixdate with a long day name
             "Someday, 06-Nov-94 08:49:37 GMT",
             "Sun Nov 6 08:49:37 1994",              // asctime without the padding space
             "Sun Nov  6 08:49:37 94",
             "Sun Nov  6 08:49:37 1994 GMT",
         }) {
      CHECK_MESSAGE(refused(text), text);
    }
  }
}

}  // namespace http_date_test
