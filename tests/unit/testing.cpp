#include <doctest/doctest.h>

#include <oauth2cc/testing.hpp>

#include <thread>

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace testing_test {

TEST_SUITE("ManualClock") {
  TEST_CASE("moves only when told, both clocks together") {
    ManualClock clock;
    const SteadyTime start = clock.now();
    const WallTime wall = clock.wall_now();
    CHECK(clock.now() == start);
    clock.advance(90s);
    CHECK(clock.now() - start == 90s);
    CHECK(clock.wall_now() - wall == 90s);
  }

  TEST_CASE("copies share one time line") {
    ManualClock clock;
    const ManualClock copy = clock;
    clock.advance(1h);
    CHECK(copy.now() == clock.now());
  }

  TEST_CASE("the wall clock can be stepped alone") {
    ManualClock clock;
    const SteadyTime steady = clock.now();
    clock.set_wall(WallTime(std::chrono::seconds(0)));
    CHECK(clock.wall_now() == WallTime(std::chrono::seconds(0)));
    CHECK(clock.now() == steady);
  }
}

TEST_SUITE("MockTransport") {
  TEST_CASE("answers from the script in order and records every request") {
    MockTransport mock;
    mock.respond(200, "first").fail(errc::timeout, "slow").respond(500, "third", {{"Retry-After", "1"}});
    HttpRequest request;
    request.url = "https://idp/token";
    request.body = "a=1&b=x%20y";
    CHECK(mock.post_form(request)->body == "first");
    CHECK(mock.post_form(request).error() == errc::timeout);
    const auto third = mock.post_form(request);
    CHECK(third->status == 500);
    CHECK(third->header("retry-after") == "1");
    CHECK(mock.request_count() == 3);
    CHECK(mock.requests()[0].form_value("b") == "x y");
    CHECK_FALSE(mock.requests()[0].form_value("c"));
  }

  TEST_CASE("an unscripted request fails with a message that says what to add") {
    MockTransport mock;
    const auto response = mock.post_form(HttpRequest{});
    CHECK(response.error() == errc::transport_failed);
    CHECK(response.message().find("respond()") != std::string::npos);
  }

  TEST_CASE("a handler answers what the script does not cover") {
    MockTransport mock;
    mock.respond(201, "scripted");
    mock.on_request([](const HttpRequest& r) -> Result<HttpResponse> { return HttpResponse{200, {}, r.body}; });
    HttpRequest request;
    request.body = "echo";
    CHECK(mock.post_form(request)->status == 201);
    CHECK(mock.post_form(request)->body == "echo");
  }

  TEST_CASE("copies share the script and the record") {
    MockTransport mock;
    MockTransport copy = mock;
    mock.respond(200, "x");
    CHECK(copy.post_form(HttpRequest{})->body == "x");
    CHECK(mock.request_count() == 1);
  }

  TEST_CASE("hold() blocks requests until release()") {
    MockTransport mock;
    mock.respond(200, "x");
    mock.hold();
    std::thread caller([&] { CHECK(mock.post_form(HttpRequest{})->body == "x"); });
    while (mock.blocked() == 0) std::this_thread::yield();
    CHECK(mock.blocked() == 1);
    mock.release();
    caller.join();
    CHECK(mock.blocked() == 0);
  }

  TEST_CASE("basic_credentials() decodes what client_secret_basic sends") {
    MockTransport mock;
    mock.respond(200, "");
    HttpRequest request;
    request.headers = {{"Authorization", "Basic YSUzQWI6YyUyMGQ="}};  // "a%3Ab:c%20d"
    (void)mock.post_form(request);
    const auto credentials = mock.requests()[0].basic_credentials();
    REQUIRE(credentials);
    CHECK(credentials->first == "a:b");
    CHECK(credentials->second == "c d");
  }
}

}  // namespace testing_test
