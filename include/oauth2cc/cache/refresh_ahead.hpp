#pragma once

#include <algorithm>  // clamp, min, max
#include <chrono>     // duration, duration_cast
#include <cstdint>    // uint64_t

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/detail/system/random_seed.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// The default CachePolicy: refresh once `fraction` of the token's lifetime
// has passed (80% unless told otherwise), minus a random part of up to
// `jitter` of the lifetime, so a fleet of processes started together does not
// refresh together. The jitter only ever makes a refresh earlier.
//
// buffer(d) adds the collector's `expiry_buffer` rule: refresh no later
// than `buffer` before expiry, the buffer capped at half the lifetime.
//
// The first token a process gets is refreshed anywhere in one whole refresh
// period before the usual point (first_refresh_at): a fleet started together
// is spread evenly at once, instead of over the many lifetimes the narrow
// jitter alone takes to undo a synchronized start.
//
// The random part is drawn from the seed and the token, so one process gets a
// fresh draw per token and a given seed replays exactly (simulations, tests).
class RefreshAhead {
 public:
  RefreshAhead() : RefreshAhead(0.8) {}
  explicit RefreshAhead(double fraction, double jitter = 0.1, std::uint64_t seed = detail::random_seed())
      : fraction_(std::clamp(fraction, 0.0, 1.0)), jitter_(std::clamp(jitter, 0.0, 1.0)), seed_(seed) {}

  RefreshAhead& buffer(std::chrono::steady_clock::duration buffer) noexcept {
    buffer_ = buffer;
    return *this;
  }

  SteadyTime refresh_at(const Token& token) const noexcept { return latest_minus_draw(token, jitter_); }

  // For the first token after start: a point drawn uniformly from
  // [latest - period, latest], where period is the mean time between two
  // refreshes (the latest point minus jitter/2 of the lifetime; 75% by
  // default, so anywhere from 5% to 80%; with an expiry_buffer that caps the
  // latest point at half the lifetime, from 5% to 50%). Never earlier than
  // jitter/2 of the lifetime: a first token is never refreshed at once.
  // Refresh times of a fleet spread evenly over one period stay even
  // afterwards, whatever the jitter. Without jitter, the same as refresh_at().
  SteadyTime first_refresh_at(const Token& token) const noexcept {
    if (jitter_ <= 0.0) return refresh_at(token);
    const auto lifetime = token.lifetime();
    if (lifetime <= std::chrono::steady_clock::duration::zero()) return token.expires_at;
    const double latest_share = std::chrono::duration<double>(latest(lifetime)) / std::chrono::duration<double>(lifetime);
    return latest_minus_draw(token, std::max(jitter_, latest_share - jitter_ / 2));
  }

  double fraction() const noexcept { return fraction_; }
  double jitter() const noexcept { return jitter_; }
  std::chrono::steady_clock::duration buffer() const noexcept { return buffer_; }

 private:
  // The latest refresh point, made earlier by a random part of up to `share`
  // of the lifetime.
  SteadyTime latest_minus_draw(const Token& token, double share) const noexcept {
    using Duration = std::chrono::steady_clock::duration;
    const Duration lifetime = token.lifetime();
    if (lifetime <= Duration::zero()) return token.expires_at;
    const auto earlier = std::chrono::duration_cast<Duration>(lifetime * (share * unit_draw(token)));
    return token.issued_at + std::max(Duration::zero(), latest(lifetime) - earlier);
  }

  // The latest refresh point after issue: `fraction` of the lifetime, and no
  // later than the buffer (capped at half the lifetime) before expiry.
  std::chrono::steady_clock::duration latest(std::chrono::steady_clock::duration lifetime) const noexcept {
    using Duration = std::chrono::steady_clock::duration;
    Duration point = std::chrono::duration_cast<Duration>(lifetime * fraction_);
    if (buffer_ > Duration::zero()) point = std::min(point, lifetime - std::min(buffer_, lifetime / 2));
    return point;
  }

  // A number in [0, 1) from the seed and the token (FNV-1a, then splitmix64).
  double unit_draw(const Token& token) const noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL ^ seed_;
    for (const char c : token.value) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h ^= static_cast<std::uint64_t>(token.issued_at.time_since_epoch().count());
    h += 0x9e3779b97f4a7c15ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<double>(h >> 11) * 0x1.0p-53;
  }

  double fraction_ = 0.8;
  double jitter_ = 0.1;
  std::uint64_t seed_ = 0;
  std::chrono::steady_clock::duration buffer_{};
};

static_assert(CachePolicy<RefreshAhead>);
static_assert(HasFirstRefresh<RefreshAhead>);

}  // namespace oauth2cc
