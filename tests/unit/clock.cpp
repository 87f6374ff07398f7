#include <doctest/doctest.h>

#include <oauth2cc/clock.hpp>

#include <thread>

using namespace oauth2cc;

namespace clock_test {

TEST_SUITE("SystemClock") {
  TEST_CASE("coarse_now() is never earlier than now(), and at most the margin and a tick or two later") {
    const SystemClock clock;
    int earlier = 0;
    int far_later = 0;
    for (int i = 0; i < 100'000; ++i) {
      const SteadyTime precise = clock.now();
      const SteadyTime coarse = clock.coarse_now();
      earlier += coarse < precise ? 1 : 0;
      far_later += coarse - precise > SystemClock::coarse_margin + std::chrono::milliseconds(50) ? 1 : 0;
      if (i % 10'000 == 0) std::this_thread::yield();
    }
    CHECK(earlier == 0);
    CHECK(far_later == 0);
  }
}

}  // namespace clock_test
