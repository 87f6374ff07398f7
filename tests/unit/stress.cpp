// Everything at once, for the sanitizer builds to watch: callers on many
// threads while tokens rotate, invalidations fire, the background refresher
// starts and stops, and the IdP fails at random.
#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <atomic>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace stress_test {

TEST_SUITE("stress") {
  TEST_CASE("callers, rotation, invalidations, a starting and stopping refresher and a failing IdP" *
            doctest::timeout(300)) {
    MockTransport mock;
    ManualClock clock;
    auto issued = std::make_shared<std::atomic<int>>(0);
    auto random = std::make_shared<std::mt19937>(20261130);
    auto random_mutex = std::make_shared<std::mutex>();
    mock.on_request([=](const HttpRequest&) -> Result<HttpResponse> {
      int roll = 0;
      {
        const std::lock_guard lock(*random_mutex);
        roll = static_cast<int>((*random)() % 10);
      }
      if (roll < 2) return Failure{make_error_code(errc::connection_failed), "scripted: connection refused"};
      if (roll < 3) return HttpResponse{503, {}, "unavailable"};
      return HttpResponse{200, {}, R"({"access_token":"t)" + std::to_string((*issued)++) +
                                       R"(","token_type":"Bearer","expires_in":10})"};
    });
    Authenticator<ClientCredentials, RefreshAhead, MockTransport, ManualClock> auth(
        ClientCredentials("https://idp.example/token", "id", "stress-secret"), RefreshAhead(0.8, 0.1, 1), mock, clock);
    auth.set_min_invalidate_interval(100ms);

    constexpr int callers = 8;
    constexpr int calls_per_caller = 100'000;
    std::atomic<int> finished{0};
    std::atomic<long> served{0};
    std::atomic<long> failed{0};
    std::atomic<long> malformed{0};
    std::atomic<long> unexpected_codes{0};

    std::vector<std::thread> threads;
    for (int t = 0; t < callers; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < calls_per_caller; ++i) {
          const Result<std::string_view> header = auth.try_header();
          if (header) {
            ++served;
            if (!header->starts_with("Bearer t")) ++malformed;
            if (i % 97 == t) auth.invalidate(header->substr(7));  // the backend said 401
          } else {
            ++failed;
            if (header.error() != errc::connection_failed && header.error() != errc::http_error) ++unexpected_codes;
            if (header.message().find("stress-secret") != std::string::npos) ++malformed;
          }
        }
        ++finished;
      });
    }
    // Time passes in 0.5 s steps: a token lives 20 of them.
    threads.emplace_back([&] {
      while (finished.load() < callers) {
        clock.advance(500ms);
        std::this_thread::sleep_for(200us);
      }
    });
    // The background refresher comes and goes.
    threads.emplace_back([&] {
      for (int round = 0; finished.load() < callers; ++round) {
        if (round % 2 == 0) {
          auth.start_background_refresh();
        } else {
          auth.stop_background_refresh();
        }
        auth.wake_background_refresh();
        std::this_thread::sleep_for(2ms);
      }
      auth.stop_background_refresh();
    });
    for (auto& thread : threads) thread.join();

    CHECK(served + failed == long{callers} * calls_per_caller);
    CHECK(served > 0);
    CHECK(failed > 0);  // the IdP did fail, and callers without a valid token were told
    CHECK(malformed == 0);
    CHECK(unexpected_codes == 0);
    const AuthenticatorStats stats = auth.stats();
    CHECK(stats.waiting == 0);
    CHECK(stats.fetches == mock.request_count());
    CHECK(stats.failures <= stats.fetches);
    CHECK(stats.failures > 0);
    MESSAGE("fetches " << stats.fetches << ", failed fetches " << stats.failures << ", calls served " << served.load()
                       << ", calls failed " << failed.load());
  }
}

}  // namespace stress_test
