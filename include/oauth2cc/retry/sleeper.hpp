#pragma once

#include <chrono>  // milliseconds
#include <thread>  // this_thread::sleep_for

#include <oauth2cc/concepts.hpp>

namespace oauth2cc {

// The default Sleeper: blocks the calling thread.
struct ThreadSleeper {
  void sleep_for(std::chrono::milliseconds delay) const { std::this_thread::sleep_for(delay); }
};

static_assert(Sleeper<ThreadSleeper>);

}  // namespace oauth2cc
