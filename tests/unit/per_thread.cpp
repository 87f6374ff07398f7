#include <doctest/doctest.h>

#include <oauth2cc/detail/system/per_thread.hpp>
#include <oauth2cc/detail/system/thread_index.hpp>

#include <cstdint>
#include <set>
#include <thread>
#include <vector>

using namespace oauth2cc::detail;

namespace per_thread_test {

TEST_SUITE("PerThread") {
  TEST_CASE("a slot is absent until get() allocates it, then stays at one address") {
    PerThread<int> table;
    CHECK(table.find(3) == nullptr);
    int& slot = table.get(3);
    slot = 7;
    CHECK(table.find(3) == &slot);
    CHECK(*table.find(3) == 7);
    CHECK(table.find(4) != nullptr);  // same chunk of 8
    CHECK(table.find(8) == nullptr);  // next chunk, not allocated yet
    CHECK(&table.get(8) != &slot);
    CHECK(table.find(3) == &slot);
  }

  TEST_CASE("indices across chunk boundaries and far out map to distinct slots") {
    PerThread<std::uint32_t> table;
    const std::vector<std::uint32_t> indices{0, 7, 8, 23, 24, 55, 56, 1000, 100'000, 10'000'000};
    for (const std::uint32_t i : indices) table.get(i) = i;
    std::set<const std::uint32_t*> addresses;
    for (const std::uint32_t i : indices) {
      CHECK(*table.find(i) == i);
      addresses.insert(table.find(i));
    }
    CHECK(addresses.size() == indices.size());
  }

  TEST_CASE("threads racing to allocate one chunk all get their own slot") {
    PerThread<int> table;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) threads.emplace_back([&table, t] { table.get(static_cast<std::uint32_t>(t)) = t + 1; });
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < 8; ++t) CHECK(*table.find(static_cast<std::uint32_t>(t)) == t + 1);
  }
}

TEST_SUITE("thread index") {
  TEST_CASE("each live thread has its own index, and an exited thread's index is reused") {
    const std::uint32_t mine = this_thread_index();
    CHECK(this_thread_index() == mine);
    std::uint32_t first = 0;
    std::thread([&] { first = this_thread_index(); }).join();
    CHECK(first != mine);
    std::uint32_t second = 0;
    std::thread([&] { second = this_thread_index(); }).join();
    CHECK(second == first);  // the first thread gave its number back
  }

  TEST_CASE("threads alive at once have distinct indices") {
    constexpr int count = 16;
    std::vector<std::uint32_t> seen(count);
    std::atomic<int> arrived{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < count; ++t) {
      threads.emplace_back([&, t] {
        seen[static_cast<std::size_t>(t)] = this_thread_index();
        ++arrived;
        while (arrived.load() < count) std::this_thread::yield();  // all alive together
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(std::set<std::uint32_t>(seen.begin(), seen.end()).size() == count);
  }
}

}  // namespace per_thread_test
