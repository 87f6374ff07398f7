#pragma once

// The sleeper of a RetryingTransport under test: its pauses move a
// ManualClock on instead of taking real time.

#include <chrono>  // milliseconds

#include <oauth2cc/testing.hpp>

namespace oauth2cc_test {

struct ClockSleeper {
  oauth2cc::ManualClock clock;  // a copy shares the time of the clock it was copied from
  void sleep_for(std::chrono::milliseconds delay) const { clock.advance(delay); }
};

}  // namespace oauth2cc_test
