#pragma once

#include <chrono>        // milliseconds, seconds
#include <cstdint>       // uint64_t
#include <string>        // string
#include <string_view>   // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/system/random_seed.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/retry/exponential_backoff_settings.hpp>
#include <oauth2cc/retry/retry_policy.hpp>

namespace oauth2cc {

// Failures that may heal by themselves: no connection, a broken or late
// response, a failed TLS handshake (a proxy restarting resets it; httplib
// cannot tell that from a version mismatch, and a few extra attempts cost
// little). Certificate, URL, configuration and size errors will not heal.
inline bool is_transient(const Failure& failure) noexcept {
  if (failure.code.category() != oauth2cc_category()) return false;
  switch (static_cast<errc>(failure.code.value())) {
    case errc::connection_failed:
    case errc::timeout:
    case errc::transport_failed:
    case errc::tls_handshake_failed: return true;
    default: return false;
  }
}

// 429 and 5xx: the server is overloaded or failing (except 501 and 505, which
// say this request can never work); 408: it gave up waiting for the request.
// Any other status is an answer: invalid_client, invalid_scope and the other
// 4xx OAuth errors come back the same however often they are asked, except
// temporarily_unavailable and server_error, which say the IdP is failing.
template <class Json = nlohmann::json>
bool is_transient(const HttpResponse& response) {
  const int status = response.status;
  if (status == 429 || status == 408) return true;
  if (status >= 500 && status <= 599) return status != 501 && status != 505;
  if (status >= 400 && status <= 499) {
    const std::string name = oauth_error_name<Json>(response);
    return name == "temporarily_unavailable" || name == "server_error";
  }
  return false;
}

template <class Json = nlohmann::json>
bool is_transient(const Result<HttpResponse>& outcome) {
  return outcome ? is_transient<Json>(*outcome) : is_transient(outcome.failure());
}

// The default RetryPolicy: transient outcomes (is_transient above) are
// retried, up to max_attempts in all (4 unless told otherwise), after a delay
// drawn uniformly from [0, min(max_interval, initial_interval * 2^(attempt-1))]
// ("full jitter", so a fleet that failed together does not retry together):
// at most 100 ms, 200 ms, 400 ms with the defaults. A Retry-After header
// (seconds or HTTP-date) replaces the drawn delay, up to max_retry_after.
//
// The draws come from a small generator seeded at construction: pass a seed
// to replay the same delays (tests, simulations). One request at a time, as
// RetryingTransport calls it; not thread-safe.
class ExponentialBackoff {
 public:
  ExponentialBackoff() : ExponentialBackoff(ExponentialBackoffSettings{}) {}
  // Throws oauth2cc::Error (invalid_configuration) for settings that make no sense.
  explicit ExponentialBackoff(ExponentialBackoffSettings settings, std::uint64_t seed = detail::random_seed())
      : settings_(settings), state_(seed) {
    std::string problems;
    const auto problem = [&problems](std::string_view text) {
      problems += problems.empty() ? "" : "; ";
      problems += text;
    };
    if (settings_.max_attempts < 1) problem("max_attempts must be at least 1 (1 means no retries)");
    if (settings_.initial_interval.count() < 0) problem("initial_interval must not be negative");
    if (settings_.max_interval < settings_.initial_interval) problem("max_interval must not be below initial_interval");
    if (settings_.max_retry_after.count() < 0) problem("max_retry_after must not be negative");
    if (!problems.empty()) throw Error(errc::invalid_configuration, "retry settings: " + problems);
  }

  // A template only so that JSON is parsed in the translation units that retry.
  template <class Json = nlohmann::json>
  RetryDecision decide(const Attempt& attempt) {
    if (attempt.number >= settings_.max_attempts || !is_transient<Json>(attempt.outcome)) return RetryDecision::stop();
    if (attempt.outcome) {
      if (const auto asked = retry_after(*attempt.outcome, attempt.wall_now)) {
        if (*asked > settings_.max_retry_after) return RetryDecision::stop();
        return RetryDecision::after(*asked, /*from_retry_after=*/true);
      }
    }
    return RetryDecision::after(jittered_delay(attempt.number));
  }

  // The ceiling of the delay after attempt `number`: initial_interval doubled
  // per earlier attempt, never above max_interval.
  std::chrono::milliseconds ceiling(int number) const noexcept {
    std::chrono::milliseconds ceiling = settings_.initial_interval;
    for (int i = 1; i < number && ceiling < settings_.max_interval; ++i) ceiling *= 2;
    return ceiling < settings_.max_interval ? ceiling : settings_.max_interval;
  }

  const ExponentialBackoffSettings& settings() const noexcept { return settings_; }

 private:
  std::chrono::milliseconds jittered_delay(int number) noexcept {
    const auto span = static_cast<std::uint64_t>(ceiling(number).count()) + 1;
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(next_random() % span));
  }

  // splitmix64: tiny, and the same sequence on every platform for a given
  // seed (std::uniform_int_distribution's output differs between libraries).
  std::uint64_t next_random() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  ExponentialBackoffSettings settings_;
  std::uint64_t state_;
};

static_assert(RetryPolicy<ExponentialBackoff>);

}  // namespace oauth2cc
