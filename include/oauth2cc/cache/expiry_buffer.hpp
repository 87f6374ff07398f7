#pragma once

#include <algorithm>  // min
#include <chrono>     // seconds, minutes

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// Refresh once less than `buffer` of the token's life remains: the meaning of
// the collector's `expiry_buffer` (default 5 minutes, as there). Unlike the
// collector, the buffer is capped at `max_fraction` of the token's lifetime,
// so a 5-minute token with a 5-minute buffer is refreshed every 2.5 minutes
// rather than on every call.
class ExpiryBuffer {
 public:
  constexpr ExpiryBuffer() = default;
  constexpr explicit ExpiryBuffer(std::chrono::steady_clock::duration buffer, double max_fraction = 0.5)
      : buffer_(buffer), max_fraction_(max_fraction) {}

  SteadyTime refresh_at(const Token& token) const noexcept {
    const auto lifetime = token.lifetime();
    const auto cap = std::chrono::duration_cast<std::chrono::steady_clock::duration>(lifetime * max_fraction_);
    return token.expires_at - std::min(buffer_, cap);
  }

  constexpr std::chrono::steady_clock::duration buffer() const noexcept { return buffer_; }

 private:
  std::chrono::steady_clock::duration buffer_ = std::chrono::minutes(5);
  double max_fraction_ = 0.5;
};

static_assert(CachePolicy<ExpiryBuffer>);

}  // namespace oauth2cc
