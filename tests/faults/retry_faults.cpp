// The transient faults again, through RetryingTransport with its default
// policy (ExponentialBackoff): one try_header() rides out a 503 or a 429, a
// persistent 500 costs a bounded number of requests, and a hang is not
// retried past the overall timeout. Delays are checked in the RetryScheduled
// events, never on the wall clock.

#include <doctest/doctest.h>

#if __has_include(<oauth2cc/transport/retrying.hpp>)

#include <oauth2cc/error.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "fault_case.hpp"
#include "fault_server.hpp"

using oauth2cc::errc;
using oauth2cc::ExponentialBackoff;
using oauth2cc::ExponentialBackoffSettings;
using oauth2cc::HttplibTransport;
using oauth2cc_test::Behaviour;
using oauth2cc_test::answer;
using oauth2cc_test::FaultServer;
using namespace oauth2cc_test::faults;
using namespace std::chrono_literals;

namespace retry_faults_test {

namespace {

using Retrying = oauth2cc::RetryingTransport<HttplibTransport>;

Behaviour good(std::string_view name) {
  return answer(200, "OK", "application/json",
                R"({"access_token":")" + served_token(name) + R"(","token_type":"Bearer","expires_in":3600})");
}

Retrying retrying(ExponentialBackoffSettings settings = {}) {
  return Retrying(HttplibTransport{}, ExponentialBackoff(settings, /*seed=*/42));
}

}  // namespace

FAULT_CASE("503 then ok through RetryingTransport: one call succeeds after one retry") {
  FaultServer server;
  server.next(answer(503, "Service Unavailable", "text/plain", "upstream unavailable " + canary));
  server.always(good("retried-503"));
  FaultClient client(server.url(), retrying());
  client.recovers_with(served_token("retried-503"));
  CHECK(server.requests() == 2);
  const auto retries = client.recorder().retries();
  REQUIRE(retries.size() == 1);
  CHECK(retries[0].attempt == 1);
  CHECK(retries[0].status == 503);
  CHECK_FALSE(retries[0].from_retry_after);
  CHECK(retries[0].delay <= ExponentialBackoffSettings{}.initial_interval);  // the first ceiling, jittered below it
}

FAULT_CASE("429 with Retry-After 1 through RetryingTransport: one call succeeds, after the pause the server asked for") {
  FaultServer server;
  Behaviour limited = answer(429, "Too Many Requests", "application/json",
                             R"({"error":"temporarily_unavailable","trace":")" + canary + R"("})");
  limited.headers.emplace_back("Retry-After", "1");
  server.next(std::move(limited));
  server.always(good("retried-429"));
  // The pause must fit in the overall timeout, or no retry is made.
  FaultClient client(server.url(), retrying(), oauth2cc::AuthMethod::client_secret_basic, 3s);
  client.recovers_with(served_token("retried-429"));
  CHECK(server.requests() == 2);
  const auto retries = client.recorder().retries();
  REQUIRE(retries.size() == 1);
  CHECK(retries[0].status == 429);
  CHECK(retries[0].from_retry_after);
  CHECK(retries[0].delay == 1s);
}

FAULT_CASE("500 for good through RetryingTransport: http_error after max_attempts requests, then recovers") {
  FaultServer server;
  server.always(answer(500, "Internal Server Error", "text/html", "<html>" + canary + "</html>"));
  ExponentialBackoffSettings settings;
  settings.max_attempts = 3;
  settings.initial_interval = 10ms;
  FaultClient client(server.url(), retrying(settings));
  client.fails_with(errc::http_error);
  CHECK(server.requests() == 3);  // bounded: no retry storm
  CHECK(client.recorder().retries().size() == 2);
  server.always(good("after-retried-500"));
  client.recovers_with(served_token("after-retried-500"));
}

FAULT_CASE("hang through RetryingTransport: timeout, not retried beyond the overall timeout, then recovers") {
  FaultServer server;
  Behaviour hang;
  hang.kind = Behaviour::Kind::hang;
  server.always(hang);
  FaultClient client(server.url(), retrying());
  client.fails_with(errc::timeout);
  // The first attempt uses up the timeout, so normally no retry is made; a
  // poll() that wakes a hair early may leave time for one more, never two.
  const auto retries = client.recorder().retries();
  CHECK(retries.size() <= 1);
  CHECK(server.requests() == 1 + static_cast<int>(retries.size()));
  server.always(good("after-retried-hang"));
  client.recovers_with(served_token("after-retried-hang"));
}

#endif

}  // namespace retry_faults_test
