#include <doctest/doctest.h>

#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/cache/no_cache.hpp>

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace expiry_buffer_test {

namespace {

Token issued_for(std::chrono::seconds lifetime) {
  Token token;
  token.issued_at = SteadyTime(100h);
  token.expires_at = token.issued_at + lifetime;
  return token;
}

}  // namespace

TEST_SUITE("cache policies") {
  TEST_CASE("ExpiryBuffer refreshes `buffer` before expiry") {
    const Token token = issued_for(3600s);
    CHECK(ExpiryBuffer(60s).refresh_at(token) == token.expires_at - 60s);
    CHECK(ExpiryBuffer(0s).refresh_at(token) == token.expires_at);
  }

  TEST_CASE("ExpiryBuffer defaults to the collector's 5 minutes") {
    CHECK(ExpiryBuffer().buffer() == 5min);
    const Token token = issued_for(3600s);
    CHECK(ExpiryBuffer().refresh_at(token) == token.expires_at - 5min);
  }

  TEST_CASE("ExpiryBuffer never takes more than half the lifetime, so short tokens are not refetched per call") {
    const Token five_minutes = issued_for(300s);
    CHECK(ExpiryBuffer(5min).refresh_at(five_minutes) == five_minutes.issued_at + 150s);
    const Token one_second = issued_for(1s);
    CHECK(ExpiryBuffer(5min).refresh_at(one_second) == one_second.issued_at + 500ms);
    SUBCASE("the cap is configurable") {
      CHECK(ExpiryBuffer(5min, 0.8).refresh_at(five_minutes) == five_minutes.issued_at + 60s);
    }
  }

  TEST_CASE("NoCache makes every token due at once") {
    const Token token = issued_for(3600s);
    CHECK(NoCache{}.refresh_at(token) == token.issued_at);
  }
}

}  // namespace expiry_buffer_test
