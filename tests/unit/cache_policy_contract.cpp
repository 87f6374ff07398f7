// What every CachePolicy must do, written once and run over every policy in
// include/oauth2cc/cache/: each case is a TEST_CASE_TEMPLATE run over the
// models below. A model names a policy and builds it as a user would:
//
//   struct Model { static Policy make(); };
//
// The properties hold for any token that does not expire before its issue. What
// only one policy promises (RefreshAhead's jitter window, ExpiryBuffer's
// cap, NoCache's "due at once") stays in that policy's own tests.

#include <doctest/doctest.h>

#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/cache/no_cache.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/concepts.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "../support/token_issued_at.hpp"

namespace cache_policy_contract_test {

using oauth2cc::SteadyTime;
using oauth2cc::Token;
using namespace std::chrono_literals;

using oauth2cc_test::token_issued_at;

// From no lifetime and a one-second token to ten years (the longest a
// source believes), with the collector's 5 minutes and the usual hour between.
const std::vector<std::chrono::seconds> lifetimes = {0s,    1s,    4s,    59s,   60s,    299s,   300s,
                                                     301s,  600s,  601s,  3600s, 86400s, 24h * 3653};
// Tokens differ in value and issue time, which RefreshAhead's draw reads.
const std::vector<SteadyTime> issue_times = {SteadyTime{0s}, SteadyTime{10s}, SteadyTime{1000h}};
const std::vector<std::string> values = {"token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "a", "tok-42"};

}  // namespace cache_policy_contract_test

// The models, outside the namespace so that doctest's "<Model>" suffix of
// each case's name is short.
struct DefaultExpiryBuffer {
  static oauth2cc::ExpiryBuffer make() { return oauth2cc::ExpiryBuffer(); }
};
struct DefaultRefreshAhead {
  static oauth2cc::RefreshAhead make() { return oauth2cc::RefreshAhead(); }
};
// What a Config with an expiry_buffer makes: a second rule in the same policy.
struct BufferedRefreshAhead {
  static oauth2cc::RefreshAhead make() { return oauth2cc::RefreshAhead().buffer(std::chrono::minutes(5)); }
};
struct DefaultNoCache {
  static oauth2cc::NoCache make() { return oauth2cc::NoCache{}; }
};

TYPE_TO_STRING(DefaultExpiryBuffer);
TYPE_TO_STRING(DefaultRefreshAhead);
TYPE_TO_STRING(BufferedRefreshAhead);
TYPE_TO_STRING(DefaultNoCache);

// Runs every case below with `Model`.
#define OAUTH2CC_CACHE_POLICY_CONTRACT(Model)                     \
  TEST_CASE_TEMPLATE_INVOKE(cache_policy_within_lifetime, Model); \
  TEST_CASE_TEMPLATE_INVOKE(cache_policy_no_lifetime, Model);     \
  TEST_CASE_TEMPLATE_INVOKE(cache_policy_deterministic, Model);   \
  TEST_CASE_TEMPLATE_INVOKE(cache_policy_monotonic, Model)

// The cases and their runs in one block: a case belongs to the suite it is
// defined in.
TEST_SUITE("CachePolicy contract") {
  TEST_CASE_TEMPLATE_DEFINE("a token is due no earlier than its issue and no later than its expiry", Model,
                            cache_policy_within_lifetime) {
    using namespace cache_policy_contract_test;
    const auto policy = Model::make();
    static_assert(oauth2cc::CachePolicy<decltype(policy)>);
    for (const SteadyTime issued : issue_times) {
      for (const std::string& value : values) {
        for (const auto lifetime : lifetimes) {
          const Token token = token_issued_at(issued, lifetime, value);
          const SteadyTime due = policy.refresh_at(token);
          CAPTURE(lifetime.count());
          CAPTURE(value);
          CHECK(due >= token.issued_at);
          CHECK(due <= token.expires_at);
        }
      }
    }
  }

  // A token with no lifetime (a user's TokenSource may return one; the shipped
  // sources never do) has only one answer inside it.
  TEST_CASE_TEMPLATE_DEFINE("a token without a lifetime is refreshed at its expiry", Model,
                            cache_policy_no_lifetime) {
    using namespace cache_policy_contract_test;
    const auto policy = Model::make();
    const Token token = token_issued_at(SteadyTime{10s}, 0s);
    CHECK(policy.refresh_at(token) == token.expires_at);
    CHECK(policy.refresh_at(Token{}) == Token{}.expires_at);  // nothing set at all
  }

  // RefreshAhead draws its jitter from the seed and the token, never from
  // the call: asking again, or asking a copy, replays the draw.
  TEST_CASE_TEMPLATE_DEFINE("the same token always gets the same answer, from the policy and from a copy of it", Model,
                            cache_policy_deterministic) {
    using namespace cache_policy_contract_test;
    const auto policy = Model::make();
    const auto copy = policy;
    for (const SteadyTime issued : issue_times) {
      for (const std::string& value : values) {
        for (const auto lifetime : lifetimes) {
          const Token token = token_issued_at(issued, lifetime, value);
          const SteadyTime first = policy.refresh_at(token);
          CAPTURE(lifetime.count());
          CAPTURE(value);
          CHECK(policy.refresh_at(token) == first);
          CHECK(copy.refresh_at(token) == first);
        }
      }
    }
  }

  // Of two tokens with the same value and issue time (RefreshAhead's draw is
  // then the same), the longer-lived one is never due earlier.
  TEST_CASE_TEMPLATE_DEFINE("a longer-lived token issued at the same time is not due earlier", Model,
                            cache_policy_monotonic) {
    using namespace cache_policy_contract_test;
    const auto policy = Model::make();
    for (const SteadyTime issued : issue_times) {
      for (const std::string& value : values) {
        SteadyTime previous = policy.refresh_at(token_issued_at(issued, lifetimes.front(), value));
        for (std::size_t i = 1; i < lifetimes.size(); ++i) {  // ascending
          const SteadyTime due = policy.refresh_at(token_issued_at(issued, lifetimes[i], value));
          CAPTURE(lifetimes[i].count());
          CAPTURE(value);
          CHECK(due >= previous);
          previous = due;
        }
      }
    }
  }

  OAUTH2CC_CACHE_POLICY_CONTRACT(DefaultExpiryBuffer);
  OAUTH2CC_CACHE_POLICY_CONTRACT(DefaultRefreshAhead);
  OAUTH2CC_CACHE_POLICY_CONTRACT(BufferedRefreshAhead);
  OAUTH2CC_CACHE_POLICY_CONTRACT(DefaultNoCache);
}
