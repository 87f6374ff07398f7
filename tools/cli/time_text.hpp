#pragma once

// Instants and durations as people read them.

#include <chrono>
#include <optional>
#include <string>

#include <oauth2cc/clock.hpp>

namespace oauth2cc::cli {

// "2025-11-25T10:19:07Z"
std::string iso8601_utc(WallTime at);

// "2025-11-25 11:19:07 CET (+0100)", in the TZ of this process.
std::string local_time_text(WallTime at);

// "4m 59s", "2h 0m 5s", "3d 4h", "0s": whole seconds, the largest units first.
std::string duration_text(std::chrono::seconds duration);

// "in 4m 59s", "3m 2s ago" or "now", relative to `now` (whole seconds).
std::string relative_text(WallTime at, WallTime now);

// A Unix time in seconds (a JWT NumericDate) as a WallTime; nullopt when the
// clock cannot represent it (not finite, or beyond the year 2200).
std::optional<WallTime> from_unix_seconds(double seconds);

}  // namespace oauth2cc::cli
