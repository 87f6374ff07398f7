// 64 threads finding the cached token expired at the same moment: one of them
// fetches, the others wait for its result. Timed per round, from the moment
// the token is found expired until all 64 hold the new one.
#include <benchmark/benchmark.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <atomic>
#include <barrier>
#include <chrono>
#include <thread>
#include <vector>

#include "bench_support.hpp"

namespace {

using ExpiringAuthenticator = oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::RefreshAhead,
                                                      oauth2cc_bench::FixedResponseTransport, oauth2cc::ManualClock>;

void expired_cache_64_threads(benchmark::State& state) {
  constexpr int callers = 64;
  const oauth2cc::ManualClock clock;
  ExpiringAuthenticator auth(oauth2cc_bench::credentials("https://idp.example/token"), oauth2cc::RefreshAhead{},
                             oauth2cc_bench::FixedResponseTransport{}, clock);
  (void)auth.header();

  std::atomic<bool> done{false};
  std::barrier start(callers + 1);
  std::barrier finish(callers + 1);
  std::vector<std::jthread> threads;
  for (int t = 0; t < callers; ++t) {
    threads.emplace_back([&] {
      while (true) {
        start.arrive_and_wait();
        if (done.load()) return;
        benchmark::DoNotOptimize(auth.header().data());
        finish.arrive_and_wait();
      }
    });
  }

  const std::uint64_t fetches_before = auth.stats().fetches;
  std::int64_t rounds = 0;
  for (auto _ : state) {
    clock.advance(std::chrono::minutes(10));  // every token is 300 s: expired
    const auto begin = std::chrono::steady_clock::now();
    start.arrive_and_wait();
    finish.arrive_and_wait();
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
    ++rounds;
  }
  done = true;
  start.arrive_and_wait();
  threads.clear();
  state.counters["fetches_per_round"] =
      static_cast<double>(auth.stats().fetches - fetches_before) / static_cast<double>(rounds);
  state.counters["callers"] = callers;
}
BENCHMARK(expired_cache_64_threads)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace
