#pragma once

#include <array>    // array
#include <atomic>   // atomic
#include <bit>      // bit_width
#include <cstddef>  // size_t
#include <cstdint>  // uint32_t

namespace oauth2cc::detail {

// One T per thread, indexed by this_thread_index(). Each T sits on its own
// cache line, so threads writing their own T never slow each other down.
// Storage grows in chunks of 8, 16, 32, ... slots that never move, so a T's
// address stays valid until the table is destroyed; finding a thread's T is
// a shift, a bit count and one load.
template <class T>
class PerThread {
 public:
  PerThread() = default;
  PerThread(const PerThread&) = delete;
  PerThread& operator=(const PerThread&) = delete;
  ~PerThread() {
    for (auto& chunk : chunks_) delete[] chunk.load(std::memory_order_relaxed);
  }

  // The thread's T, or null while its chunk is not allocated yet.
  T* find(std::uint32_t thread) const noexcept {
    const Place place = locate(thread);
    Slot* chunk = chunks_[place.chunk].load(std::memory_order_acquire);
    return chunk != nullptr ? &chunk[place.offset].value : nullptr;
  }

  // The thread's T, allocating its chunk if needed. Throws std::bad_alloc.
  T& get(std::uint32_t thread) {
    const Place place = locate(thread);
    std::atomic<Slot*>& chunk = chunks_[place.chunk];
    Slot* current = chunk.load(std::memory_order_acquire);
    if (current == nullptr) {
      Slot* fresh = new Slot[chunk_size(place.chunk)];
      if (chunk.compare_exchange_strong(current, fresh, std::memory_order_acq_rel)) {
        current = fresh;
      } else {
        delete[] fresh;  // another thread installed this chunk first
      }
    }
    return current[place.offset].value;
  }

 private:
  static constexpr std::uint32_t first_chunk = 8;

  struct alignas(64) Slot {
    T value{};
  };
  struct Place {
    std::size_t chunk;
    std::size_t offset;
  };

  static constexpr std::size_t chunk_size(std::size_t chunk) noexcept { return std::size_t{first_chunk} << chunk; }

  // Chunk k holds indices [8(2^k - 1), 8(2^(k+1) - 1)).
  static constexpr Place locate(std::uint32_t thread) noexcept {
    const std::uint32_t k = static_cast<std::uint32_t>(std::bit_width(thread / first_chunk + 1)) - 1;
    const std::uint32_t start = first_chunk * ((std::uint32_t{1} << k) - 1);
    return {k, thread - start};
  }

  // Enough chunks for every 32-bit index.
  std::array<std::atomic<Slot*>, 30> chunks_{};
};

}  // namespace oauth2cc::detail
