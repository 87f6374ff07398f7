// The seed of RefreshAhead's and ExponentialBackoff's jitter: drawn from the
// system's random source, so instances (and processes) do not share one.

#include <doctest/doctest.h>

#include <oauth2cc/detail/system/random_seed.hpp>

#include <cstdint>
#include <set>

namespace random_seed_test {

TEST_CASE("random_seed gives a different seed each call") {
  std::set<std::uint64_t> seeds;
  for (int i = 0; i < 64; ++i) seeds.insert(oauth2cc::detail::random_seed());
  // 64 draws of 64 bits: a repeat is a chance of about 2^-53.
  CHECK(seeds.size() == 64);
}

}  // namespace random_seed_test
