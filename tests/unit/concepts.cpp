#include <doctest/doctest.h>

#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/cache/no_cache.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

using namespace oauth2cc;

namespace concepts_test {

namespace {

struct NotATransport {
  HttpResponse post_form(const HttpRequest&) { return {}; }  // must return a Result
};
struct NotASource {
  Token fetch(MockTransport&, const Instant&) { return {}; }  // must return a Result
};
struct NotAPolicy {
  bool refresh_at(const Token&) const { return true; }
};
struct WallOnlyClock {
  WallTime wall_now() const { return {}; }
};
struct UsersOwnPolicy {
  SteadyTime refresh_at(const Token& token) const { return token.expires_at; }
};

}  // namespace

TEST_SUITE("concepts") {
  TEST_CASE("the shipped types model their concepts") {
    CHECK(HttpTransport<MockTransport>);
    CHECK(TokenSource<ClientCredentials, MockTransport>);
    CHECK(CachePolicy<ExpiryBuffer>);
    CHECK(CachePolicy<NoCache>);
    CHECK(Clock<SystemClock>);
    CHECK(Clock<ManualClock>);
  }

  TEST_CASE("a user's own plain type models a concept without a base class") {
    CHECK(CachePolicy<UsersOwnPolicy>);
  }

  TEST_CASE("types with the wrong shape do not model them") {
    CHECK_FALSE(HttpTransport<NotATransport>);
    CHECK_FALSE(TokenSource<NotASource, MockTransport>);
    CHECK_FALSE(TokenSource<ClientCredentials, NotATransport>);
    CHECK_FALSE(CachePolicy<NotAPolicy>);
    CHECK_FALSE(Clock<WallOnlyClock>);
    CHECK_FALSE(CachePolicy<int>);
  }
}

}  // namespace concepts_test
