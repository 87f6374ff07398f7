#pragma once

#include <cstdint>  // uint32_t, UINT32_MAX
#include <mutex>    // mutex, lock_guard
#include <vector>   // vector

namespace oauth2cc::detail {

// A small number per live thread, so per-thread tables can be plain arrays
// indexed by it. A thread's number is given back when it exits and reused by
// the next new thread, so tables stay as large as the number of threads alive
// at once, not the number ever started.
class ThreadIndexRegistry {
 public:
  std::uint32_t acquire() {
    const std::lock_guard lock(mutex_);
    if (free_.empty()) return next_++;
    const std::uint32_t index = free_.back();
    free_.pop_back();
    return index;
  }

  void release(std::uint32_t index) noexcept {
    const std::lock_guard lock(mutex_);
    try {
      free_.push_back(index);
    } catch (...) {  // out of memory: the number is lost, which only wastes a slot
    }
  }

 private:
  std::mutex mutex_;
  std::vector<std::uint32_t> free_;
  std::uint32_t next_ = 0;
};

// Never destroyed: threads may exit after static destruction has begun.
inline ThreadIndexRegistry& thread_index_registry() {
  static auto* registry = new ThreadIndexRegistry;
  return *registry;
}

// The index a thread gets after its own number was given back (it is exiting:
// a thread_local destructor is running). Tables must not be indexed by it.
inline constexpr std::uint32_t exiting_thread = UINT32_MAX;

// Trivially initialised, so reading it is a single load with no guard.
inline thread_local std::uint32_t thread_index_plus_one = 0;

struct ThreadIndexOwner {
  std::uint32_t index;
  ~ThreadIndexOwner() {
    thread_index_registry().release(index);
    thread_index_plus_one = exiting_thread;  // later calls on this thread must not reuse the number
  }
};

inline std::uint32_t register_this_thread() {
  thread_local const ThreadIndexOwner owner{thread_index_registry().acquire()};
  thread_index_plus_one = owner.index + 1;
  return owner.index;
}

// This thread's index; the first call on a thread registers it (and may throw
// std::bad_alloc).
inline std::uint32_t this_thread_index() {
  const std::uint32_t plus_one = thread_index_plus_one;
  if (plus_one == exiting_thread) [[unlikely]] return exiting_thread;
  if (plus_one != 0) [[likely]] return plus_one - 1;
  return register_this_thread();
}

}  // namespace oauth2cc::detail
