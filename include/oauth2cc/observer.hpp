#pragma once

#include <chrono>        // nanoseconds, milliseconds
#include <string_view>   // string_view
#include <system_error>  // error_code

#include <oauth2cc/clock.hpp>

namespace oauth2cc {

// What an Authenticator and its transport tell an Observer: facts for metrics
// and logs. No event carries a secret, an assertion or a token; messages are
// the same redacted texts errors carry. String views are valid only during
// the call.

struct TokenFetched {
  std::chrono::nanoseconds duration{};  // the whole fetch, retries included
  SteadyTime expires_at{};
  SteadyTime refresh_at{};  // when the CachePolicy will refresh it
};

struct RefreshFailed {
  std::error_code code;
  std::string_view message;
  bool still_serving = false;  // a valid token is still served meanwhile
  SteadyTime next_attempt{};   // when a caller or the background thread tries again
};

struct RetryScheduled {
  int attempt = 0;  // the attempt that failed, from 1
  std::chrono::milliseconds delay{};
  std::error_code cause;
  int status = 0;                 // the HTTP status, 0 for a network error
  bool from_retry_after = false;  // the delay came from a Retry-After header
};

struct Invalidated {
  bool dropped = false;       // the token was dropped; a refetch follows
  bool rate_limited = false;  // not dropped: within min_invalidate_interval of the last drop
};

struct InsecureTransport {
  std::string_view reason;  // "insecure_skip_verify" or "plain http"
  std::string_view origin;  // scheme://host:port of the token endpoint
};

// A FileCache ignored a file or directory it does not trust (symlink, foreign
// owner, open to group or others, corrupt), or could not write one.
struct FileCacheProblem {
  std::string_view path;    // the file or directory concerned
  std::string_view reason;  // what is wrong and what to do; never the token
};

// Override what you need; every default does nothing. Called on the thread
// that did the work, never with a lock of the Authenticator held, so an
// observer may call back into it. Must not throw.
class Observer {
 public:
  Observer() = default;
  Observer(const Observer&) = default;
  Observer& operator=(const Observer&) = default;
  virtual ~Observer() = default;

  virtual void token_fetched(const TokenFetched&) noexcept {}
  virtual void refresh_failed(const RefreshFailed&) noexcept {}
  virtual void retry_scheduled(const RetryScheduled&) noexcept {}
  virtual void invalidated(const Invalidated&) noexcept {}
  virtual void insecure_transport(const InsecureTransport&) noexcept {}
  virtual void file_cache_problem(const FileCacheProblem&) noexcept {}
};

}  // namespace oauth2cc
