#pragma once

#include <chrono>  // milliseconds
#include <thread>  // this_thread::sleep_for

namespace oauth2cc {

// How RetryingTransport waits between attempts; injectable so tests advance a
// ManualClock instead of sleeping.
template <class S>
concept Sleeper = requires(S& sleeper, std::chrono::milliseconds delay) { sleeper.sleep_for(delay); };

// The default Sleeper: blocks the calling thread.
struct ThreadSleeper {
  void sleep_for(std::chrono::milliseconds delay) const { std::this_thread::sleep_for(delay); }
};

static_assert(Sleeper<ThreadSleeper>);

}  // namespace oauth2cc
