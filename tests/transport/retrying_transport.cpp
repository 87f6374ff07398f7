// RetryingTransport around a real HttplibTransport, against an httplib server
// on 127.0.0.1 that fails on purpose; counts are taken at the server.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "../support/test_server.hpp"
#include "../support/token_request.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::TestServer;
using oauth2cc_test::token_request;

namespace retrying_transport_test {

namespace {

void answer_token(httplib::Response& res) {
  res.set_content(R"({"access_token":"t","token_type":"Bearer","expires_in":60})", "application/json");
}

// Answers the first `failures` requests with `status` (and Retry-After when
// given), then with a token; counts every request.
struct FlakyEndpoint {
  TestServer server;
  std::atomic<int> requests{0};

  FlakyEndpoint(int failures, int status, std::string retry_after = {}) {
    server->Post("/token", [this, failures, status, retry_after](const httplib::Request&, httplib::Response& res) {
      if (++requests <= failures) {
        res.status = status;
        if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
        res.set_content("<html>busy</html>", "text/html");
        return;
      }
      answer_token(res);
    });
    server.start();
  }
};

// Records each retry, so a test can see that Retry-After was honoured.
struct RecordingObserver : Observer {
  std::vector<RetryScheduled> retries;
  void retry_scheduled(const RetryScheduled& event) noexcept override { retries.push_back(event); }
};

}  // namespace

TEST_SUITE("RetryingTransport over HTTP") {
  TEST_CASE("503 then 200: the server sees two requests and the caller one success" * doctest::timeout(30)) {
    FlakyEndpoint endpoint(1, 503);
    RetryingTransport<HttplibTransport> transport(HttplibTransport{}, ExponentialBackoff({}, 1));
    const Result<HttpResponse> response = transport.post_form(token_request(endpoint.server.url("http"), 10s));
    REQUIRE_MESSAGE(response, response.message());
    CHECK(response->status == 200);
    CHECK(endpoint.requests == 2);
  }

  TEST_CASE("429 with Retry-After: 1, then 200: one retry after the pause the server asked for" * doctest::timeout(30)) {
    FlakyEndpoint endpoint(1, 429, "1");
    RetryingTransport<HttplibTransport> transport(HttplibTransport{}, ExponentialBackoff({}, 1));
    RecordingObserver observer;
    transport.set_observer(&observer);
    const Result<HttpResponse> response = transport.post_form(token_request(endpoint.server.url("http"), 10s));
    REQUIRE_MESSAGE(response, response.message());
    CHECK(response->status == 200);
    CHECK(endpoint.requests == 2);
    REQUIRE(observer.retries.size() == 1);
    CHECK(observer.retries[0].status == 429);
    CHECK(observer.retries[0].delay == 1s);
    CHECK(observer.retries[0].from_retry_after);
  }

  TEST_CASE("a server that keeps failing gets max_attempts requests, and its last answer is returned" *
            doctest::timeout(30)) {
    FlakyEndpoint endpoint(1000, 503);
    RetryingTransport<HttplibTransport> transport(HttplibTransport{}, ExponentialBackoff({.max_attempts = 3}, 1));
    const Result<HttpResponse> response = transport.post_form(token_request(endpoint.server.url("http"), 10s));
    REQUIRE(response);
    CHECK(response->status == 503);
    CHECK(endpoint.requests == 3);
  }

  TEST_CASE("a Retry-After longer than the timeout leaves is not waited for" * doctest::timeout(30)) {
    FlakyEndpoint endpoint(1, 429, "30");
    RetryingTransport<HttplibTransport> transport(HttplibTransport{}, ExponentialBackoff({}, 1));
    const Result<HttpResponse> response = transport.post_form(token_request(endpoint.server.url("http"), 2s));
    REQUIRE(response);
    CHECK(response->status == 429);
    CHECK(endpoint.requests == 1);
  }

  TEST_CASE("make_authenticator retries as the config's retry block says" * doctest::timeout(30)) {
    const auto config_for = [](const TestServer& server, bool enabled) {
      const nlohmann::json block = {{"client_id", "exporter"},
                                    {"client_secret", "s3cret"},
                                    {"token_url", server.url("http")},
                                    {"retry", {{"enabled", enabled}, {"initial_interval", "10ms"}}}};
      Result<Config> config = config_from_json(block);
      REQUIRE_MESSAGE(config, config.message());
      return std::move(config).value();
    };
    SUBCASE("enabled: a 503 is retried and the token arrives") {
      FlakyEndpoint endpoint(1, 503);
      AnyAuthenticator auth = make_authenticator(config_for(endpoint.server, true));
      const Result<Token> token = auth.try_token();
      REQUIRE_MESSAGE(token, token.message());
      CHECK(token->value == "t");
      CHECK(endpoint.requests == 2);
    }
    SUBCASE("disabled: the 503 is the answer") {
      FlakyEndpoint endpoint(1, 503);
      AnyAuthenticator auth = make_authenticator(config_for(endpoint.server, false));
      const Result<Token> token = auth.try_token();
      CHECK(token.error() == errc::http_error);
      CHECK(token.message().find("HTTP 503") != std::string::npos);
      CHECK(endpoint.requests == 1);
    }
  }
}

}  // namespace retrying_transport_test
