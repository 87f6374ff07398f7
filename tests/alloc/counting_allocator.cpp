#include "counting_allocator.hpp"

#include <malloc.h>  // malloc_usable_size

#include <cstdlib>  // malloc, free, aligned_alloc
#include <new>      // bad_alloc, align_val_t, nothrow_t

namespace oauth2cc_test {

AllocationCounters& allocation_counters() noexcept {
  static AllocationCounters counters;  // constant-initialised: usable before main
  return counters;
}

}  // namespace oauth2cc_test

namespace {

void* counted(void* memory) {
  if (memory == nullptr) throw std::bad_alloc();
  auto& counters = oauth2cc_test::allocation_counters();
  counters.allocations.fetch_add(1, std::memory_order_relaxed);
  const auto size = static_cast<long long>(malloc_usable_size(memory));
  counters.live_bytes.fetch_add(size, std::memory_order_relaxed);
  counters.allocated_bytes.fetch_add(size, std::memory_order_relaxed);
  return memory;
}

void release(void* memory) noexcept {
  if (memory == nullptr) return;
  oauth2cc_test::allocation_counters().live_bytes.fetch_sub(static_cast<long long>(malloc_usable_size(memory)),
                                                            std::memory_order_relaxed);
  std::free(memory);
}

void* aligned(std::size_t size, std::align_val_t alignment) {
  const auto align = static_cast<std::size_t>(alignment);
  const std::size_t rounded = (size + align - 1) / align * align;  // aligned_alloc wants a multiple
  return std::aligned_alloc(align, rounded == 0 ? align : rounded);
}

}  // namespace

void* operator new(std::size_t size) { return counted(std::malloc(size == 0 ? 1 : size)); }
void* operator new[](std::size_t size) { return counted(std::malloc(size == 0 ? 1 : size)); }
void* operator new(std::size_t size, std::align_val_t alignment) { return counted(aligned(size, alignment)); }
void* operator new[](std::size_t size, std::align_val_t alignment) { return counted(aligned(size, alignment)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return operator new(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return operator new[](size);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* memory) noexcept { release(memory); }
void operator delete[](void* memory) noexcept { release(memory); }
void operator delete(void* memory, std::size_t) noexcept { release(memory); }
void operator delete[](void* memory, std::size_t) noexcept { release(memory); }
void operator delete(void* memory, std::align_val_t) noexcept { release(memory); }
void operator delete[](void* memory, std::align_val_t) noexcept { release(memory); }
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept { release(memory); }
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept { release(memory); }
