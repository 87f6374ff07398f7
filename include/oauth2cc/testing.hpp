#pragma once

// Test doubles for users' own unit tests: a transport that answers from a
// script and records what was sent, and a clock that moves only when told.
// No sockets, no sleeps, no threads of their own.

#include <atomic>              // atomic
#include <chrono>              // duration, hours
#include <condition_variable>  // condition_variable
#include <cstddef>             // size_t
#include <deque>               // deque
#include <functional>          // function
#include <memory>              // shared_ptr, make_shared
#include <mutex>               // mutex, lock_guard, unique_lock
#include <optional>            // optional
#include <string>              // string, to_string
#include <string_view>         // string_view
#include <utility>             // move, pair
#include <vector>              // vector

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/http/form_encode.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc {

// A clock for tests. Copies share one time line, so a test can keep a copy
// and advance the one inside an Authenticator. Thread-safe.
class ManualClock {
 public:
  ManualClock() : state_(std::make_shared<State>()) {}

  SteadyTime now() const noexcept { return SteadyTime(std::chrono::nanoseconds(state_->steady_ns.load())); }
  WallTime wall_now() const noexcept {
    return WallTime(std::chrono::duration_cast<WallTime::duration>(std::chrono::nanoseconds(state_->wall_ns.load())));
  }

  // Moves both clocks forward together, as real time does.
  template <class Rep, class Period>
  void advance(std::chrono::duration<Rep, Period> by) const noexcept {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(by).count();
    state_->steady_ns += ns;
    state_->wall_ns += ns;
  }

  // Sets the wall clock alone, as an NTP step or an operator would.
  void set_wall(WallTime to) const noexcept {
    state_->wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(to.time_since_epoch()).count();
  }

 private:
  struct State {
    // Arbitrary but fixed starting points keep tests deterministic.
    std::atomic<long long> steady_ns{std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::hours(1000)).count()};
    std::atomic<long long> wall_ns{1'767'225'600LL * 1'000'000'000LL};  // 2026-01-01T00:00:00Z
  };
  std::shared_ptr<State> state_;
};

// One request as MockTransport received it.
struct RecordedRequest {
  HttpRequest request;
  std::string method = "POST";  // "GET" for get() (OIDC discovery)

  // The decoded form fields of the body, in order.
  detail::FormFields form() const { return detail::decode_form(request.body); }

  // The first value of a form field; nullopt if absent.
  std::optional<std::string> form_value(std::string_view name) const {
    for (auto& [key, value] : form()) {
      if (key == name) return value;
    }
    return std::nullopt;
  }

  std::string_view header(std::string_view name) const { return find_header(request.headers, name); }

  // The client id and secret of an HTTP Basic Authorization header, decoded
  // as RFC 6749 §2.3.1 prescribes; nullopt without a well-formed one.
  std::optional<std::pair<std::string, std::string>> basic_credentials() const {
    const std::string_view value = header("Authorization");
    if (!value.starts_with("Basic ")) return std::nullopt;
    const auto decoded = detail::base64_decode(value.substr(6));
    if (!decoded) return std::nullopt;
    const std::size_t colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    return std::pair{detail::form_decode(decoded->substr(0, colon)), detail::form_decode(decoded->substr(colon + 1))};
  }
};

// An HttpTransport that answers from a script and records every request.
// Copies share one script and one record, so a test keeps a copy to script
// and inspect the one an Authenticator owns. Thread-safe.
class MockTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  MockTransport() : state_(std::make_shared<State>()) {}

  // Queues a response; responses are used in order, one per request.
  const MockTransport& respond(int status, std::string body, Headers headers = {}) const {
    if (headers.empty()) headers = {{"Content-Type", "application/json"}};
    return push(HttpResponse{status, std::move(headers), std::move(body)});
  }

  // Queues a successful Bearer token response.
  const MockTransport& respond_token(std::string_view access_token, long long expires_in = 3600) const {
    return respond(200, R"({"access_token":")" + std::string(access_token) +
                            R"(","token_type":"Bearer","expires_in":)" + std::to_string(expires_in) + "}");
  }

  // Queues a transport failure (connection refused, timeout, ...).
  const MockTransport& fail(errc code, std::string message = "scripted failure") const {
    return push(Failure{make_error_code(code), std::move(message)});
  }

  // Answers every request the script does not cover.
  void on_request(Handler handler) const {
    const std::lock_guard lock(state_->mutex);
    state_->handler = std::make_shared<Handler>(std::move(handler));
  }

  // While held, requests block inside post_form() until release(): lets a
  // test line up concurrent callers behind one in-flight request.
  void hold() const {
    const std::lock_guard lock(state_->mutex);
    state_->held = true;
  }
  void release() const {
    {
      const std::lock_guard lock(state_->mutex);
      state_->held = false;
    }
    state_->released.notify_all();
  }
  // Requests blocked by hold() right now.
  std::size_t blocked() const {
    const std::lock_guard lock(state_->mutex);
    return state_->blocked;
  }

  std::vector<RecordedRequest> requests() const {
    const std::lock_guard lock(state_->mutex);
    return state_->requests;
  }
  std::size_t request_count() const {
    const std::lock_guard lock(state_->mutex);
    return state_->requests.size();
  }

  Result<HttpResponse> post_form(const HttpRequest& request) { return answer(request, "POST"); }

  // A GET (OIDC discovery) is answered from the same script and recorded
  // with method "GET", so a test sees discovery and token requests in order.
  Result<HttpResponse> get(const HttpRequest& request) { return answer(request, "GET"); }

 private:
  Result<HttpResponse> answer(const HttpRequest& request, const char* method) {
    std::unique_lock lock(state_->mutex);
    state_->requests.push_back(RecordedRequest{request, method});
    ++state_->blocked;
    state_->released.wait(lock, [this] { return !state_->held; });
    --state_->blocked;
    if (!state_->script.empty()) {
      Result<HttpResponse> next = std::move(state_->script.front());
      state_->script.pop_front();
      return next;
    }
    if (state_->handler) {
      const std::shared_ptr<Handler> handler = state_->handler;  // the same object each time: it may keep state
      lock.unlock();
      return (*handler)(request);
    }
    return Failure{make_error_code(errc::transport_failed),
                   "MockTransport: request " + std::to_string(state_->requests.size()) +
                       " has no scripted response; add respond() or on_request() to the test"};
  }

  const MockTransport& push(Result<HttpResponse> outcome) const {
    const std::lock_guard lock(state_->mutex);
    state_->script.push_back(std::move(outcome));
    return *this;
  }

  struct State {
    std::mutex mutex;
    std::condition_variable released;
    std::deque<Result<HttpResponse>> script;
    std::shared_ptr<Handler> handler;
    std::vector<RecordedRequest> requests;
    bool held = false;
    std::size_t blocked = 0;
  };
  std::shared_ptr<State> state_;
};

static_assert(HttpTransport<MockTransport>);
static_assert(HttpGetTransport<MockTransport>);
static_assert(Clock<ManualClock>);

}  // namespace oauth2cc
