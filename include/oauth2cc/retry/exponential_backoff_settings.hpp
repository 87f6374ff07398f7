#pragma once

// ExponentialBackoffSettings: how often and how long to retry a token
// request. Plain data of its own, so Config holds it (its `retry` block)
// without the policy's JSON-reading code behind it.

#include <chrono>  // milliseconds

namespace oauth2cc {

struct ExponentialBackoffSettings {
  int max_attempts = 4;  // the first request included; 1 means never retry
  std::chrono::milliseconds initial_interval{100};  // the ceiling of the first delay, doubled per attempt
  std::chrono::milliseconds max_interval{5'000};    // no ceiling grows beyond this
  // The longest Retry-After honoured. A server asking for a longer pause gets
  // no retry at all: coming back sooner than asked would only be refused again.
  std::chrono::milliseconds max_retry_after{60'000};
};

}  // namespace oauth2cc
