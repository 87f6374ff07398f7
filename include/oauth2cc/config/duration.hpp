#pragma once

#include <chrono>       // milliseconds
#include <cstdint>      // uint64_t, int64_t
#include <limits>       // numeric_limits
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc {

namespace detail {

// Nanoseconds per unit, under the spellings Go's time.ParseDuration accepts.
constexpr std::uint64_t go_duration_unit(std::string_view unit) noexcept {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs") return 1'000;  // micro sign or Greek mu
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return 1'000'000'000;
  if (unit == "m") return 60'000'000'000;
  if (unit == "h") return 3'600'000'000'000;
  return 0;
}

}  // namespace detail

// A duration as the collector writes it (Go's time.ParseDuration): a sequence
// of decimal numbers, each with a unit, as in "10s", "500ms", "1.5s", "1h30m";
// units ns, us (or µs), ms, s, m, h; an optional sign; "0" alone needs no
// unit. Sub-millisecond remainders round up, so "1us" is 1 ms and never 0.
// A bad duration is invalid_configuration with the text quoted.
inline Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  const auto bad = [text](std::string_view why) -> Result<std::chrono::milliseconds> {
    // Appended, not "\"" + string: GCC 12 at -O3 warns (-Wrestrict) about that falsely.
    std::string message(1, '"');
    message.append(detail::printable(text, 64)).append("\" is not a duration (").append(why);
    message.append("); write a number and a unit, such as 10s, 500ms, 5m or 1h30m");
    return Failure{make_error_code(errc::invalid_configuration), std::move(message)};
  };
  constexpr std::uint64_t max_ns = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (rest == "0") return std::chrono::milliseconds(0);
  if (rest.empty()) return bad("empty");

  std::uint64_t total_ns = 0;
  while (!rest.empty()) {
    // The whole part, then an optional fraction; at least one digit in all.
    std::uint64_t whole = 0;
    bool overflow = false;
    std::size_t digits = 0;
    while (!rest.empty() && detail::is_ascii_digit(rest.front())) {
      const auto digit = static_cast<std::uint64_t>(rest.front() - '0');
      overflow = overflow || whole > (max_ns - digit) / 10;
      if (!overflow) whole = whole * 10 + digit;
      rest.remove_prefix(1);
      ++digits;
    }
    // The fraction as digits over a power of ten; digits beyond 1e-18 cannot matter.
    std::uint64_t fraction = 0;
    std::uint64_t scale = 1;
    if (!rest.empty() && rest.front() == '.') {
      rest.remove_prefix(1);
      while (!rest.empty() && detail::is_ascii_digit(rest.front())) {
        if (scale < 1'000'000'000'000'000'000ULL) {
          fraction = fraction * 10 + static_cast<std::uint64_t>(rest.front() - '0');
          scale *= 10;
        }
        rest.remove_prefix(1);
        ++digits;
      }
    }
    if (digits == 0) return bad("expected a number");
    if (overflow) return bad("out of range");

    std::size_t unit_length = 0;
    while (unit_length < rest.size() && !detail::is_ascii_digit(rest[unit_length]) && rest[unit_length] != '.') {
      ++unit_length;
    }
    if (unit_length == 0) return bad("missing unit");
    const std::uint64_t unit = detail::go_duration_unit(rest.substr(0, unit_length));
    if (unit == 0) return bad("unknown unit \"" + detail::printable(rest.substr(0, unit_length), 16) + "\"");
    rest.remove_prefix(unit_length);

    if (whole > max_ns / unit) return bad("out of range");
    std::uint64_t component = whole * unit;
    // Less than one unit (at most 3.6e12 ns); exact whenever scale divides unit, as in "1.5s" or "0.25h".
    const auto fraction_ns = static_cast<std::uint64_t>(static_cast<double>(fraction) *
                                                        (static_cast<double>(unit) / static_cast<double>(scale)));
    if (component > max_ns - fraction_ns) return bad("out of range");
    component += fraction_ns;
    if (total_ns > max_ns - component) return bad("out of range");
    total_ns += component;
  }

  constexpr std::uint64_t ns_per_ms = 1'000'000;
  const auto ms = static_cast<std::int64_t>(total_ns / ns_per_ms + (total_ns % ns_per_ms != 0 ? 1 : 0));
  return std::chrono::milliseconds(negative ? -ms : ms);
}

}  // namespace oauth2cc
