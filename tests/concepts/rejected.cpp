// A type that misses one requirement of a concept, used where the concept is
// required: the compiler must refuse it and name the concept (checked by
// expect_rejected.cmake). OAUTH2CC_CASE picks the case; `valid` uses types
// that model every concept, so a refusal in the other cases comes from the
// one requirement missed and not from a mistake in this file.

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/source/static_token.hpp>
#include <oauth2cc/testing.hpp>
#include <oauth2cc/transport/retrying.hpp>

namespace {

using namespace oauth2cc;

struct SourceWithoutResult {  // fetch returns a Token, not a Result<Token>
  Token fetch(MockTransport&, const Instant&) { return {}; }
};
struct PolicyWithoutTime {  // refresh_at returns a bool, not a time point
  bool refresh_at(const Token&) const { return true; }
};
struct TransportWithoutResult {  // post_form returns an HttpResponse, not a Result
  HttpResponse post_form(const HttpRequest&) { return {}; }
};
struct ClockWithoutSteadyTime {  // no now()
  WallTime wall_now() const { return {}; }
};
struct RetryPolicyWithoutDecision {  // decide returns a bool, not a RetryDecision
  bool decide(const Attempt&) { return false; }
};
struct SleeperWithoutSleep {  // sleeps by another name
  void pause(std::chrono::milliseconds) const {}
};


}  // namespace

int main() {
#if defined(OAUTH2CC_CASE_valid)
  Authenticator<StaticToken, RefreshAhead, RetryingTransport<MockTransport, ExponentialBackoff, ManualClock,
                                                             ThreadSleeper>,
                ManualClock>
      auth(StaticToken("t"));
#elif defined(OAUTH2CC_CASE_token_source)
  Authenticator<SourceWithoutResult, RefreshAhead, MockTransport> auth(SourceWithoutResult{});
#elif defined(OAUTH2CC_CASE_cache_policy)
  Authenticator<StaticToken, PolicyWithoutTime, MockTransport> auth(StaticToken("t"));
#elif defined(OAUTH2CC_CASE_http_transport)
  Authenticator<StaticToken, RefreshAhead, TransportWithoutResult> auth(StaticToken("t"));
#elif defined(OAUTH2CC_CASE_clock)
  Authenticator<StaticToken, RefreshAhead, MockTransport, ClockWithoutSteadyTime> auth(StaticToken("t"));
#elif defined(OAUTH2CC_CASE_retry_policy)
  RetryingTransport<MockTransport, RetryPolicyWithoutDecision> auth(MockTransport{}, RetryPolicyWithoutDecision{});
#elif defined(OAUTH2CC_CASE_sleeper)
  RetryingTransport<MockTransport, ExponentialBackoff, SystemClock, SleeperWithoutSleep> auth(MockTransport{});
#else
#error "define one OAUTH2CC_CASE_<name>"
#endif
  (void)auth;
}
