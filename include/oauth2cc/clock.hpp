#pragma once

#include <chrono>  // steady_clock, system_clock

#if defined(__linux__)
#include <time.h>  // clock_gettime, CLOCK_MONOTONIC_COARSE
#endif

namespace oauth2cc {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// The moment a token request starts, on both clocks: expiry is kept on the
// monotonic clock (wall-clock jumps cannot break the cache), while a JWT's
// `exp` claim is wall-clock time and needs the wall reading to convert.
struct Instant {
  SteadyTime steady;
  WallTime wall;
};

// The default Clock: the process's real clocks.
struct SystemClock {
  SteadyTime now() const noexcept { return std::chrono::steady_clock::now(); }
  WallTime wall_now() const noexcept { return std::chrono::system_clock::now(); }

  // A cheaper reading that is never earlier than now(): Linux's coarse
  // monotonic clock (about 5 ns instead of 25 here) plus coarse_margin. That
  // clock is updated by the kernel's tick and lags the precise one by about a
  // tick, more under load (7 ms seen here with a 4 ms tick); the margin covers
  // that with room to spare. The Authenticator decides whether a token is
  // due by this reading, so it refreshes at most coarse_margin early.
  static constexpr std::chrono::milliseconds coarse_margin{50};

  SteadyTime coarse_now() const noexcept {
#if defined(__linux__) && defined(CLOCK_MONOTONIC_COARSE)
    // libstdc++ and libc++ both build steady_clock on CLOCK_MONOTONIC, the
    // clock CLOCK_MONOTONIC_COARSE follows.
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    const auto since_boot = std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
    return SteadyTime(std::chrono::duration_cast<SteadyTime::duration>(since_boot + coarse_margin));
#else
    return now();
#endif
  }
};

}  // namespace oauth2cc
