#pragma once

// The seed of the jitter that RefreshAhead and ExponentialBackoff draw: a
// different one in each process, so a fleet started together does not refresh
// or retry in step. Read from the system's random source directly where there
// is a cheap header for it: <random>, for std::random_device alone, would add
// about a tenth to the compile time of every translation unit of the core.

#include <chrono>   // steady_clock
#include <cstdint>  // uint64_t, uintptr_t

#if defined(_WIN32)
#include <random>  // random_device (rand_s underneath with MinGW and MSVC)
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
#include <stdlib.h>  // arc4random_buf
#else
#include <sys/random.h>  // getrandom (Linux)
#endif

namespace oauth2cc::detail {

inline std::uint64_t random_seed() noexcept {
  std::uint64_t seed = 0;
#if defined(_WIN32)
  try {
    std::random_device device;
    seed = (std::uint64_t{device()} << 32) ^ device();
    return seed;
  } catch (...) {  // no random source: the fallback below
  }
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
  arc4random_buf(&seed, sizeof seed);
  return seed;
#else
  if (getrandom(&seed, sizeof seed, 0) == static_cast<ssize_t>(sizeof seed)) return seed;
#endif
  // Only jitter depends on it: the clock and where this call's stack lies
  // (randomized per process) still differ between processes.
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
         (static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&seed)) << 16);
}

}  // namespace oauth2cc::detail
