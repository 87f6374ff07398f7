#pragma once

// The fault matrix's shared parts: the credentials and the canary every case
// uses, the sink that keeps every text a failure produced, the Observer that
// feeds it, a client on the real stack, and FAULT_CASE.
//
// How "nothing leaked" is proven, whatever order (or selection) doctest runs
// the cases in: each case checks the texts it produced itself, and the
// aggregate case in no_leaks.cpp reruns every registered case in its own
// process, then checks the whole sink, including that every case added to it.
// So the aggregate never depends on other test cases having run before it
// (CTest runs each case in a process of its own).

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/http/form_encode.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <chrono>            // milliseconds
#include <cstddef>           // size_t
#include <initializer_list>  // initializer_list
#include <memory>            // shared_ptr, make_shared
#include <mutex>             // mutex, lock_guard
#include <string>            // string
#include <string_view>       // string_view
#include <system_error>      // error_code
#include <utility>           // move
#include <vector>            // vector

namespace oauth2cc_test::faults {

inline const std::string client_id = "fault-matrix-client";
// Form-encoding changes '/', '+' and '=', so the secret has two spellings to look for.
inline const std::string client_secret = "s3cret/Fault+Matrix=42";
// In the body of every misbehaving response, where no message should quote it.
inline const std::string canary = "CANARY-b7e1c0de";
// Every token the servers hand out starts with this, so one search finds them all.
inline const std::string token_prefix = "TKN9f3a";
// The one token that cannot carry the prefix: a JSON number.
inline const std::string numeric_token = "91827364512";

// Short, so a hanging server costs half a second; long enough for a TLS
// handshake on a busy machine.
inline constexpr std::chrono::milliseconds fault_timeout{500};

inline std::string served_token(std::string_view name) { return token_prefix + "-" + std::string(name); }

// What must appear in no message and no event.
inline std::vector<std::string> forbidden_strings() {
  const std::string basic = oauth2cc::detail::base64_encode(oauth2cc::detail::form_encode(client_id) + ":" +
                                                            oauth2cc::detail::form_encode(client_secret));
  return {client_secret, oauth2cc::detail::form_encode(client_secret), basic, canary, token_prefix, numeric_token};
}

// Every text the failures produced: messages, exception texts, observer events.
class LeakSink {
 public:
  void capture(std::string_view where, std::string text) {
    const std::lock_guard lock(mutex_);
    texts_.push_back(std::string(where) + ": " + std::move(text));
  }

  std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return texts_.size();
  }

  // Each captured text (from index `from` on) that holds a forbidden string.
  std::vector<std::string> leaks(std::size_t from = 0) const {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> found;
    for (std::size_t i = from; i < texts_.size(); ++i) {
      for (const std::string& forbidden : forbidden_) {
        if (texts_[i].find(forbidden) != std::string::npos) found.push_back(texts_[i]);
      }
    }
    return found;
  }

 private:
  mutable std::mutex mutex_;
  const std::vector<std::string> forbidden_ = forbidden_strings();
  std::vector<std::string> texts_;
};

inline LeakSink& sink() {
  static LeakSink instance;
  return instance;
}

// Records every event into the sink, and what the cases assert on.
class Recorder final : public oauth2cc::Observer {
 public:
  struct Retry {
    int attempt;
    std::chrono::milliseconds delay;
    int status;
    bool from_retry_after;
  };

  void token_fetched(const oauth2cc::TokenFetched&) noexcept override {
    const std::lock_guard lock(mutex_);
    ++fetched_;
  }
  void refresh_failed(const oauth2cc::RefreshFailed& event) noexcept override {
    sink().capture("refresh_failed", event.code.message() + ": " + std::string(event.message));
    const std::lock_guard lock(mutex_);
    ++failed_;
  }
  void retry_scheduled(const oauth2cc::RetryScheduled& event) noexcept override {
    sink().capture("retry_scheduled", event.cause.message());
    const std::lock_guard lock(mutex_);
    retries_.push_back({event.attempt, event.delay, event.status, event.from_retry_after});
  }
  void insecure_transport(const oauth2cc::InsecureTransport& event) noexcept override {
    sink().capture("insecure_transport", std::string(event.reason) + " " + std::string(event.origin));
    const std::lock_guard lock(mutex_);
    insecure_.emplace_back(event.reason);
  }

  int fetched() const {
    const std::lock_guard lock(mutex_);
    return fetched_;
  }
  int failed() const {
    const std::lock_guard lock(mutex_);
    return failed_;
  }
  std::vector<Retry> retries() const {
    const std::lock_guard lock(mutex_);
    return retries_;
  }
  std::vector<std::string> insecure() const {
    const std::lock_guard lock(mutex_);
    return insecure_;
  }

 private:
  mutable std::mutex mutex_;
  int fetched_ = 0;
  int failed_ = 0;
  std::vector<Retry> retries_;
  std::vector<std::string> insecure_;
};

// The real stack: ClientCredentials, ExpiryBuffer and an HTTP transport on
// real sockets, with a Recorder attached to whatever can take it.
template <oauth2cc::HttpTransport Transport = oauth2cc::HttplibTransport>
class FaultClient {
 public:
  using Auth = oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::ExpiryBuffer, Transport>;
  static constexpr bool authenticator_observes =
      requires(Auth& auth, std::shared_ptr<oauth2cc::Observer> observer) { auth.set_observer(observer); };

  explicit FaultClient(const std::string& token_url, Transport transport = Transport{},
                       oauth2cc::AuthMethod method = oauth2cc::AuthMethod::client_secret_basic,
                       std::chrono::milliseconds timeout = fault_timeout)
      : plain_http_(token_url.rfind("http://", 0) == 0),
        auth_(source(token_url, method, timeout), oauth2cc::ExpiryBuffer{}, std::move(transport)) {
    // Through the Authenticator, which hands it on to its transport; straight
    // to the transport for an Authenticator that takes no observer.
    if constexpr (authenticator_observes) {
      auth_.set_observer(recorder_);
    } else if constexpr (oauth2cc::Observable<Transport>) {
      auth_.transport().set_observer(recorder_.get());
    }
  }

  // A failed try_header() with `expected` (or one of `alternatives`, for a
  // fault whose outcome depends on a race the client cannot see); its
  // message goes to the sink and is returned.
  std::string fails_with(oauth2cc::errc expected, std::initializer_list<oauth2cc::errc> alternatives = {}) {
    const int failed_before = recorder_->failed();
    const auto result = auth_.try_header();
    sink().capture("try_header", result.message());
    INFO("message: ", result.message());
    CHECK(one_of(result.error(), expected, alternatives));
    CHECK(!result.message().empty());
    if constexpr (authenticator_observes) CHECK(recorder_->failed() == failed_before + 1);  // its text is in the sink too
    return result.message();
  }

  // The throwing API fails the same way; the exception's text goes to the
  // sink and is returned. Sends another request: only for faults that persist.
  std::string throws(oauth2cc::errc expected, std::initializer_list<oauth2cc::errc> alternatives = {}) {
    const int failed_before = recorder_->failed();
    try {
      (void)auth_.header();
      FAIL("header() returned instead of throwing ", oauth2cc::to_string(expected));
    } catch (const oauth2cc::Error& error) {
      sink().capture("header() threw", error.what());
      INFO("what(): ", std::string(error.what()));
      CHECK(one_of(error.code(), expected, alternatives));
      if constexpr (authenticator_observes) CHECK(recorder_->failed() == failed_before + 1);
      return error.what();
    }
    return {};
  }

  // Both APIs fail with `expected` (or one of `alternatives`); their texts.
  std::vector<std::string> keeps_failing_with(oauth2cc::errc expected,
                                              std::initializer_list<oauth2cc::errc> alternatives = {}) {
    std::vector<std::string> texts;
    texts.push_back(fails_with(expected, alternatives));
    texts.push_back(throws(expected, alternatives));
    return texts;
  }

  // try_header() succeeds with `token`, the one token this client fetched;
  // plain http was reported exactly once however many requests it took.
  void recovers_with(const std::string& token) {
    const auto result = auth_.try_header();
    if (!result) sink().capture("try_header", result.message());
    INFO("message: ", result.message());
    REQUIRE(result);
    CHECK(*result == "Bearer " + token);
    if constexpr (authenticator_observes) CHECK(recorder_->fetched() == 1);
    if constexpr (authenticator_observes || oauth2cc::Observable<Transport>) {
      const std::vector<std::string> insecure = recorder_->insecure();
      CHECK(insecure.size() == (plain_http_ ? 1u : 0u));
      if (plain_http_ && !insecure.empty()) CHECK(insecure.front() == "plain http");
    }
  }

  Auth& auth() noexcept { return auth_; }
  const Recorder& recorder() const noexcept { return *recorder_; }

 private:
  static bool one_of(std::error_code code, oauth2cc::errc expected, std::initializer_list<oauth2cc::errc> alternatives) {
    if (code == expected) return true;
    for (const oauth2cc::errc alternative : alternatives) {
      if (code == alternative) return true;
    }
    return false;
  }

  static oauth2cc::ClientCredentials source(const std::string& token_url, oauth2cc::AuthMethod method,
                                            std::chrono::milliseconds timeout) {
    oauth2cc::ClientCredentials credentials(token_url, client_id, client_secret);
    credentials.auth_method(method).timeout(timeout);
    return credentials;
  }

  bool plain_http_;
  std::shared_ptr<Recorder> recorder_ = std::make_shared<Recorder>();
  Auth auth_;
};

// The registry the aggregate no-leak case reruns.
struct RegisteredFault {
  const char* name;
  void (*run)();
};

inline std::vector<RegisteredFault>& registry() {
  static std::vector<RegisteredFault> faults;
  return faults;
}

inline bool register_fault(const char* name, void (*run)()) {
  registry().push_back({name, run});
  return true;
}

// Runs one case: it must add at least one text to the sink (a case that
// captures nothing would make the no-leak check vacuous), and none may leak.
inline void run_fault(const char* name, void (*run)()) {
  INFO("fault case: ", std::string(name));
  const std::size_t from = sink().size();
  run();
  CHECK(sink().size() > from);
  for (const std::string& leak : sink().leaks(from)) FAIL_CHECK("leaked: ", leak);
}

}  // namespace oauth2cc_test::faults

// FAULT_CASE("name: outcome") { body } is a doctest case, and registered for
// the aggregate no-leak check. No SUBCASE inside: the aggregate calls the body
// as a plain function.
#define OAUTH2CC_FAULT_CAT_(a, b) a##b
#define OAUTH2CC_FAULT_CAT(a, b) OAUTH2CC_FAULT_CAT_(a, b)
#define OAUTH2CC_FAULT_CASE_(function, flag, name)                                                         \
  static void function();                                                                                 \
  [[maybe_unused]] static const bool flag = oauth2cc_test::faults::register_fault(name, function);       \
  TEST_CASE(name * doctest::timeout(30)) { oauth2cc_test::faults::run_fault(name, function); }            \
  static void function()
#define FAULT_CASE(name)                                                                                  \
  OAUTH2CC_FAULT_CASE_(OAUTH2CC_FAULT_CAT(oauth2cc_fault_case_, __LINE__),                                \
                       OAUTH2CC_FAULT_CAT(oauth2cc_fault_registered_, __LINE__), name)
