#pragma once

#include <oauth2cc/retry/retry_policy.hpp>

namespace oauth2cc {

// A RetryPolicy that never retries: every attempt's outcome is final.
struct NoRetry {
  RetryDecision decide(const Attempt&) const noexcept { return RetryDecision::stop(); }
};

static_assert(RetryPolicy<NoRetry>);

}  // namespace oauth2cc
