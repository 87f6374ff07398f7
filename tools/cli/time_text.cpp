#include "time_text.hpp"

#include <cmath>
#include <cstdint>
#include <ctime>

namespace oauth2cc::cli {

namespace {

std::string format(WallTime at, bool utc, const char* pattern) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm parts{};
  if ((utc ? gmtime_r(&seconds, &parts) : localtime_r(&seconds, &parts)) == nullptr) return "(out of range)";
  char text[96];
  const std::size_t length = std::strftime(text, sizeof text, pattern, &parts);
  return std::string(text, length);
}

}  // namespace

std::string iso8601_utc(WallTime at) { return format(at, true, "%Y-%m-%dT%H:%M:%SZ"); }

std::string local_time_text(WallTime at) { return format(at, false, "%Y-%m-%d %H:%M:%S %Z (%z)"); }

std::string duration_text(std::chrono::seconds duration) {
  std::int64_t left = duration.count() < 0 ? -duration.count() : duration.count();
  const std::int64_t days = left / 86400;
  const std::int64_t hours = left / 3600 % 24;
  const std::int64_t minutes = left / 60 % 60;
  const std::int64_t seconds = left % 60;
  std::string text;
  const auto part = [&text](std::int64_t value, const char* unit) {
    if (!text.empty()) text += ' ';
    text.append(std::to_string(value)).append(unit);
  };
  // Days and hours are enough precision once a duration runs to days.
  if (days > 0) {
    part(days, "d");
    part(hours, "h");
    return text;
  }
  if (hours > 0) part(hours, "h");
  if (hours > 0 || minutes > 0) part(minutes, "m");
  part(seconds, "s");
  return text;
}

std::string relative_text(WallTime at, WallTime now) {
  const auto difference = std::chrono::duration_cast<std::chrono::seconds>(at - now);
  if (difference.count() == 0) return "now";
  const std::string amount = duration_text(difference);
  return difference.count() >= 0 ? "in " + amount : amount + " ago";
}

std::optional<WallTime> from_unix_seconds(double seconds) {
  // system_clock counts nanoseconds in 64 bits: it ends in the year 2262.
  constexpr double year_2200 = 7'258'118'400.0;
  if (!std::isfinite(seconds) || seconds > year_2200 || seconds < -year_2200) return std::nullopt;
  // Whole seconds: claims are NumericDates.
  const auto whole = static_cast<std::int64_t>(std::floor(seconds));
  return WallTime(std::chrono::duration_cast<WallTime::duration>(std::chrono::seconds(whole)));
}

}  // namespace oauth2cc::cli
