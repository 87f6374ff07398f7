#pragma once

// Every concept the parts of oauth2cc are written against, and the optional
// hooks a model may offer, in one place: what a type must have to be a
// TokenSource, CachePolicy, HttpTransport, RetryPolicy, Clock, Sleeper or
// Observable, and the types those requirements speak.

#include <chrono>    // milliseconds
#include <concepts>  // same_as

#include <oauth2cc/clock.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// Sends a form POST and returns the response, or a Failure for anything that
// kept an HTTP response from arriving (connect, TLS, timeout, size cap).
// An HTTP error status is a response, not a Failure.
template <class T>
concept HttpTransport = requires(T& transport, const HttpRequest& request) {
  { transport.post_form(request) } -> std::same_as<Result<HttpResponse>>;
};

// A transport that can GET (HttplibTransport, RetryingTransport and
// MockTransport can): for OIDC discovery (<oauth2cc/source/discovery.hpp>).
// Token requests need only post_form, so this is not part of HttpTransport
// (and discover() needs only get).
template <class T>
concept HttpGetTransport = requires(T& transport, const HttpRequest& request) {
  { transport.get(request) } -> std::same_as<Result<HttpResponse>>;
};

// A transport that adds a DPoP proof (RFC 9449) to each token request, such
// as DpopTransport: the source then accepts DPoP-bound tokens.
template <class T>
concept SendsDpopProofs = requires {
  requires T::sends_dpop_proofs;
};

// Where tokens come from: one call, one token (or the reason there is none).
// `at` is when the request starts; the source derives the expiry from it.
template <class S, class Transport>
concept TokenSource = HttpTransport<Transport> && requires(S& source, Transport& transport, const Instant& at) {
  { source.fetch(transport, at) } -> std::same_as<Result<Token>>;
};

// Decides, once per token, when it must be refreshed. The Authenticator
// serves the cached token until then and fetches a new one after.
template <class P>
concept CachePolicy = requires(const P& policy, const Token& token) {
  { policy.refresh_at(token) } -> std::same_as<SteadyTime>;
};

// Time, injectable so tests control it (ManualClock in testing.hpp).
template <class C>
concept Clock = requires(const C& clock) {
  { clock.now() } -> std::same_as<SteadyTime>;
  { clock.wall_now() } -> std::same_as<WallTime>;
};

// Optional hook of a Clock: a cheaper reading that is never earlier than
// now() (SystemClock's coarse_now). The Authenticator's cached header() reads
// it when the clock has one.
template <class C>
concept HasCoarseNow = Clock<C> && requires(const C& clock) {
  { clock.coarse_now() } -> std::same_as<SteadyTime>;
};

// Optional hook of a CachePolicy: when to refresh the first token, spread
// wider than refresh_at (RefreshAhead's first_refresh_at), so a fleet started
// at once does not refresh in step.
template <class P>
concept HasFirstRefresh = CachePolicy<P> && requires(const P& policy, const Token& token) {
  { policy.first_refresh_at(token) } -> std::same_as<SteadyTime>;
};

// One finished attempt of a token request, as a RetryPolicy sees it.
struct Attempt {
  int number = 1;                        // 1 for the first request
  const Result<HttpResponse>& outcome;   // a Failure (no response arrived) or a non-2xx response
  WallTime wall_now{};                   // when it ended: a Retry-After HTTP-date is relative to it
};

// Whether to send the request again, and after how long.
struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{};
  bool from_retry_after = false;  // the delay is what the server's Retry-After asked for

  static RetryDecision stop() noexcept { return {}; }
  static RetryDecision after(std::chrono::milliseconds delay, bool from_retry_after = false) noexcept {
    return {true, delay, from_retry_after};
  }
};

// Decides, after each failed attempt, whether RetryingTransport tries again.
// It is asked about Failures and non-2xx responses only. The transport still
// enforces the request's overall timeout, whatever the policy says.
template <class P>
concept RetryPolicy = requires(P& policy, const Attempt& attempt) {
  { policy.decide(attempt) } -> std::same_as<RetryDecision>;
};

// How RetryingTransport waits between attempts; injectable so tests advance a
// ManualClock instead of sleeping.
template <class S>
concept Sleeper = requires(S& sleeper, std::chrono::milliseconds delay) { sleeper.sleep_for(delay); };

// Transports and sources that report events accept an observer this way; an
// Authenticator hands its own observer to its transport when it has this.
template <class T>
concept Observable = requires(T& t, Observer* observer) { t.set_observer(observer); };

namespace detail {

// The least a transport can be; shipped sources are checked against it so a
// source never depends on more than the concept promises.
struct ArchetypeTransport {
  Result<HttpResponse> post_form(const HttpRequest&) { return HttpResponse{}; }
};

}  // namespace detail

static_assert(HttpTransport<detail::ArchetypeTransport>);
static_assert(Clock<SystemClock>);
static_assert(HasCoarseNow<SystemClock>);

}  // namespace oauth2cc
