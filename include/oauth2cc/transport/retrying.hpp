#pragma once

// Retries as a transport decorator: any HttpTransport, wrapped, retries what
// a RetryPolicy calls transient, inside the request's overall timeout.
//
//   RetryingTransport<HttplibTransport> transport(HttplibTransport(settings));
//   Authenticator<ClientCredentials, RefreshAhead, RetryingTransport<HttplibTransport>> auth(source, {}, transport);

#include <chrono>    // milliseconds, ceil
#include <cstddef>   // size_t
#include <optional>  // optional
#include <string>    // string, to_string
#include <utility>   // move

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/retry/exponential_backoff.hpp>
#include <oauth2cc/retry/retry_policy.hpp>
#include <oauth2cc/retry/sleeper.hpp>

namespace oauth2cc {

namespace detail {

// The copy of a request that a retry sends with a shorter timeout. Its header
// values and body may hold the client secret or an assertion, so they are
// overwritten before the memory is freed.
struct WipedRequestCopy {
  HttpRequest request;

  explicit WipedRequestCopy(const HttpRequest& original) : request(original) {}
  WipedRequestCopy(const WipedRequestCopy&) = delete;
  WipedRequestCopy& operator=(const WipedRequestCopy&) = delete;
  ~WipedRequestCopy() {
    for (auto& header : request.headers) secure_wipe(header.second);
    secure_wipe(request.body);
  }
};

}  // namespace detail

// An HttpTransport that sends through `Transport` and, when a request fails
// in a way `Policy` calls transient, waits the delay the policy names and
// sends it again. Everything happens within the request's `timeout`, counted
// on `TimeSource` from the first attempt: a retry is made only if its delay
// ends before that deadline, and it gets what is left as its own timeout.
//
// When it gives up it returns the last outcome as it was, so the token source
// still names the real error: the last response (503, 429, invalid_client),
// or the last Failure with "(after N attempts)" added to its message.
//
// Each retry is reported to the Observer (retry_scheduled) before its pause;
// set_observer() is handed on to the inner transport when that is Observable.
// One request at a time, as the Authenticator guarantees.
template <HttpTransport Transport, RetryPolicy Policy = ExponentialBackoff, Clock TimeSource = SystemClock,
          Sleeper Sleep = ThreadSleeper>
class RetryingTransport {
 public:
  // Each retry goes through the inner transport, so a DPoP proof is fresh per attempt.
  static constexpr bool sends_dpop_proofs = SendsDpopProofs<Transport>;

  RetryingTransport() = default;
  explicit RetryingTransport(Transport inner, Policy policy = Policy{}, TimeSource clock = TimeSource{},
                             Sleep sleeper = Sleep{})
      : inner_(std::move(inner)), policy_(std::move(policy)), clock_(std::move(clock)), sleeper_(std::move(sleeper)) {}

  Result<HttpResponse> post_form(const HttpRequest& request) {
    return send(request, [this](const HttpRequest& attempt) { return inner_.post_form(attempt); });
  }

  // The OIDC discovery GET, when the inner transport has one, retried the
  // same way: an IdP briefly down at start-up costs a pause, not a failure.
  Result<HttpResponse> get(const HttpRequest& request)
    requires HttpGetTransport<Transport>
  {
    return send(request, [this](const HttpRequest& attempt) { return inner_.get(attempt); });
  }

  // Retries are reported here; the inner transport gets the same observer
  // when it accepts one. nullptr reports nothing.
  void set_observer(Observer* observer) noexcept {
    observer_ = observer;
    if constexpr (Observable<Transport>) inner_.set_observer(observer);
  }

  Transport& inner() noexcept { return inner_; }
  const Transport& inner() const noexcept { return inner_; }
  Policy& policy() noexcept { return policy_; }
  const Policy& policy() const noexcept { return policy_; }

 private:
  template <class Send>
  Result<HttpResponse> send(const HttpRequest& request, const Send& send_once) {
    const SteadyTime deadline = clock_.now() + request.timeout;
    Result<HttpResponse> outcome = send_once(request);
    std::optional<detail::WipedRequestCopy> retry;  // made at the first retry only
    for (int attempt = 1;; ++attempt) {
      if (outcome && outcome->status >= 200 && outcome->status <= 299) return outcome;
      const RetryDecision decision = policy_.decide(Attempt{attempt, outcome, clock_.wall_now()});
      if (!decision.retry) return given_up(std::move(outcome), attempt, false);
      if (decision.delay >= deadline - clock_.now()) return given_up(std::move(outcome), attempt, true);
      report(attempt, decision, outcome);
      sleeper_.sleep_for(decision.delay);
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock_.now());
      if (left <= std::chrono::milliseconds::zero()) return given_up(std::move(outcome), attempt, true);
      if (!retry) retry.emplace(request);
      retry->request.timeout = left;
      outcome = send_once(retry->request);
    }
  }

  // The last outcome, a Failure's message saying how many attempts it took.
  static Result<HttpResponse> given_up(Result<HttpResponse> outcome, int attempts, bool out_of_time) {
    if (outcome || attempts == 1) return outcome;
    Failure failure = std::move(outcome).failure();
    failure.message += " (after " + std::to_string(attempts) + " attempts" +
                       (out_of_time ? "; the timeout left no time for another)" : ")");
    return failure;
  }

  void report(int attempt, const RetryDecision& decision, const Result<HttpResponse>& outcome) const {
    if (observer_ == nullptr) return;
    RetryScheduled event;
    event.attempt = attempt;
    event.delay = decision.delay;
    event.cause = cause_of(outcome);
    event.status = outcome ? outcome->status : 0;
    event.from_retry_after = decision.from_retry_after;
    observer_->retry_scheduled(event);
  }

  Transport inner_;
  Policy policy_;
  TimeSource clock_;
  Sleep sleeper_;
  Observer* observer_ = nullptr;
};

static_assert(HttpTransport<RetryingTransport<detail::ArchetypeTransport>>);
static_assert(Observable<RetryingTransport<detail::ArchetypeTransport>>);

}  // namespace oauth2cc
