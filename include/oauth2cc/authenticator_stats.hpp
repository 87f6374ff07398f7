#pragma once

#include <cstdint>  // uint64_t

namespace oauth2cc {

// Counters for metrics and for tests that assert behaviour by counts.
struct AuthenticatorStats {
  std::uint64_t fetches = 0;         // token requests started
  std::uint64_t failures = 0;        // token requests that failed
  std::uint64_t shared_results = 0;  // calls that waited for another caller's request
  std::uint64_t waiting = 0;         // calls waiting for a request right now
};

}  // namespace oauth2cc
