// Token rotation under load: refresh-ahead, the background refresher, and
// invalidate() seen by every thread. Counts, never times.
#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "../support/eventually.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace authenticator_rotation_test {

namespace {

using oauth2cc_test::eventually;

using RotatingAuthenticator = Authenticator<ClientCredentials, RefreshAhead, MockTransport, ManualClock>;

constexpr int thread_count = 8;
constexpr int rotations = 100;
constexpr long long lifetime_s = 100;  // refreshed at 80 s: RefreshAhead(0.8, no jitter)

ClientCredentials source() { return ClientCredentials("https://idp.example/token", "id", "secret"); }

// Answers request n with token "t<n>", valid for lifetime_s.
void issue_numbered_tokens(const MockTransport& mock) {
  auto issued = std::make_shared<std::atomic<int>>(0);
  mock.on_request([issued](const HttpRequest&) -> Result<HttpResponse> {
    const int n = (*issued)++;
    return HttpResponse{200, {{"Content-Type", "application/json"}},
                        R"({"access_token":"t)" + std::to_string(n) + R"(","token_type":"Bearer","expires_in":)" +
                            std::to_string(lifetime_s) + "}"};
  });
}

std::string bearer(int n) { return "Bearer t" + std::to_string(n); }

// Eight threads calling header() until told to stop, each counting its calls
// and checking no header is older than the rotation its call started in.
class Callers {
 public:
  explicit Callers(RotatingAuthenticator& auth) {
    for (std::size_t t = 0; t < thread_count; ++t) {
      threads_.emplace_back([this, &auth, t] {
        while (!stop_.load()) {
          // Read before the call: the test may start the next rotation during
          // it, and this caller may be the one that fetches for it.
          const int current = rotation_.load();
          const std::string& header = auth.header();
          if (header != bearer(current) && header != bearer(current + 1) && header != bearer(current + 2)) {
            unexpected_.fetch_add(1);
          }
          calls_[t].fetch_add(1);
        }
      });
    }
  }
  Callers(const Callers&) = delete;
  Callers& operator=(const Callers&) = delete;
  ~Callers() { stop(); }

  void stop() {
    stop_ = true;
    for (auto& thread : threads_) thread.join();
    threads_.clear();
  }

  // How many threads make `calls` further calls while the test waits for
  // `expected` of them to.
  int threads_progressing(long calls, int expected) {
    std::array<long, thread_count> before{};
    for (std::size_t t = 0; t < thread_count; ++t) before[t] = calls_[t].load();
    const auto progressed = [&] {
      int count = 0;
      for (std::size_t t = 0; t < thread_count; ++t) count += calls_[t].load() - before[t] >= calls ? 1 : 0;
      return count;
    };
    eventually([&] { return progressed() >= expected; });
    return progressed();
  }

  void next_rotation() { ++rotation_; }
  int unexpected() const { return unexpected_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> rotation_{0};
  std::atomic<int> unexpected_{0};
  std::array<std::atomic<long>, thread_count> calls_{};
  std::vector<std::thread> threads_;
};

// Takes the authenticator through `rotations` token rotations. In each, the
// clock reaches the refresh point while the IdP request is held open; the
// request is released once `must_progress` callers have made 50 more calls
// (or the wait gives up). Returns the rotations in which they all did.
int rotations_with_callers_progressing(RotatingAuthenticator& auth, const MockTransport& mock,
                                       const ManualClock& clock, Callers& callers, int must_progress) {
  int progressed = 0;
  for (int r = 0; r < rotations; ++r) {
    mock.hold();
    clock.advance(std::chrono::seconds(lifetime_s * 8 / 10));
    auth.wake_background_refresh();  // no effect without a background refresher
    REQUIRE(eventually([&] { return mock.blocked() == 1; }));  // the refresh is on the network
    progressed += callers.threads_progressing(50, must_progress) >= must_progress ? 1 : 0;
    mock.release();
    REQUIRE(eventually([&] { return auth.stats().fetches == static_cast<std::uint64_t>(r + 2); }));
    REQUIRE(eventually([&] { return auth.header() == bearer(r + 1); }));
    callers.next_rotation();
  }
  return progressed;
}

}  // namespace

TEST_SUITE("Authenticator rotation") {
  TEST_CASE("8 threads through 100 rotations with a background refresher: nobody waits, one fetch per rotation" *
            doctest::timeout(120)) {
    MockTransport mock;
    ManualClock clock;
    issue_numbered_tokens(mock);
    RotatingAuthenticator auth(source(), RefreshAhead(0.8, 0.0), mock, clock);
    auth.start_background_refresh();
    REQUIRE(eventually([&] { return auth.stats().fetches == 1 && mock.blocked() == 0; }));
    REQUIRE(auth.header() == bearer(0));  // may have waited for the refresher's first fetch
    const std::uint64_t waited_before = auth.stats().shared_results;

    Callers callers(auth);
    // The refresher is the one on the network: all 8 callers keep going.
    const int all_progressed = rotations_with_callers_progressing(auth, mock, clock, callers, thread_count);
    callers.stop();

    CHECK(all_progressed == rotations);  // in every rotation all 8 callers kept going
    CHECK(callers.unexpected() == 0);
    CHECK(mock.request_count() == rotations + 1);
    const AuthenticatorStats stats = auth.stats();
    CHECK(stats.fetches == rotations + 1);
    CHECK(stats.shared_results == waited_before);  // no caller waited for a request in any rotation
    CHECK(stats.waiting == 0);
    CHECK(stats.failures == 0);
  }

  TEST_CASE("8 threads through 100 rotations refreshing themselves: one caller fetches, seven keep going" *
            doctest::timeout(120)) {
    MockTransport mock;
    ManualClock clock;
    issue_numbered_tokens(mock);
    RotatingAuthenticator auth(source(), RefreshAhead(0.8, 0.0), mock, clock);
    REQUIRE(auth.header() == bearer(0));

    Callers callers(auth);
    // The first caller past 80% is the one on the network: the other 7 keep going.
    const int others_progressed = rotations_with_callers_progressing(auth, mock, clock, callers, thread_count - 1);
    callers.stop();

    CHECK(others_progressed == rotations);
    CHECK(callers.unexpected() == 0);
    CHECK(mock.request_count() == rotations + 1);
    CHECK(auth.stats().shared_results == 0);
    CHECK(auth.stats().waiting == 0);
  }

  TEST_CASE("after invalidate() returns, no thread is handed the dropped token") {
    MockTransport mock;
    ManualClock clock;
    issue_numbered_tokens(mock);
    RotatingAuthenticator auth(source(), RefreshAhead(0.8, 0.0), mock, clock);
    REQUIRE(auth.header() == bearer(0));
    std::atomic<bool> invalidated{false};
    std::atomic<int> stale_after{0};
    std::atomic<int> checked_after{0};
    std::latch in_cached_path(thread_count);  // every thread has had a cached header
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
      threads.emplace_back([&] {
        for (bool first = true; checked_after.load() < 10'000; first = false) {
          const bool after = invalidated.load();
          const bool stale = auth.header() == bearer(0);
          if (first) in_cached_path.count_down();
          if (after) {
            stale_after += stale ? 1 : 0;
            ++checked_after;
          }
        }
      });
    }
    in_cached_path.wait();
    auth.invalidate();
    invalidated = true;
    for (auto& thread : threads) thread.join();
    CHECK(stale_after == 0);
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("the background refresher fetches the first token itself and stops cleanly") {
    MockTransport mock;
    ManualClock clock;
    issue_numbered_tokens(mock);
    RotatingAuthenticator auth(source(), RefreshAhead(0.8, 0.0), mock, clock);
    auth.start_background_refresh();
    REQUIRE(eventually([&] { return auth.stats().fetches == 1; }));
    CHECK(auth.header() == bearer(0));
    auth.stop_background_refresh();
    // Callers refresh for themselves again.
    clock.advance(80s);
    CHECK(auth.header() == bearer(1));
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("a background refresh that fails keeps the token served and tries again while it lasts") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("first", lifetime_s).fail(errc::connection_failed).respond_token("second", lifetime_s);
    RotatingAuthenticator auth(source(), RefreshAhead(0.8, 0.0), mock, clock);
    auth.start_background_refresh();
    REQUIRE(eventually([&] { return auth.stats().fetches == 1; }));
    clock.advance(80s);
    auth.wake_background_refresh();
    REQUIRE(eventually([&] { return auth.stats().failures == 1; }));
    CHECK(auth.header() == "Bearer first");  // still valid: served
    clock.advance(refresh_retry_interval);
    auth.wake_background_refresh();
    REQUIRE(eventually([&] { return auth.stats().fetches == 3; }));
    REQUIRE(eventually([&] { return auth.header() == "Bearer second"; }));
    CHECK(mock.request_count() == 3);
    CHECK(auth.stats().shared_results == 0);
  }

  TEST_CASE("destroying an authenticator stops its background refresher, even mid-sleep") {
    MockTransport mock;
    ManualClock clock;
    issue_numbered_tokens(mock);
    {
      RotatingAuthenticator auth(source(), RefreshAhead(0.8, 0.0), mock, clock);
      auth.start_background_refresh();
      REQUIRE(eventually([&] { return auth.stats().fetches == 1; }));
    }
    CHECK(mock.request_count() == 1);
  }
}

}  // namespace authenticator_rotation_test
