#pragma once

#include <chrono>  // steady_clock, system_clock

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
};

}  // namespace oauth2cc
