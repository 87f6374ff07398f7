// Fuzzes parse_duration (Go's time.ParseDuration syntax, as the collector
// writes timeouts). Beyond "no crash": a sign in front negates, a trailing
// "0s" changes nothing, failures are invalid_configuration with a short
// printable message, and durations built from the input's bytes parse to
// exactly the milliseconds they spell.

#include <chrono>       // milliseconds
#include <cstddef>      // size_t
#include <cstdint>      // uint8_t, int64_t
#include <limits>       // numeric_limits
#include <string>       // string, to_string
#include <string_view>  // string_view

#include <oauth2cc/config/duration.hpp>
#include <oauth2cc/error.hpp>

#include "invariants.hpp"

namespace {

using oauth2cc::parse_duration;

bool same(const oauth2cc::Result<std::chrono::milliseconds>& a, const oauth2cc::Result<std::chrono::milliseconds>& b) {
  if (a.has_value() != b.has_value()) return false;
  return a ? *a == *b : a.error() == b.error();
}

void check_text(std::string_view text) {
  const auto parsed = parse_duration(text);
  if (!parsed) {
    OAUTH2CC_FUZZ_CHECK(parsed.error() == oauth2cc::make_error_code(oauth2cc::errc::invalid_configuration));
    // The text is quoted in at most 64 characters, the unit in 16.
    OAUTH2CC_FUZZ_CHECK(!parsed.message().empty() && parsed.message().size() < 320);
    OAUTH2CC_FUZZ_CHECK(oauth2cc_fuzz::is_printable_ascii(parsed.message()));
    return;
  }
  // At most int64 nanoseconds, rounded up to whole milliseconds.
  constexpr std::int64_t max_ms = std::numeric_limits<std::int64_t>::max() / 1'000'000 + 1;
  OAUTH2CC_FUZZ_CHECK(parsed->count() <= max_ms && parsed->count() >= -max_ms);
  if (!text.starts_with('-')) OAUTH2CC_FUZZ_CHECK(parsed->count() >= 0);
  OAUTH2CC_FUZZ_CHECK(same(parse_duration(std::string(text) + "0s"), parsed));
}

void check_signs(std::string_view text) {
  if (text.starts_with('-') || text.starts_with('+')) return;
  const auto plain = parse_duration(text);
  const auto negative = parse_duration(std::string(1, '-').append(text));  // not "-" + string: GCC 12 -Wrestrict
  OAUTH2CC_FUZZ_CHECK(same(parse_duration(std::string(1, '+').append(text)), plain));
  OAUTH2CC_FUZZ_CHECK(negative.has_value() == plain.has_value());
  if (plain) OAUTH2CC_FUZZ_CHECK(negative->count() == -plain->count());
}

// "<h>h<m>m<s>.<tenths>s" and "<n>ms" from the first bytes, against arithmetic.
void check_spelled(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return;
  const std::int64_t hours = data[0] | (data[1] << 8);
  const std::int64_t minutes = data[2];
  const std::int64_t seconds = data[3];
  const std::int64_t tenths = data[4] % 10;
  const std::string text = std::to_string(hours) + "h" + std::to_string(minutes) + "m" + std::to_string(seconds) +
                           "." + std::to_string(tenths) + "s";
  const auto parsed = parse_duration(text);
  OAUTH2CC_FUZZ_CHECK(parsed.has_value());
  OAUTH2CC_FUZZ_CHECK(parsed->count() == ((hours * 60 + minutes) * 60 + seconds) * 1000 + tenths * 100);

  const std::int64_t millis = hours * 1000 + tenths;
  const auto parsed_ms = parse_duration(std::to_string(millis) + "ms");
  OAUTH2CC_FUZZ_CHECK(parsed_ms.has_value() && parsed_ms->count() == millis);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = oauth2cc_fuzz::as_text(data, size);
  check_text(text);
  check_signs(text);
  check_spelled(data, size);
  return 0;
}
