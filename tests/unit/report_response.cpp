// Feedback from the backend: which answers drop the token, and that many
// threads rejected with one token cause one refetch.
#include <doctest/doctest.h>

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/detail/http/www_authenticate.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc::detail::bearer_error;

namespace report_response_test {

namespace {

using TestAuthenticator = Authenticator<ClientCredentials, RefreshAhead, MockTransport, ManualClock>;

ClientCredentials source() { return ClientCredentials("https://idp.example/token", "id", "secret"); }

}  // namespace

TEST_SUITE("WWW-Authenticate") {
  TEST_CASE("the Bearer challenge's error, quoted or not, among other parameters and challenges") {
    CHECK(bearer_error(R"(Bearer realm="otel", error="invalid_token", error_description="expired")") ==
          "invalid_token");
    CHECK(bearer_error("Bearer error=invalid_token") == "invalid_token");
    CHECK(bearer_error(R"(bearer ERROR="insufficient_scope", scope="telemetry.write")") == "insufficient_scope");
    CHECK(bearer_error(R"(DPoP algs="ES256", Bearer realm="x", error="invalid_token")") == "invalid_token");
    CHECK(bearer_error(R"(Basic realm="x", error="invalid_token")").empty());  // not the Bearer challenge
    CHECK(bearer_error(R"(Bearer realm="a \"quoted\" realm", error="invalid_token")") == "invalid_token");
    CHECK(bearer_error("Bearer").empty());
    CHECK(bearer_error("").empty());
    CHECK(bearer_error(R"(Bearer error="invalid_token)").empty());  // unterminated
    CHECK(bearer_error("Bearer ;;;").empty());
  }
}

TEST_SUITE("report_response") {
  TEST_CASE("a 401 drops the token it was sent with, and says to send again") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one").respond_token("two");
    TestAuthenticator auth(source(), RefreshAhead{}, mock, clock);
    const std::string sent = auth.header();
    CHECK(auth.report_response(sent, 401));
    CHECK(auth.header() == "Bearer two");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("error=\"invalid_token\" drops the token whatever the status") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one").respond_token("two");
    TestAuthenticator auth(source(), RefreshAhead{}, mock, clock);
    const std::string sent = auth.header();
    CHECK(auth.report_response(sent, 400, R"(Bearer error="invalid_token")"));
    CHECK(auth.header() == "Bearer two");
  }

  TEST_CASE("answers that are not the token's fault change nothing") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one");
    TestAuthenticator auth(source(), RefreshAhead{}, mock, clock);
    const std::string sent = auth.header();
    CHECK_FALSE(auth.report_response(sent, 200));
    CHECK_FALSE(auth.report_response(sent, 403, R"(Bearer error="insufficient_scope", scope="telemetry.write")"));
    CHECK_FALSE(auth.report_response(sent, 500));
    CHECK_FALSE(auth.report_response(sent, 429));
    CHECK(auth.header() == "Bearer one");
    CHECK(mock.request_count() == 1);
  }

  TEST_CASE("a 401 for a token already replaced fetches nothing, and still says to send again") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one").respond_token("two");
    TestAuthenticator auth(source(), RefreshAhead{}, mock, clock);
    const std::string old = auth.header();
    CHECK(auth.report_response(old, 401));
    CHECK(auth.header() == "Bearer two");
    CHECK(auth.report_response(old, 401));  // a late answer to a request sent with "one"
    CHECK(auth.header() == "Bearer two");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("within min_invalidate_interval a second rejection keeps the token and says not to resend") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one").respond_token("two");
    TestAuthenticator auth(source(), RefreshAhead{}, mock, clock);
    CHECK(auth.report_response(auth.header(), 401));
    const std::string second = auth.header();
    CHECK_FALSE(auth.report_response(second, 401));
    CHECK(auth.header() == second);
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("32 threads rejected with the same token cause one refetch, and all send again") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("revoked").respond_token("fresh");
    auto auth = std::make_shared<TestAuthenticator>(source(), RefreshAhead{}, mock, clock);
    AnyAuthenticator any(auth);
    const std::string sent = any.header();
    std::atomic<int> resend{0};
    std::atomic<int> fresh{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 32; ++t) {
      threads.emplace_back([&] {
        if (any.report_response(sent, 401, R"(Bearer error="invalid_token")")) ++resend;
        if (any.header() == "Bearer fresh") ++fresh;
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(resend == 32);
    CHECK(fresh == 32);
    CHECK(mock.request_count() == 2);
  }
}

}  // namespace report_response_test
