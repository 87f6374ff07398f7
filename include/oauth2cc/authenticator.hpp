#pragma once

#include <algorithm>           // min, max
#include <atomic>              // atomic
#include <chrono>              // seconds, hours
#include <condition_variable>  // condition_variable, condition_variable_any
#include <cstdint>             // int64_t, uint32_t, uint64_t
#include <limits>              // numeric_limits
#include <memory>              // shared_ptr, make_shared
#include <mutex>               // mutex, unique_lock
#include <optional>            // optional
#include <stop_token>          // stop_token
#include <string>              // string
#include <string_view>         // string_view
#include <thread>              // jthread
#include <utility>             // move

#include <oauth2cc/authenticator_stats.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/detail/system/per_thread.hpp>
#include <oauth2cc/detail/system/thread_index.hpp>
#include <oauth2cc/detail/http/www_authenticate.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/fwd.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// How long a failed refresh waits before the next attempt while the cached
// token is still valid: this after the first failure, doubled after each
// further one up to max_refresh_retry_interval, and never more than half of
// the time the token has left. With no valid token, the same pauses (without
// the cap) once immediate_retries_without_token failures in a row have been
// retried at once: callers meanwhile get the last failure without a request.
inline constexpr std::chrono::seconds refresh_retry_interval{5};
inline constexpr std::chrono::seconds max_refresh_retry_interval{60};
inline constexpr int immediate_retries_without_token = 2;

// The least time between two tokens dropped by invalidate(), unless told
// otherwise: a backend that rejects every token gets one refetch per interval,
// not one per request.
inline constexpr std::chrono::seconds default_min_invalidate_interval{5};

// Hands an exporter a current "Authorization" header value. Combines a
// TokenSource (where tokens come from), a CachePolicy (when to refresh), an
// HttpTransport (how requests are sent) and a Clock.
//
// Thread-safe. The cached path takes no lock, allocates nothing and writes
// nothing other threads read: each thread keeps its own reference to the
// current token and checks it against an atomic generation number and an
// atomic deadline. When several callers need a new token at once, one of them
// sends the request and the others wait for its result: the IdP sees exactly
// one request. While a refresh is under way, callers keep getting the old
// token as long as it is still valid. No lock is held during I/O.
//
// With start_background_refresh(), a thread of the Authenticator's own does
// the refreshing, and callers wait only when there is no valid token at all.
//
// The default Transport is declared here and defined in
// <oauth2cc/transport/httplib.hpp>; include that header to use it.
template <class Source, CachePolicy Cache = RefreshAhead, HttpTransport Transport = HttplibTransport,
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
  ~Authenticator() { stop_background_refresh(); }

  // "Bearer <token>", ready for the Authorization header. Throws oauth2cc::Error.
  //
  // The reference stays valid until this thread has seen two newer tokens
  // through header()/try_header() of this Authenticator, or until the
  // Authenticator is destroyed; copy it to keep it longer.
  const std::string& header() {
    if (const View* view = fresh_view()) [[likely]] return view->entry->header;
    return *header_slow().value();
  }

  // The same as a Result: no exceptions, no allocation while a token is cached.
  // The view follows header()'s lifetime rule.
  Result<std::string_view> try_header() noexcept {
    if (const View* view = fresh_view()) [[likely]] return std::string_view(view->entry->header);
    Result<const std::string*> header = header_slow();
    if (!header) return std::move(header).failure();
    return std::string_view(**header);
  }

  // The current token (a copy). Throws oauth2cc::Error.
  Token token() { return try_token().value(); }

  Result<Token> try_token() noexcept {
    try {
      Flight outcome = obtain();
      if (outcome.failure) return std::move(*outcome.failure);
      return outcome.entry->token;
    } catch (...) {  // only allocation can throw here: sources report through Result
      return out_of_memory();
    }
  }

  // For an exporter whose request got HTTP 401: the next call fetches anew,
  // unless a token was dropped less than the minimum invalidate interval
  // (set_min_invalidate_interval()) ago.
  void invalidate() noexcept { invalidate_if([](const Entry&) { return true; }); }

  // Drops the token only if `rejected` is still the current one, so many
  // callers rejected with the same token cause one new request, not many.
  void invalidate(std::string_view rejected) noexcept {
    invalidate_if([rejected](const Entry& entry) { return entry.token.value == rejected; });
  }

  // For an exporter to pass on what the backend answered to a request that
  // carried `sent_header` (the value header() gave). A 401, or a Bearer
  // challenge with error="invalid_token" in `www_authenticate`, means the
  // token was rejected: it is dropped if it is still the current one (many
  // threads rejected with one token cause one refetch). Anything else, 403
  // insufficient_scope included, is not the token's fault and changes nothing.
  //
  // Returns true when sending the request again with a new header() makes
  // sense: the rejected token is no longer current. False when the answer was
  // no rejection, or the minimum invalidate interval kept the token.
  bool report_response(std::string_view sent_header, int status, std::string_view www_authenticate = {}) noexcept {
    const bool rejected = status == 401 || detail::bearer_error(www_authenticate) == "invalid_token";
    if (!rejected) return false;
    const std::size_t space = sent_header.find(' ');
    const std::string_view token = space == std::string_view::npos ? sent_header : sent_header.substr(space + 1);
    invalidate(token);
    const std::lock_guard lock(mutex_);
    return !current_ || current_->token.value != token;
  }

  // Configuration; set before the Authenticator is shared between threads.
  //
  // At most one token is dropped by invalidate() per `interval` (default 5 s);
  // zero turns the limit off.
  void set_min_invalidate_interval(std::chrono::steady_clock::duration interval) noexcept {
    min_invalidate_interval_ = interval;
  }
  // Receives fetches, failures, invalidations and, through the transport if it
  // is Observable, retries and insecure connections; and through the source
  // if it is Observable (FileCached), cache files ignored. The Authenticator
  // owns it and hands those parts a plain Observer*.
  void set_observer(std::shared_ptr<Observer> observer) noexcept {
    observer_ = std::move(observer);
    if constexpr (Observable<Transport>) transport_.set_observer(observer_.get());
    if constexpr (Observable<Source>) source_.set_observer(observer_.get());
  }

  // Starts a thread that fetches the first token at once and each next one
  // when the CachePolicy says, so callers never wait for a refresh while the
  // token they hold is valid. Failed refreshes are retried while the token
  // lasts. Stopped by stop_background_refresh() or the destructor.
  void start_background_refresh() {
    {
      const std::lock_guard lock(mutex_);
      if (refresher_.joinable()) return;
      background_ = true;
      if (current_) publish_deadline(deadline_for(*current_));
    }
    refresher_ = std::jthread([this](const std::stop_token& stop) { run_refresher(stop); });
  }

  // Stops the background thread, after the request it may be sending. Callers
  // refresh the token themselves again.
  void stop_background_refresh() noexcept {
    if (!refresher_.joinable()) return;
    refresher_.request_stop();
    wake_.notify_all();
    refresher_.join();
    const std::lock_guard lock(mutex_);
    background_ = false;
    if (current_) publish_deadline(deadline_for(*current_));
  }

  // Asks the background thread to look at the clock again now: for tests
  // that move a ManualClock, which cannot wake a sleeping thread itself.
  void wake_background_refresh() noexcept {
    {
      const std::lock_guard lock(mutex_);
      wake_requested_ = true;
    }
    wake_.notify_all();
  }

  AuthenticatorStats stats() const noexcept {
    const std::lock_guard lock(mutex_);
    return stats_;
  }

  Source& source() noexcept { return source_; }
  Transport& transport() noexcept { return transport_; }
  const TimeSource& clock() const noexcept { return clock_; }

 private:
  using Duration = std::chrono::steady_clock::duration;

  struct Entry {
    Token token;
    std::string header;
    SteadyTime refresh_at;
    std::uint64_t generation = 0;

    Entry() = default;
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;
    ~Entry() {  // the token is not left behind in freed memory
      secure_wipe(token.value);
      secure_wipe(header);
    }
  };
  using EntryPtr = std::shared_ptr<const Entry>;

  // One thread's reference to the token it was last given. `previous` keeps
  // the one before alive, so a reference from the last call survives one
  // rotation (header() twice in one expression).
  struct View {
    std::uint64_t generation = 0;
    EntryPtr entry;
    EntryPtr previous;
  };

  // The outcome of one token request, shared by every caller that waited for it.
  struct Flight {
    EntryPtr entry;
    std::optional<Failure> failure;
  };

  static constexpr std::int64_t no_deadline = std::numeric_limits<std::int64_t>::min();

  template <class Matches>
  void invalidate_if(Matches matches) noexcept {
    Invalidated event;
    {
      const std::lock_guard lock(mutex_);
      if (!current_ || !matches(*current_)) return;
      const SteadyTime now = clock_.now();
      event.rate_limited = last_drop_ != SteadyTime{} && now - last_drop_ < min_invalidate_interval_;
      if (!event.rate_limited) {
        last_drop_ = now;
        drop_current();
        event.dropped = true;
      }
    }
    if (event.dropped) wake_.notify_all();
    if (observer_) observer_->invalidated(event);
  }

  static Failure out_of_memory() {
    return Failure{make_error_code(errc::source_failed), "out of memory while obtaining a token"};
  }

  // The hot path: two atomic loads, one clock reading, no writes.
  const View* fresh_view() const noexcept {
    const View* view = views_.find(detail::this_thread_index());
    if (view == nullptr) return nullptr;
    // Deadline before generation: a new deadline is published after its
    // generation, so seeing the new deadline means seeing the new generation.
    const std::int64_t deadline = deadline_.load(std::memory_order_acquire);
    if (view->generation != generation_.load(std::memory_order_acquire)) return nullptr;
    if (hot_now().time_since_epoch().count() >= deadline) return nullptr;
    return view;
  }

  // The clock's cheap reading if it has one (never earlier than now()).
  SteadyTime hot_now() const noexcept {
    if constexpr (HasCoarseNow<TimeSource>) {
      return clock_.coarse_now();
    } else {
      return clock_.now();
    }
  }

  Result<const std::string*> header_slow() noexcept {
    try {
      const std::uint32_t thread = detail::this_thread_index();
      if (thread == detail::exiting_thread) {
        return Failure{make_error_code(errc::source_failed),
                       "header() was called from a thread_local destructor after oauth2cc's per-thread state "
                       "was destroyed; call token() there instead"};
      }
      View& view = views_.get(thread);
      Flight outcome = obtain();
      if (outcome.failure) return std::move(*outcome.failure);
      if (view.entry != outcome.entry) {
        view.previous = std::move(view.entry);
        view.entry = std::move(outcome.entry);
      }
      view.generation = view.entry->generation;
      return &view.entry->header;
    } catch (...) {
      return out_of_memory();
    }
  }

  // Serve the current token while it is fresh; otherwise share a flight in
  // progress or lead a new one.
  Flight obtain() {
    std::unique_lock lock(mutex_);
    // The hot path's reading, so what it found due is found due here too.
    const SteadyTime now = hot_now();
    if (current_ && now < serve_until_) return {current_, std::nullopt};
    if (fetching_) {
      if (current_ && now < current_->token.expires_at) return {current_, std::nullopt};
      return wait_for_flight(lock);
    }
    // No valid token, and the last fetch failed a moment ago: that failure
    // again, without asking an IdP that is down or refusing.
    if (now < failed_until_ && last_failure_) return {nullptr, last_failure_};
    return lead_flight(lock);
  }

  Flight wait_for_flight(std::unique_lock<std::mutex>& lock) {
    const std::uint64_t flight = flight_number_;
    ++stats_.shared_results;
    ++stats_.waiting;
    landed_.wait(lock, [&] { return flight_number_ != flight; });
    --stats_.waiting;
    return last_flight_;
  }

  // Sends the request with the lock released; only one caller at a time is here.
  Flight lead_flight(std::unique_lock<std::mutex>& lock) {
    fetching_ = true;
    ++stats_.fetches;
    // Callers holding a still-valid token keep using it, lock-free, meanwhile.
    if (current_ && clock_.now() < current_->token.expires_at) publish_deadline(current_->token.expires_at);
    lock.unlock();

    const SteadyTime started = clock_.now();
    Flight outcome = fetch();
    const SteadyTime finished = clock_.now();

    lock.lock();
    std::optional<Failure> failure;  // for the observer, as the fetch reported it
    if (outcome.entry) {
      install(outcome.entry);
    } else {
      ++stats_.failures;
      if (observer_) failure = outcome.failure;
      // Serve-while-valid: a failed refresh leaves a still-valid token in use,
      // and the next attempt waits a while, so an IdP outage is not met
      // with one request per call.
      if (current_ && finished < current_->token.expires_at) {
        outcome = {current_, std::nullopt};
        retry_at_ = finished + std::min<Duration>(retry_interval(++failed_refreshes_),
                                                  (current_->token.expires_at - finished) / 2);
        publish_deadline(background_ ? current_->token.expires_at : retry_at_);
      } else {
        // No valid token either: after a couple of immediate retries (a
        // start that raced its network, a secret just fixed), the same
        // growing pauses, so a fleet whose tokens ran out during an outage
        // does not ask on every call.
        const int paused = ++failed_refreshes_ - immediate_retries_without_token;
        failed_until_ = paused > 0 ? finished + retry_interval(paused) : SteadyTime{};
        last_failure_ = outcome.failure;
      }
    }
    last_flight_ = outcome;
    fetching_ = false;
    ++flight_number_;
    const SteadyTime next_attempt = outcome.entry ? retry_at_ : std::max(failed_until_, finished);
    lock.unlock();
    landed_.notify_all();
    if (observer_) {
      if (failure) {
        observer_->refresh_failed({failure->code, failure->message, outcome.entry != nullptr, next_attempt});
      } else if (outcome.entry) {
        observer_->token_fetched({finished - started, outcome.entry->token.expires_at, outcome.entry->refresh_at});
      }
    }
    lock.lock();
    return outcome;
  }

  Flight fetch() noexcept {
    try {
      const Instant at{clock_.now(), clock_.wall_now()};
      Result<Token> token = source_.fetch(transport_, at);
      if (!token) return {nullptr, std::move(token).failure()};
      auto entry = std::make_shared<Entry>();
      entry->header = token->type + " " + token->value;
      entry->refresh_at = std::min(planned_refresh(*token), token->expires_at);
      entry->token = std::move(*token);
      return {std::move(entry), std::nullopt};
    } catch (...) {
      // The message of a user's exception may hold anything; it is not kept.
      return {nullptr, Failure{make_error_code(errc::source_failed),
                               "the token source or transport threw an exception; it must return a Failure instead"}};
    }
  }

  // When the cache wants the token refreshed. The first token, if the policy
  // offers first_refresh_at() (RefreshAhead does), gets its wider spread, so
  // a fleet started at once does not refresh in step. Only the one caller
  // leading a flight is here.
  SteadyTime planned_refresh(const Token& token) {
    if constexpr (HasFirstRefresh<Cache>) {
      if (!had_token_) {
        had_token_ = true;
        return cache_.first_refresh_at(token);
      }
    }
    return cache_.refresh_at(token);
  }

  // 5 s, 10 s, 20 s, ... up to the maximum: an IdP that stays down is asked
  // less and less often.
  static Duration retry_interval(int failures) noexcept {
    const int doublings = std::clamp(failures - 1, 0, 8);
    return std::min<Duration>(refresh_retry_interval * (1 << doublings), max_refresh_retry_interval);
  }

  // Makes `entry` current. Lock held.
  void install(EntryPtr& entry) {
    auto fresh = std::const_pointer_cast<Entry>(entry);
    fresh->generation = ++last_generation_;
    current_ = entry;
    retry_at_ = SteadyTime{};
    failed_until_ = SteadyTime{};
    last_failure_.reset();
    failed_refreshes_ = 0;
    generation_.store(fresh->generation, std::memory_order_release);
    publish_deadline(deadline_for(*fresh));
  }

  void drop_current() noexcept {
    current_.reset();
    generation_.store(++last_generation_, std::memory_order_release);
    publish_deadline(SteadyTime::min());
  }

  // Until when the current token is served without a lock. With a background
  // thread refreshing, that is its expiry; otherwise its refresh time, when
  // the first caller after it goes to fetch.
  SteadyTime deadline_for(const Entry& entry) const noexcept {
    if (background_) return entry.token.expires_at;
    if (retry_at_ != SteadyTime{}) return std::min(retry_at_, entry.token.expires_at);
    return entry.refresh_at;
  }

  void publish_deadline(SteadyTime until) noexcept {
    serve_until_ = until;
    deadline_.store(until == SteadyTime::min() ? no_deadline : until.time_since_epoch().count(),
                    std::memory_order_release);
  }

  // The background thread: refresh when due, sleep until the next time
  // something is due, a wake-up, or stop.
  void run_refresher(const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      const SteadyTime now = clock_.now();
      SteadyTime next{};
      if (fetching_) {
        (void)wait_for_flight(lock);
        continue;
      }
      if (current_ && now < current_->refresh_at) {
        next = current_->refresh_at;
      } else if (now < retry_at_) {
        next = retry_at_;
      } else {
        try {
          (void)lead_flight(lock);
        } catch (...) {  // out of memory: try again after the retry interval
        }
        const SteadyTime after = clock_.now();
        next = current_ && after < current_->refresh_at ? current_->refresh_at
                                                         : std::max({retry_at_, failed_until_, after + refresh_retry_interval});
        if (!current_ || after >= current_->token.expires_at) retry_at_ = next;
      }
      const Duration sleep = std::max(Duration::zero(), next - clock_.now());
      wake_.wait_for(lock, stop, sleep, [&] { return std::exchange(wake_requested_, false); });
    }
  }

  Source source_;
  Cache cache_;
  Transport transport_;
  TimeSource clock_;

  // Read on every call, written only when the token changes.
  alignas(64) std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::int64_t> deadline_{no_deadline};
  mutable detail::PerThread<View> views_;

  mutable std::mutex mutex_;
  std::condition_variable landed_;
  std::condition_variable_any wake_;
  EntryPtr current_;
  std::shared_ptr<Observer> observer_;
  std::chrono::steady_clock::duration min_invalidate_interval_ = default_min_invalidate_interval;
  SteadyTime last_drop_{};  // when invalidate() last dropped a token
  SteadyTime serve_until_ = SteadyTime::min();
  SteadyTime retry_at_{};  // after a failed refresh, no new attempt before this
  int failed_refreshes_ = 0;  // in a row, while a valid token is served or none is held
  SteadyTime failed_until_{};  // no valid token and a failed fetch: no new one before this
  std::optional<Failure> last_failure_;  // what callers get until failed_until_
  bool had_token_ = false;    // a token was fetched before (planned_refresh)
  std::uint64_t last_generation_ = 0;
  bool fetching_ = false;
  bool background_ = false;
  bool wake_requested_ = false;
  std::uint64_t flight_number_ = 0;
  Flight last_flight_;
  AuthenticatorStats stats_;
  std::jthread refresher_;  // last: stopped before anything it uses is destroyed
};

}  // namespace oauth2cc
