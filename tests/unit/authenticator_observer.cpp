// What an Authenticator reports to an Observer, and the limit on invalidate().
#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace authenticator_observer_test {

namespace {

using TestAuthenticator = Authenticator<ClientCredentials, ExpiryBuffer, MockTransport, ManualClock>;

constexpr const char* client_secret = "observer-test-secret";

ClientCredentials source() { return ClientCredentials("https://idp.example/token", "id", client_secret); }

struct RecordingObserver final : Observer {
  void token_fetched(const TokenFetched& event) noexcept override {
    const std::lock_guard lock(mutex);
    fetched.push_back(event);
  }
  void refresh_failed(const RefreshFailed& event) noexcept override {
    const std::lock_guard lock(mutex);
    failed.push_back(event);
    texts.emplace_back(event.message);
  }
  void invalidated(const Invalidated& event) noexcept override {
    const std::lock_guard lock(mutex);
    invalidations.push_back(event);
  }

  std::mutex mutex;
  std::vector<TokenFetched> fetched;
  std::vector<RefreshFailed> failed;
  std::vector<Invalidated> invalidations;
  std::vector<std::string> texts;
};

}  // namespace

TEST_SUITE("Authenticator observer") {
  TEST_CASE("a fetch is reported with its duration, expiry and refresh time") {
    MockTransport mock;
    ManualClock clock;
    mock.on_request([clock](const HttpRequest&) -> Result<HttpResponse> {
      clock.advance(250ms);  // the IdP takes its time
      return HttpResponse{200, {}, R"({"access_token":"abc","token_type":"Bearer","expires_in":3600})"};
    });
    TestAuthenticator auth(source(), ExpiryBuffer(60s), mock, clock);
    auto observer = std::make_shared<RecordingObserver>();
    auth.set_observer(observer);
    const SteadyTime start = clock.now();
    CHECK(auth.header() == "Bearer abc");
    CHECK(auth.header() == "Bearer abc");
    REQUIRE(observer->fetched.size() == 1);
    CHECK(observer->fetched[0].duration == 250ms);
    CHECK(observer->fetched[0].expires_at == start + 3600s);
    CHECK(observer->fetched[0].refresh_at == start + 3600s - 60s);
    CHECK(observer->failed.empty());
  }

  TEST_CASE("a failed refresh is reported as still serving while the token is valid, then as not") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("first", 600)
        .respond(503, "upstream down")
        .respond(400, R"({"error":"invalid_client"})");
    TestAuthenticator auth(source(), ExpiryBuffer(60s), mock, clock);
    auto observer = std::make_shared<RecordingObserver>();
    auth.set_observer(observer);
    CHECK(auth.header() == "Bearer first");
    clock.advance(541s);
    CHECK(auth.header() == "Bearer first");  // refresh failed, token still valid
    REQUIRE(observer->failed.size() == 1);
    CHECK(observer->failed[0].code == errc::http_error);
    CHECK(observer->failed[0].still_serving);
    CHECK(observer->failed[0].next_attempt == clock.now() + refresh_retry_interval);

    clock.advance(60s);  // expired
    CHECK(auth.try_header().error() == errc::invalid_client);
    REQUIRE(observer->failed.size() == 2);
    CHECK(observer->failed[1].code == errc::invalid_client);
    CHECK_FALSE(observer->failed[1].still_serving);
    for (const std::string& text : observer->texts) CHECK(text.find(client_secret) == std::string::npos);
  }

  TEST_CASE("an IdP that stays down is asked again after 5, 10, 20, 40, then every 60 seconds") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("first", 3600);
    TestAuthenticator auth(source(), ExpiryBuffer(30min), mock, clock);  // refresh at 30 min
    auto observer = std::make_shared<RecordingObserver>();
    auth.set_observer(observer);
    CHECK(auth.header() == "Bearer first");
    mock.on_request([](const HttpRequest&) -> Result<HttpResponse> { return HttpResponse{503, {}, "down"}; });
    clock.advance(30min);
    std::vector<std::chrono::seconds> waits;
    for (int attempt = 0; attempt < 7; ++attempt) {
      CHECK(auth.header() == "Bearer first");  // the failed attempt, still served
      REQUIRE(observer->failed.size() == static_cast<std::size_t>(attempt + 1));
      const auto wait = observer->failed.back().next_attempt - clock.now();
      waits.push_back(std::chrono::duration_cast<std::chrono::seconds>(wait));
      clock.advance(wait - 1ms);
      CHECK(auth.header() == "Bearer first");  // not yet: no request
      clock.advance(1ms);
    }
    CHECK(waits == std::vector<std::chrono::seconds>{5s, 10s, 20s, 40s, 60s, 60s, 60s});
    CHECK(mock.request_count() == 1 + 7);
  }

  TEST_CASE("without a valid token, after two immediate retries a failed fetch is repeated to callers for 5, 10, 20, 40, then 60 seconds") {
    MockTransport mock;
    ManualClock clock;
    mock.on_request([](const HttpRequest&) -> Result<HttpResponse> { return HttpResponse{503, {}, "down"}; });
    TestAuthenticator auth(source(), ExpiryBuffer(60s), mock, clock);
    auto observer = std::make_shared<RecordingObserver>();
    auth.set_observer(observer);
    for (int attempt = 0; attempt < immediate_retries_without_token; ++attempt) {
      CHECK(auth.try_header().error() == errc::http_error);
      CHECK(observer->failed.back().next_attempt == clock.now());  // the next call asks
    }
    CHECK(mock.request_count() == static_cast<std::size_t>(immediate_retries_without_token));
    std::vector<std::chrono::seconds> waits;
    for (int attempt = 0; attempt < 6; ++attempt) {
      CHECK(auth.try_header().error() == errc::http_error);
      REQUIRE(observer->failed.size() == static_cast<std::size_t>(immediate_retries_without_token + attempt + 1));
      CHECK_FALSE(observer->failed.back().still_serving);
      const auto wait = observer->failed.back().next_attempt - clock.now();
      waits.push_back(std::chrono::duration_cast<std::chrono::seconds>(wait));
      clock.advance(wait - 1ms);
      CHECK(auth.try_header().error() == errc::http_error);  // the same failure, no request
      CHECK(auth.stats().fetches == static_cast<std::uint64_t>(immediate_retries_without_token + attempt + 1));
      clock.advance(1ms);
    }
    CHECK(waits == std::vector<std::chrono::seconds>{5s, 10s, 20s, 40s, 60s, 60s});
    // The IdP is back: the next attempt gets a token, and the pause is forgotten.
    mock.on_request([](const HttpRequest&) -> Result<HttpResponse> {
      return HttpResponse{200, {}, R"({"access_token":"back","token_type":"Bearer","expires_in":600})"};
    });
    CHECK(auth.header() == "Bearer back");
    auth.invalidate();
    mock.on_request([](const HttpRequest&) -> Result<HttpResponse> { return HttpResponse{503, {}, "down"}; });
    for (int attempt = 0; attempt < immediate_retries_without_token; ++attempt) {
      CHECK(auth.try_header().error() == errc::http_error);
      CHECK(observer->failed.back().next_attempt == clock.now());
    }
    CHECK(auth.try_header().error() == errc::http_error);
    CHECK(observer->failed.back().next_attempt == clock.now() + refresh_retry_interval);
  }

  TEST_CASE("the first token of an Authenticator with RefreshAhead is refreshed at its first_refresh_at, later ones at refresh_at") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("first", 3600).respond_token("second", 3600);
    const RefreshAhead policy(0.8, 0.1, 5);
    Authenticator<ClientCredentials, RefreshAhead, MockTransport, ManualClock> auth(source(), policy, mock, clock);
    auto observer = std::make_shared<RecordingObserver>();
    auth.set_observer(observer);
    Token first;
    first.value = "first";
    first.issued_at = clock.now();
    first.expires_at = clock.now() + 3600s;
    CHECK(auth.header() == "Bearer first");
    REQUIRE(observer->fetched.size() == 1);
    CHECK(observer->fetched[0].refresh_at == policy.first_refresh_at(first));
    clock.advance(observer->fetched[0].refresh_at - clock.now());
    CHECK(auth.header() == "Bearer second");
    REQUIRE(observer->fetched.size() == 2);
    Token second;
    second.value = "second";
    second.issued_at = clock.now();
    second.expires_at = clock.now() + 3600s;
    CHECK(observer->fetched[1].refresh_at == policy.refresh_at(second));
  }

  TEST_CASE("invalidate() drops at most one token per interval, and says which it did") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one").respond_token("two").respond_token("three");
    TestAuthenticator auth(source(), ExpiryBuffer(60s), mock, clock);
    auto observer = std::make_shared<RecordingObserver>();
    auth.set_observer(observer);
    CHECK(auth.header() == "Bearer one");
    auth.invalidate();
    CHECK(auth.header() == "Bearer two");
    auth.invalidate();  // the backend rejects this one too, at once: not refetched
    CHECK(auth.header() == "Bearer two");
    clock.advance(default_min_invalidate_interval);
    auth.invalidate();
    CHECK(auth.header() == "Bearer three");
    CHECK(mock.request_count() == 3);
    REQUIRE(observer->invalidations.size() == 3);
    CHECK(observer->invalidations[0].dropped);
    CHECK(observer->invalidations[1].rate_limited);
    CHECK_FALSE(observer->invalidations[1].dropped);
    CHECK(observer->invalidations[2].dropped);
  }

  TEST_CASE("a backend rejecting every token gets one refetch per interval however many requests fail") {
    MockTransport mock;
    ManualClock clock;
    mock.on_request([](const HttpRequest&) -> Result<HttpResponse> {
      return HttpResponse{200, {}, R"({"access_token":"rejected","token_type":"Bearer","expires_in":3600})"};
    });
    TestAuthenticator auth(source(), ExpiryBuffer(60s), mock, clock);
    auth.set_min_invalidate_interval(10s);
    for (int second = 0; second < 60; ++second) {
      for (int request = 0; request < 100; ++request) {
        (void)auth.header();
        auth.invalidate("rejected");  // every export answered 401
      }
      clock.advance(1s);
    }
    CHECK(mock.request_count() == 7);  // the first fetch, then one per 10 s over 60 s
  }

  TEST_CASE("a zero interval turns the limit off") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one").respond_token("two").respond_token("three");
    TestAuthenticator auth(source(), ExpiryBuffer(60s), mock, clock);
    auth.set_min_invalidate_interval(0s);
    CHECK(auth.header() == "Bearer one");
    auth.invalidate();
    CHECK(auth.header() == "Bearer two");
    auth.invalidate();
    CHECK(auth.header() == "Bearer three");
  }
}

}  // namespace authenticator_observer_test
