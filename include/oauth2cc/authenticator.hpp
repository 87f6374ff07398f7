#pragma once

#include <algorithm>           // min
#include <chrono>              // seconds
#include <condition_variable>  // condition_variable
#include <cstdint>             // uint64_t
#include <memory>              // shared_ptr, make_shared
#include <mutex>               // mutex, unique_lock
#include <optional>            // optional
#include <string>              // string
#include <string_view>         // string_view
#include <utility>             // move

#include <oauth2cc/authenticator_stats.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/fwd.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// Hands an exporter a current "Authorization" header value. Combines a
// TokenSource (where tokens come from), a CachePolicy (when to refresh), an
// HttpTransport (how requests are sent) and a Clock.
//
// Thread-safe. When several callers need a new token at once, one of them
// sends the request and the others wait for its result: the IdP sees exactly
// one request. While a refresh is under way, callers keep getting the old
// token as long as it is still valid. No lock is held during I/O.
//
// The default Transport is declared here and defined in
// <oauth2cc/transport/httplib.hpp>; include that header to use it.
// How long a failed refresh waits before the next attempt while the cached
// token is still valid (capped at half of the time the token has left).
inline constexpr std::chrono::seconds refresh_retry_interval{5};

template <class Source, CachePolicy Cache = ExpiryBuffer, HttpTransport Transport = HttplibTransport,
          Clock TimeSource = SystemClock>
  requires TokenSource<Source, Transport>
class Authenticator {
 public:
  explicit Authenticator(Source source, Cache cache = Cache{}, Transport transport = Transport{},
                         TimeSource clock = TimeSource{})
      : source_(std::move(source)),
        cache_(std::move(cache)),
        transport_(std::move(transport)),
        clock_(std::move(clock)) {}

  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  // "Bearer <token>", ready for the Authorization header. Throws oauth2cc::Error.
  std::string header() { return try_header().value(); }

  // The current token. Throws oauth2cc::Error.
  Token token() { return try_token().value(); }

  Result<std::string> try_header() noexcept { return current([](const Entry& e) { return e.header; }); }
  Result<Token> try_token() noexcept { return current([](const Entry& e) { return e.token; }); }

  // For an exporter whose request got HTTP 401: the next call fetches anew.
  void invalidate() noexcept {
    const std::lock_guard lock(mutex_);
    entry_.reset();
  }

  // Drops the token only if `rejected` is still the current one, so many
  // callers rejected with the same token cause one new request, not many.
  void invalidate(std::string_view rejected) noexcept {
    const std::lock_guard lock(mutex_);
    if (entry_ && entry_->token.value == rejected) entry_.reset();
  }

  AuthenticatorStats stats() const noexcept {
    const std::lock_guard lock(mutex_);
    return stats_;
  }

  Source& source() noexcept { return source_; }
  Transport& transport() noexcept { return transport_; }
  const TimeSource& clock() const noexcept { return clock_; }

 private:
  struct Entry {
    Token token;
    std::string header;
    SteadyTime refresh_at;
  };
  using EntryPtr = std::shared_ptr<const Entry>;

  // The outcome of one token request, shared by every caller that waited for it.
  struct Flight {
    EntryPtr entry;
    std::optional<Failure> failure;
  };

  template <class Project>
  auto current(Project project) noexcept -> Result<decltype(project(std::declval<const Entry&>()))> {
    try {
      Flight outcome = obtain();
      if (outcome.failure) return std::move(*outcome.failure);
      return project(*outcome.entry);
    } catch (...) {  // only allocation can throw here: sources report through Result
      return Failure{make_error_code(errc::source_failed), "out of memory while obtaining a token"};
    }
  }

  Flight obtain() {
    std::unique_lock lock(mutex_);
    const SteadyTime now = clock_.now();
    if (entry_ && (now < entry_->refresh_at || (now < retry_after_ && now < entry_->token.expires_at))) {
      return {entry_, std::nullopt};
    }
    if (fetching_) {
      // Another caller is fetching: a still-valid token is served meanwhile,
      // otherwise wait for that caller's result rather than send our own.
      if (entry_ && now < entry_->token.expires_at) return {entry_, std::nullopt};
      const std::uint64_t flight = flight_number_;
      ++stats_.shared_results;
      ++stats_.waiting;
      landed_.wait(lock, [&] { return flight_number_ != flight; });
      --stats_.waiting;
      return last_flight_;
    }
    fetching_ = true;
    ++stats_.fetches;
    lock.unlock();

    Flight outcome = fetch();

    lock.lock();
    if (outcome.entry) {
      entry_ = outcome.entry;
    } else {
      ++stats_.failures;
      // Serve-while-valid: a failed refresh leaves a still-valid token in use,
      // and the next attempt waits a while, so an IdP outage is not met
      // with one request per call.
      const SteadyTime failed_at = clock_.now();
      if (entry_ && failed_at < entry_->token.expires_at) {
        outcome = {entry_, std::nullopt};
        retry_after_ = failed_at + std::min<std::chrono::steady_clock::duration>(
                                       refresh_retry_interval, (entry_->token.expires_at - failed_at) / 2);
      }
    }
    last_flight_ = outcome;
    fetching_ = false;
    ++flight_number_;
    lock.unlock();
    landed_.notify_all();
    return outcome;
  }

  // Runs without the lock; only one caller at a time gets here.
  Flight fetch() noexcept {
    try {
      const Instant at{clock_.now(), clock_.wall_now()};
      Result<Token> token = source_.fetch(transport_, at);
      if (!token) return {nullptr, std::move(token).failure()};
      auto entry = std::make_shared<Entry>();
      entry->header = token->type + " " + token->value;
      entry->refresh_at = cache_.refresh_at(*token);
      entry->token = std::move(*token);
      return {std::move(entry), std::nullopt};
    } catch (...) {
      // The message of a user's exception may hold anything; it is not kept.
      return {nullptr, Failure{make_error_code(errc::source_failed),
                               "the token source or transport threw an exception; it must return a Failure instead"}};
    }
  }

  Source source_;
  Cache cache_;
  Transport transport_;
  TimeSource clock_;

  mutable std::mutex mutex_;
  std::condition_variable landed_;
  EntryPtr entry_;
  SteadyTime retry_after_{};  // after a failed refresh, no new attempt before this
  bool fetching_ = false;
  std::uint64_t flight_number_ = 0;
  Flight last_flight_;
  AuthenticatorStats stats_;
};

}  // namespace oauth2cc
