#include <doctest/doctest.h>

#include <oauth2cc/cache/refresh_ahead.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>

#include "../support/token_issued_at.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace refresh_ahead_test {

namespace {

using oauth2cc_test::token_issued_at;

// Where in the lifetime the refresh falls, from 0 (issued) to 1 (expiry).
double position(const RefreshAhead& policy, const Token& token) {
  const auto since_issue = policy.refresh_at(token) - token.issued_at;
  return std::chrono::duration<double>(since_issue) / std::chrono::duration<double>(token.lifetime());
}

}  // namespace

TEST_SUITE("RefreshAhead") {
  TEST_CASE("without jitter the refresh falls at the configured fraction of the lifetime") {
    const SteadyTime issued{1000s};
    CHECK(RefreshAhead(0.8, 0.0).refresh_at(token_issued_at(issued, 3600s)) == issued + 2880s);
    CHECK(RefreshAhead(0.5, 0.0).refresh_at(token_issued_at(issued, 600s)) == issued + 300s);
    CHECK(RefreshAhead(1.0, 0.0).refresh_at(token_issued_at(issued, 600s)) == issued + 600s);
  }

  TEST_CASE("the default is 80% of the lifetime with up to 10% earlier, spread over the whole window") {
    const RefreshAhead policy;
    CHECK(policy.fraction() == doctest::Approx(0.8));
    CHECK(policy.jitter() == doctest::Approx(0.1));
    // 1,000 tokens (a fleet, or one process over time): every refresh inside
    // [70%, 80%], and each tenth of that window used by some of them.
    std::array<int, 10> buckets{};
    for (int i = 0; i < 1000; ++i) {
      const Token token = token_issued_at(SteadyTime{std::chrono::seconds(i)}, 3600s, "token-" + std::to_string(i));
      const double at = position(policy, token);
      REQUIRE(at >= 0.7);
      REQUIRE(at <= 0.8);
      ++buckets[std::min<std::size_t>(9, static_cast<std::size_t>((at - 0.7) * 100))];
    }
    for (const int count : buckets) CHECK(count > 50);  // about 100 each if uniform
  }

  TEST_CASE("the draw is deterministic for a seed and differs between seeds") {
    const Token token = token_issued_at(SteadyTime{5s}, 3600s);
    CHECK(RefreshAhead(0.8, 0.1, 42).refresh_at(token) == RefreshAhead(0.8, 0.1, 42).refresh_at(token));
    int differing = 0;
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
      differing += RefreshAhead(0.8, 0.1, seed).refresh_at(token) != RefreshAhead(0.8, 0.1, seed + 1000).refresh_at(token);
    }
    CHECK(differing >= 95);
  }

  TEST_CASE("buffer(d) refreshes no later than the buffer before expiry, the buffer capped at half the lifetime") {
    const SteadyTime issued{0s};
    const RefreshAhead policy = RefreshAhead(0.8, 0.0).buffer(5min);
    CHECK(policy.buffer() == 5min);
    CHECK(policy.refresh_at(token_issued_at(issued, 3600s)) == issued + 2880s);  // 80% comes first
    CHECK(policy.refresh_at(token_issued_at(issued, 600s)) == issued + 300s);    // the buffer comes first
    CHECK(policy.refresh_at(token_issued_at(issued, 120s)) == issued + 60s);     // the buffer is capped at half
  }

  TEST_CASE("jitter only ever moves the refresh earlier, also with a buffer") {
    const RefreshAhead policy = RefreshAhead(0.8, 0.2, 7).buffer(5min);
    for (int i = 0; i < 200; ++i) {
      const Token token = token_issued_at(SteadyTime{0s}, 600s, std::to_string(i));
      const SteadyTime at = policy.refresh_at(token);
      CHECK(at <= token.issued_at + 300s);
      CHECK(at >= token.issued_at + 300s - 120s);
    }
  }

  TEST_CASE("the first token's refresh is spread over one whole refresh period, from 5% to 80% by default") {
    const RefreshAhead policy(0.8, 0.1, 11);
    // 1,000 processes started together: their first refreshes cover
    // [5%, 80%] evenly, so the fleet is out of step from the first refresh on.
    std::array<int, 15> buckets{};
    for (int i = 0; i < 1000; ++i) {
      const Token token = token_issued_at(SteadyTime{0s}, 3600s, "first-" + std::to_string(i));
      const auto since_issue = policy.first_refresh_at(token) - token.issued_at;
      const double at = std::chrono::duration<double>(since_issue) / std::chrono::duration<double>(token.lifetime());
      REQUIRE(at >= 0.05);
      REQUIRE(at <= 0.8);
      ++buckets[std::min<std::size_t>(14, static_cast<std::size_t>((at - 0.05) * 20))];
    }
    for (const int count : buckets) CHECK(count > 30);  // about 67 each if uniform
  }

  TEST_CASE("with an expiry_buffer longer than half the lifetime the first refresh is spread over 5% to 50%, never at once") {
    // The collector's default buffer (5m) on 4 s and 5 min tokens caps the
    // latest point at half the lifetime; the spread must shrink with it.
    for (const auto lifetime : {std::chrono::seconds(4), std::chrono::seconds(300)}) {
      RefreshAhead policy;
      policy.buffer(std::chrono::minutes(5));
      double earliest = 1.0;
      double last = 0.0;
      for (int i = 0; i < 1000; ++i) {
        const Token token = token_issued_at(SteadyTime{0s}, lifetime, "buffered-" + std::to_string(i));
        const auto since_issue = policy.first_refresh_at(token) - token.issued_at;
        const double at = std::chrono::duration<double>(since_issue) / std::chrono::duration<double>(lifetime);
        earliest = std::min(earliest, at);
        last = std::max(last, at);
      }
      CHECK(earliest >= 0.05 - 1e-9);
      CHECK(earliest < 0.1);  // the spread reaches down to about 5%
      CHECK(last <= 0.5 + 1e-9);
      CHECK(last > 0.45);
    }
  }

  TEST_CASE("without jitter the first token is refreshed like every other") {
    const RefreshAhead policy(0.8, 0.0);
    const Token token = token_issued_at(SteadyTime{0s}, 3600s);
    CHECK(policy.first_refresh_at(token) == policy.refresh_at(token));
  }

  // A token without a lifetime: cache_policy_contract.cpp, for every policy.

  TEST_CASE("out-of-range settings are clamped") {
    CHECK(RefreshAhead(1.5, -1.0).fraction() == doctest::Approx(1.0));
    CHECK(RefreshAhead(1.5, -1.0).jitter() == doctest::Approx(0.0));
    CHECK(RefreshAhead(-0.5, 2.0).fraction() == doctest::Approx(0.0));
    CHECK(RefreshAhead(-0.5, 2.0).jitter() == doctest::Approx(1.0));
  }
}

}  // namespace refresh_ahead_test
