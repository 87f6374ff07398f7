#include <doctest/doctest.h>

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <memory>

using namespace oauth2cc;

namespace any_authenticator_test {

namespace {

using Concrete = Authenticator<ClientCredentials, ExpiryBuffer, MockTransport, ManualClock>;

// What an exporter's options struct looks like: no template in sight.
struct ExporterOptions {
  AnyAuthenticator auth;
};

}  // namespace

TEST_SUITE("AnyAuthenticator") {
  TEST_CASE("forwards every call to the authenticator it holds") {
    MockTransport mock;
    ManualClock clock;
    mock.respond_token("one").respond_token("two").respond(400, R"({"error":"invalid_scope"})");
    ExporterOptions options{AnyAuthenticator::make<Concrete>(ClientCredentials("https://idp/token", "id", "s"),
                                                             ExpiryBuffer{}, mock, clock)};
    CHECK(options.auth.header() == "Bearer one");
    CHECK(options.auth.token().value == "one");
    options.auth.invalidate("not-current");
    CHECK(options.auth.try_header().value() == "Bearer one");
    options.auth.invalidate("one");
    CHECK(options.auth.try_token()->value == "two");
    clock.advance(default_min_invalidate_interval);  // one token dropped per interval
    options.auth.invalidate();
    CHECK(options.auth.try_header().error() == errc::invalid_scope);
    CHECK_THROWS_AS((void)options.auth.header(), Error);
  }

  TEST_CASE("copies share one authenticator and its cache") {
    MockTransport mock;
    mock.respond_token("shared");
    AnyAuthenticator a = AnyAuthenticator::make<Concrete>(ClientCredentials("https://idp/token", "id", "s"),
                                                          ExpiryBuffer{}, mock, ManualClock{});
    AnyAuthenticator b = a;
    CHECK(a.header() == "Bearer shared");
    CHECK(b.header() == "Bearer shared");
    CHECK(mock.request_count() == 1);
    CHECK(b.stats().fetches == 1);  // the counters of the one authenticator behind both
  }

  TEST_CASE("wraps an authenticator the caller keeps using") {
    MockTransport mock;
    mock.respond_token("t");
    auto concrete = std::make_shared<Concrete>(ClientCredentials("https://idp/token", "id", "s"), ExpiryBuffer{}, mock,
                                               ManualClock{});
    AnyAuthenticator any(concrete);
    CHECK(any.header() == "Bearer t");
    CHECK(concrete->stats().fetches == 1);
  }
}

}  // namespace any_authenticator_test
