#pragma once

// Waiting for other threads in a test: they make progress on their own, so a
// ManualClock cannot hurry them; this polls instead, in real time, bounded.

#include <chrono>  // milliseconds
#include <thread>  // this_thread::sleep_for

namespace oauth2cc_test {

// Polls `done` every millisecond for up to 20 s; returns whether it held.
template <class Predicate>
bool eventually(Predicate done) {
  for (int i = 0; i < 20'000 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return done();
}

}  // namespace oauth2cc_test
