#pragma once

// HTTP-date (RFC 9110 §5.6.7), as a Retry-After header may carry it. Plain
// character-by-character parsing: no locale, no std::get_time, no time zone
// database, so the result is the same on every machine.

#include <chrono>       // system_clock, seconds, time_point, floor
#include <cstdint>      // int64_t
#include <optional>     // optional
#include <string_view>  // string_view

#include <oauth2cc/clock.hpp>
#include <oauth2cc/detail/text/ascii.hpp>

namespace oauth2cc::detail {

// A whole second of UTC. Seconds, not system_clock's own (often nanosecond)
// ticks, so every four-digit year fits.
using HttpDate = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

constexpr bool is_leap_year(std::int64_t year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr int days_in_month(std::int64_t year, int month) noexcept {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// Days from 1970-01-01 to a proleptic Gregorian date (year >= 1, month 1-12,
// day valid for the month): whole years, the leap days they contain, then the
// months of the last year.
constexpr std::int64_t days_from_civil(std::int64_t year, int month, int day) noexcept {
  const auto leap_years_up_to = [](std::int64_t y) { return y / 4 - y / 100 + y / 400; };  // in [1, y]
  constexpr int days_before_month[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  std::int64_t days = 365 * (year - 1970) + leap_years_up_to(year - 1) - leap_years_up_to(1969);
  days += days_before_month[month - 1] + (month > 2 && is_leap_year(year) ? 1 : 0) + day - 1;
  return days;
}

// The calendar year a day (counted from 1970-01-01) falls in.
constexpr std::int64_t year_of_day(std::int64_t days) noexcept {
  std::int64_t year = 1970 + days / 366;  // never later than the answer
  while (days_from_civil(year + 1, 1, 1) <= days) ++year;
  while (days_from_civil(year, 1, 1) > days) --year;
  return year;
}

// Exactly `count` ASCII digits at `at`, as a number; -1 otherwise.
constexpr int fixed_digits(std::string_view text, std::size_t at, std::size_t count) noexcept {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!is_ascii_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// "Jan".."Dec" (case-sensitive, as the grammar is) to 1-12; 0 if none.
constexpr int month_number(std::string_view name) noexcept {
  constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (months[i] == name) return i + 1;
  }
  return 0;
}

constexpr bool is_day_name(std::string_view name) noexcept {
  for (const std::string_view day : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}) {
    if (day == name) return true;
  }
  return false;
}

constexpr bool is_long_day_name(std::string_view name) noexcept {
  for (const std::string_view day : {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}) {
    if (day == name) return true;
  }
  return false;
}

// The fields of a date before they are checked and combined.
struct DateFields {
  std::int64_t year = 0;
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// "HH:MM:SS" at `at` into `fields`; false unless all three are two digits.
constexpr bool parse_time_of_day(std::string_view text, std::size_t at, DateFields& fields) noexcept {
  if (at + 8 > text.size() || text[at + 2] != ':' || text[at + 5] != ':') return false;
  fields.hour = fixed_digits(text, at, 2);
  fields.minute = fixed_digits(text, at + 3, 2);
  fields.second = fixed_digits(text, at + 6, 2);
  return fields.hour >= 0 && fields.minute >= 0 && fields.second >= 0;
}

inline std::optional<HttpDate> to_http_date(const DateFields& f) noexcept {
  // Second 60 is the leap second the grammar allows; it counts as the next second.
  if (f.year < 1 || f.month < 1 || f.month > 12 || f.day < 1 || f.day > days_in_month(f.year, f.month) ||
      f.hour > 23 || f.minute > 59 || f.second > 60) {
    return std::nullopt;
  }
  const std::int64_t seconds =
      days_from_civil(f.year, f.month, f.day) * 86'400 + f.hour * 3'600 + f.minute * 60 + f.second;
  return HttpDate(std::chrono::seconds(seconds));
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
inline std::optional<HttpDate> parse_imf_fixdate(std::string_view text) noexcept {
  if (text.size() != 29 || !is_day_name(text.substr(0, 3)) || text.substr(3, 2) != ", " || text[7] != ' ' ||
      text[11] != ' ' || text[16] != ' ' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  DateFields f;
  f.day = fixed_digits(text, 5, 2);
  f.month = month_number(text.substr(8, 3));
  f.year = fixed_digits(text, 12, 4);
  if (f.day < 0 || f.year < 0 || !parse_time_of_day(text, 17, f)) return std::nullopt;
  return to_http_date(f);
}

// RFC 850 (obsolete): "Sunday, 06-Nov-94 08:49:37 GMT". A two-digit year is
// the one nearest `now` that is at most 50 years ahead (RFC 9110 §5.6.7).
inline std::optional<HttpDate> parse_rfc850_date(std::string_view text, WallTime now) noexcept {
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos || !is_long_day_name(text.substr(0, comma))) return std::nullopt;
  const std::string_view rest = text.substr(comma);  // ", 06-Nov-94 08:49:37 GMT"
  if (rest.size() != 24 || rest[1] != ' ' || rest[4] != '-' || rest[8] != '-' || rest[11] != ' ' ||
      rest.substr(20) != " GMT") {
    return std::nullopt;
  }
  DateFields f;
  f.day = fixed_digits(rest, 2, 2);
  f.month = month_number(rest.substr(5, 3));
  const int two_digit_year = fixed_digits(rest, 9, 2);
  if (f.day < 0 || two_digit_year < 0 || !parse_time_of_day(rest, 12, f)) return std::nullopt;

  const auto today = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  const std::int64_t this_year = year_of_day(today);
  f.year = this_year - (this_year - two_digit_year) % 100;  // the latest such year not after this one
  if (f.year + 100 <= this_year + 50) f.year += 100;
  return to_http_date(f);
}

// asctime (obsolete): "Sun Nov  6 08:49:37 1994", the day padded with a space.
inline std::optional<HttpDate> parse_asctime_date(std::string_view text) noexcept {
  if (text.size() != 24 || !is_day_name(text.substr(0, 3)) || text[3] != ' ' || text[7] != ' ' ||
      text[10] != ' ' || text[19] != ' ') {
    return std::nullopt;
  }
  DateFields f;
  f.month = month_number(text.substr(4, 3));
  f.day = text[8] == ' ' ? fixed_digits(text, 9, 1) : fixed_digits(text, 8, 2);
  f.year = fixed_digits(text, 20, 4);
  if (f.day < 0 || f.year < 0 || !parse_time_of_day(text, 11, f)) return std::nullopt;
  return to_http_date(f);
}

// An HTTP-date in any of the three formats RFC 9110 §5.6.7 requires recipients
// to accept; surrounding spaces and tabs are ignored. `now` is needed only for
// RFC 850's two-digit years. Anything else, or a date that does not exist
// (Feb 30, hour 24), is nullopt.
inline std::optional<HttpDate> parse_http_date(std::string_view text, WallTime now) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() > 3 && text[3] == ',') return parse_imf_fixdate(text);
  if (text.size() > 3 && text[3] == ' ') return parse_asctime_date(text);
  return parse_rfc850_date(text, now);
}

}  // namespace oauth2cc::detail
