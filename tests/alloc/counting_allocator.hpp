#pragma once

// Counts every operator new in the program (this test binary replaces the
// global allocation functions), so tests can assert how often code allocates
// and whether memory stays in use.

#include <atomic>   // atomic
#include <cstddef>  // size_t

namespace oauth2cc_test {

struct AllocationCounters {
  std::atomic<long long> allocations{0};
  std::atomic<long long> live_bytes{0};  // as malloc_usable_size reports them
  std::atomic<long long> allocated_bytes{0};  // ever allocated
};

AllocationCounters& allocation_counters() noexcept;

// The counters' values at one moment.
struct AllocationSnapshot {
  long long allocations;
  long long live_bytes;
  long long allocated_bytes;

  static AllocationSnapshot now() noexcept {
    const AllocationCounters& counters = allocation_counters();
    return {counters.allocations.load(), counters.live_bytes.load(), counters.allocated_bytes.load()};
  }
};

}  // namespace oauth2cc_test
