// The cached header() path against two common ways of sharing a token
// between threads: a mutex-guarded string copied out, and an
// atomic<shared_ptr>. Same binary, same machine, for honest ratios.
#include <benchmark/benchmark.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/source/client_credentials.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "bench_support.hpp"

namespace {

using CachedAuthenticator = oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::RefreshAhead,
                                                    oauth2cc_bench::FixedResponseTransport>;

CachedAuthenticator& shared_authenticator() {
  static CachedAuthenticator auth(oauth2cc_bench::credentials("https://idp.example/token"));
  return auth;
}

void header_cached(benchmark::State& state) {
  CachedAuthenticator& auth = shared_authenticator();
  (void)auth.header();  // the fetch, and this thread's first call
  for (auto _ : state) benchmark::DoNotOptimize(auth.header().data());
  state.counters["fetches"] = benchmark::Counter(static_cast<double>(auth.stats().fetches), benchmark::Counter::kAvgThreads);
}
BENCHMARK(header_cached)->Threads(1)->Threads(2)->UseRealTime();

// Baseline: the simplest thread-safe cache, a mutex and a copy of the header.
struct MutexCache {
  std::mutex mutex;
  std::string header = "Bearer " + oauth2cc_bench::jwt_sized_token();
  std::string get() {
    const std::lock_guard lock(mutex);
    return header;
  }
};

void mutex_string_copy(benchmark::State& state) {
  static MutexCache cache;
  for (auto _ : state) {
    std::string copy = cache.get();
    benchmark::DoNotOptimize(copy.data());
  }
}
BENCHMARK(mutex_string_copy)->Threads(1)->Threads(2)->UseRealTime();

// Baseline: an atomic shared_ptr to an immutable token; every read bumps the
// shared reference count.
void atomic_shared_ptr(benchmark::State& state) {
  static std::atomic<std::shared_ptr<const std::string>> current{
      std::make_shared<const std::string>("Bearer " + oauth2cc_bench::jwt_sized_token())};
  for (auto _ : state) {
    const std::shared_ptr<const std::string> header = current.load(std::memory_order_acquire);
    benchmark::DoNotOptimize(header->data());
  }
}
BENCHMARK(atomic_shared_ptr)->Threads(1)->Threads(2)->UseRealTime();

// The machine's own ceiling: a loop that touches no memory at all, with one
// thread and with two. On a machine with two free cores two threads do twice
// the work; what they do here bounds what any header() can show.
void machine_parallelism(benchmark::State& state) {
  std::uint64_t x = static_cast<std::uint64_t>(state.thread_index()) + 1;
  for (auto _ : state) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(machine_parallelism)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
